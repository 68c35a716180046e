import { errorFunction } from 'simple-statistics';

/**
 * Upper tail of the standard normal distribution, `P(Z > z)`. Uses simple-statistics'
 * `errorFunction` (Numerical Recipes' erfc fit, fractional error below 1.2e-7), which is ample
 * for p-values compared with a significance level of a few percent.
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return z >= 0
    ? 0.5 * (1 - errorFunction(z / Math.SQRT2))
    : 0.5 * (1 + errorFunction(-z / Math.SQRT2));
}

/** Lower tail of the standard normal distribution, `P(Z <= z)`. */
export function normalLowerTail(z: number): number {
  return normalUpperTail(-z);
}

// Acklam's rational approximation of the normal quantile (relative error below 1.15e-9).
// simple-statistics' `probit` is off in the third decimal (2.3214 for p = 0.99 instead of
// 2.3263), too coarse for confidence bounds.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Quantile of the standard normal distribution: the `z` with `P(Z <= z) = p`
 * (`normalQuantile(0.99)` ≈ 2.3263). Returns -Infinity for 0, Infinity for 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  const num = horner(A, r) * q;
  const den = horner(B, r) * r + 1;
  return num / den;
}

function tail(q: number): number {
  return horner(C, q) / (horner(D, q) * q + 1);
}

function horner(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}
