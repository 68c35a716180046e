import { normalQuantile } from './normal.js';

/** Hodges-Lehmann shift of canary X over baseline Y with its confidence interval. */
export interface HodgesLehmannResult {
  /** Median of the `nX·nY` pairwise differences `x − y`. NaN when a sample is empty. */
  readonly shift: number;
  /** Lower confidence bound; -Infinity when the samples are too small for the level. */
  readonly lower: number;
  /** Upper confidence bound; Infinity when the samples are too small for the level. */
  readonly upper: number;
  /** Two-sided confidence level of [lower, upper]. */
  readonly confidence: number;
}

/**
 * Hodges-Lehmann estimate of the location shift of canary X over baseline Y (the median of all
 * pairwise differences `x_i − y_j`) and its distribution-free confidence interval
 * `[D(k), D(nX·nY + 1 − k)]` over the ordered differences, with
 * `k = round(nX·nY/2 − z·√(nX·nY(nX+nY+1)/12))` and `z` the normal quantile of
 * `1 − (1 − confidence)/2` (Hollander & Wolfe's large-sample rule). When k < 1 the level cannot
 * be reached and the interval is unbounded.
 *
 * Exact at any size without materialising the differences: each order statistic is found by
 * bisecting on the value while counting the differences at or below it in O(nX + nY), so the
 * cost is O((nX + nY)·log) time and O(nX + nY) memory.
 *
 * @param confidence two-sided level of the interval @default 0.98
 */
export function hodgesLehmann(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  confidence = 0.98,
): HodgesLehmannResult {
  const xs = finiteSorted(x);
  const ys = finiteSorted(y);
  const m = xs.length;
  const n = ys.length;
  if (m === 0 || n === 0) {
    return { shift: Number.NaN, lower: -Infinity, upper: Infinity, confidence };
  }
  const pairs = m * n;
  const shift =
    pairs % 2 === 1
      ? kthDifference(xs, ys, (pairs + 1) / 2)
      : (kthDifference(xs, ys, pairs / 2) + kthDifference(xs, ys, pairs / 2 + 1)) / 2;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const k = Math.round(pairs / 2 - z * Math.sqrt((pairs * (m + n + 1)) / 12));
  if (k < 1) return { shift, lower: -Infinity, upper: Infinity, confidence };
  return {
    shift,
    lower: kthDifference(xs, ys, k),
    upper: kthDifference(xs, ys, pairs + 1 - k),
    confidence,
  };
}

/**
 * The k-th smallest (1-based) of the differences `xs[i] − ys[j]` of two ascending samples,
 * exactly as floating-point subtraction computes them.
 */
export function kthDifference(xs: Float64Array, ys: Float64Array, k: number): number {
  const m = xs.length;
  const n = ys.length;
  let lo = (xs[0] as number) - (ys[n - 1] as number);
  let hi = (xs[m - 1] as number) - (ys[0] as number);
  if (countAtMost(xs, ys, lo) >= k) return lo;
  // Invariant: count(lo) < k <= count(hi); the answer lies in (lo, hi].
  let below = countAtMost(xs, ys, lo);
  let atOrBelowHi = m * n;
  while (atOrBelowHi - below > 4 * (m + n)) {
    const mid = lo + (hi - lo) / 2;
    // No double lies strictly between: every difference in (lo, hi] equals hi (heavy ties).
    if (!(mid > lo && mid < hi)) return hi;
    const count = countAtMost(xs, ys, mid);
    if (count >= k) {
      hi = mid;
      atOrBelowHi = count;
    } else {
      lo = mid;
      below = count;
    }
  }
  // Few differences remain in (lo, hi]: collect them and pick the one we need.
  const candidates = between(xs, ys, lo, hi);
  candidates.sort();
  return candidates[k - below - 1] as number;
}

/** Number of pairs with `x − y <= d`. */
function countAtMost(xs: Float64Array, ys: Float64Array, d: number): number {
  const n = ys.length;
  let total = 0;
  let j = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    // {j : x − ys[j] <= d} is a suffix of ys whose start only moves right as x grows.
    while (j < n && x - (ys[j] as number) > d) j++;
    total += n - j;
  }
  return total;
}

/** The differences in (lo, hi]. */
function between(xs: Float64Array, ys: Float64Array, lo: number, hi: number): Float64Array {
  const n = ys.length;
  const out: number[] = [];
  let jHi = 0;
  let jLo = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    while (jHi < n && x - (ys[jHi] as number) > hi) jHi++;
    while (jLo < n && x - (ys[jLo] as number) > lo) jLo++;
    for (let j = jHi; j < jLo; j++) out.push(x - (ys[j] as number));
  }
  return Float64Array.from(out);
}

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}
