import { median, medianAbsoluteDeviation } from 'simple-statistics';

/**
 * The maths the detectors use, as pure functions over plain numbers, so tests can check them
 * table-driven and the PromQL generator can be read against them. The detectors inline the same
 * formulas on their ring buffers (no allocation per call).
 */

/** Mean and population standard deviation (PromQL `stddev_over_time` is the population form). */
export interface BaselineStats {
  /** Number of values. */
  readonly n: number;
  /** Centre: the mean (z-score) or the median (robust). */
  readonly center: number;
  /** Spread: population σ (z-score) or the MAD-based σ estimate (robust). */
  readonly sigma: number;
}

/** Mean and population σ of VALUES (σ = 0 for fewer than two values; NaN centre when empty). */
export function meanStats(values: ArrayLike<number>): BaselineStats {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  return { n, center: mean, sigma: n > 0 ? Math.sqrt(squares / n) : 0 };
}

/** Consistency constant: σ ≈ 1.4826 × MAD for normal data (1 / Φ⁻¹(0.75)). */
export const MAD_TO_SIGMA = 1.4826;
/** Consistency constant of the mean absolute deviation: σ ≈ 1.253314 × meanAD (√(π/2)). */
export const MEAN_AD_TO_SIGMA = 1.253314;

/**
 * Robust centre and spread: the median, and σ̂ = 1.4826 × MAD; when MAD is 0 (more than half the
 * values equal) it falls back to 1.253314 × mean |x − median| (Iglewicz and Hoaglin; the modified
 * z = 0.6745 (x − m) / MAD is then (x − m) / σ̂).
 */
export function robustStats(values: readonly number[]): BaselineStats {
  const n = values.length;
  if (n === 0) return { n, center: NaN, sigma: 0 };
  const m = median(values);
  const mad = medianAbsoluteDeviation(values);
  if (mad > 0) return { n, center: m, sigma: MAD_TO_SIGMA * mad };
  let absolute = 0;
  for (const value of values) absolute += Math.abs(value - m);
  return { n, center: m, sigma: (MEAN_AD_TO_SIGMA * absolute) / n };
}

/**
 * The σ used to divide: max(σ, floor, ratio × |centre|). The floor keeps a flat baseline (σ = 0)
 * from turning any deviation into +Inf (the anchor's σ = 0 case) or into a page.
 */
export function flooredSigma(sigma: number, center: number, floor: number, ratio: number): number {
  return Math.max(sigma, floor, ratio * Math.abs(center));
}

/** z = (x − centre) / σ_floored for a baseline that does not contain x. */
export function zScore(x: number, baseline: BaselineStats, floor: number, ratio: number): number {
  return (x - baseline.center) / flooredSigma(baseline.sigma, baseline.center, floor, ratio);
}

/**
 * Leave-one-out z of `values[index]`: scored against every other value, never itself. Including
 * the point (the anchor's bug) caps |z| at √(n − 1) whatever the deviation.
 */
export function leaveOneOutZ(
  values: readonly number[],
  index: number,
  floor: number,
  ratio: number,
): number {
  const rest = values.filter((_, i) => i !== index);
  return zScore(values[index] as number, meanStats(rest), floor, ratio);
}

/** Shannon entropy, in bits, of the distribution given by COUNTS (zeros ignored). */
export function shannonEntropy(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const p = (counts[i] as number) / total;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Jensen-Shannon divergence, in bits (so in [0, 1]), between the distributions given by two count
 * vectors of the same categories (each normalised by its own total).
 */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let pTotal = 0;
  let qTotal = 0;
  const k = Math.max(p.length, q.length);
  for (let i = 0; i < k; i++) {
    pTotal += p[i] ?? 0;
    qTotal += q[i] ?? 0;
  }
  if (!(pTotal > 0) || !(qTotal > 0)) return 0;
  let divergence = 0;
  for (let i = 0; i < k; i++) {
    const pi = (p[i] ?? 0) / pTotal;
    const qi = (q[i] ?? 0) / qTotal;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += pi * Math.log2(pi / mi);
    if (qi > 0) divergence += qi * Math.log2(qi / mi);
  }
  return Math.max(0, divergence / 2);
}

/**
 * Expected divergence of an N-call sample from its own source distribution over K categories:
 * (K − 1) / (8 N ln 2) bits, since 8 N ln2 · JSD ≈ χ²(K − 1) near the source. Subtracting it keeps
 * an agent with many tools from looking "shifted" just because its window is a small sample.
 */
export function jsdSamplingBias(categories: number, n: number): number {
  return categories > 1 && n > 0 ? (categories - 1) / (8 * n * Math.LN2) : 0;
}
