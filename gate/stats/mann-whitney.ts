import { normalLowerTail, normalUpperTail } from './normal.js';

/** Result of {@link mannWhitneyU}: canary (`x`) against baseline (`y`). */
export interface MannWhitneyResult {
  /** Canary sample size. */
  readonly nX: number;
  /** Baseline sample size. */
  readonly nY: number;
  /** `U` of the canary: pairs with canary > baseline, plus half the tied pairs. */
  readonly u: number;
  /** Mean of `U` under the null hypothesis, `nX·nY/2`. */
  readonly mean: number;
  /** Standard deviation of `U` under the null, tie-corrected; 0 when every value is tied. */
  readonly sd: number;
  /** Continuity-corrected z of the `greater` alternative (NaN when `sd` is 0 or a sample is empty). */
  readonly z: number;
  /** One-sided p-value for "canary is stochastically greater than baseline". */
  readonly pGreater: number;
  /** One-sided p-value for "canary is stochastically smaller than baseline". */
  readonly pLess: number;
  /** `exact` (no ties, both samples below {@link MANN_WHITNEY_EXACT_BELOW}) or `normal`. */
  readonly method: 'exact' | 'normal';
}

/**
 * Both samples must be smaller than this (and tie-free) for the exact null distribution; R's
 * `wilcox.test` uses the same rule. @default 50
 */
export const MANN_WHITNEY_EXACT_BELOW = 50;

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of canary sample X against baseline sample Y.
 * Exact p-values for small tie-free samples; otherwise the normal approximation with the tie
 * correction `σ² = nX·nY/12 · ((n+1) − Σ(t³−t)/(n(n−1)))` and a continuity correction of 0.5
 * (R's `wilcox.test(correct = TRUE)`); `method: 'normal'` forces the approximation. NaN values
 * are left out. O(n log n): the samples are sorted (copies), ranks are
 * never materialised. An empty sample gives p-values of 1 (no evidence either way).
 */
export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { readonly method?: 'auto' | 'normal' } = {},
): MannWhitneyResult {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const groups = tieGroups(xs, ys);
  const small = xs.length < MANN_WHITNEY_EXACT_BELOW && ys.length < MANN_WHITNEY_EXACT_BELOW;
  return mannWhitneyGrouped(groups.x, groups.y, options.method !== 'normal' && small);
}

/**
 * Mann-Whitney U over grouped (ordinal or binned) data: `countsX[k]` and `countsY[k]` are the
 * numbers of canary and baseline observations in category k, categories in ascending order
 * (histogram buckets, for instance). Observations sharing a category are ties. Uses the normal
 * approximation unless `exactWhenTieFree` and no category holds more than one observation.
 */
export function mannWhitneyGrouped(
  countsX: ArrayLike<number>,
  countsY: ArrayLike<number>,
  exactWhenTieFree = false,
): MannWhitneyResult {
  let nX = 0;
  let nY = 0;
  let u = 0;
  let tieTerm = 0;
  let tieFree = true;
  const k = Math.max(countsX.length, countsY.length);
  for (let i = 0; i < k; i++) {
    const cx = countsX[i] ?? 0;
    const cy = countsY[i] ?? 0;
    // Every canary observation here beats the baseline ones below and ties with those here.
    u += cx * (nY + cy / 2);
    nX += cx;
    nY += cy;
    const t = cx + cy;
    if (t > 1) {
      tieFree = false;
      tieTerm += t * t * t - t;
    }
  }
  const mean = (nX * nY) / 2;
  const n = nX + nY;
  if (nX === 0 || nY === 0) {
    return { nX, nY, u, mean, sd: 0, z: Number.NaN, pGreater: 1, pLess: 1, method: 'normal' };
  }
  const variance = ((nX * nY) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const sd = Math.sqrt(Math.max(variance, 0));
  if (exactWhenTieFree && tieFree && Number.isInteger(u)) {
    const { pGreater, pLess } = exactTails(nX, nY, u);
    const z = sd > 0 ? (u - mean - 0.5) / sd : Number.NaN;
    return { nX, nY, u, mean, sd, z, pGreater, pLess, method: 'exact' };
  }
  if (sd === 0) {
    return { nX, nY, u, mean, sd, z: Number.NaN, pGreater: 1, pLess: 1, method: 'normal' };
  }
  const zGreater = (u - mean - 0.5) / sd;
  const zLess = (u - mean + 0.5) / sd;
  return {
    nX,
    nY,
    u,
    mean,
    sd,
    z: zGreater,
    pGreater: Math.min(1, normalUpperTail(zGreater)),
    pLess: Math.min(1, normalLowerTail(zLess)),
    method: 'normal',
  };
}

/**
 * Merges two sorted samples into per-value counts (the categories of {@link mannWhitneyGrouped}).
 */
function tieGroups(xs: Float64Array, ys: Float64Array): { x: number[]; y: number[] } {
  const cx: number[] = [];
  const cy: number[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length || j < ys.length) {
    const vx = i < xs.length ? (xs[i] as number) : Infinity;
    const vy = j < ys.length ? (ys[j] as number) : Infinity;
    const v = vx < vy ? vx : vy;
    let a = 0;
    let b = 0;
    while (i < xs.length && xs[i] === v) {
      a++;
      i++;
    }
    while (j < ys.length && ys[j] === v) {
      b++;
      j++;
    }
    if (a === 0 && b === 0) break; // only NaN left
    cx.push(a);
    cy.push(b);
  }
  return { x: cx, y: cy };
}

/**
 * Exact tails of U for tie-free samples: the number of orderings of nX canary and nY baseline
 * values giving each U, built position by position (counts stay non-negative, so no
 * cancellation), then divided by C(nX+nY, nX).
 */
function exactTails(nX: number, nY: number, u: number): { pGreater: number; pLess: number } {
  const maxU = nX * nY;
  // ways[j][s]: orderings of the first positions with j canary values and U so far s.
  let ways: Float64Array[] = [Float64Array.of(1)];
  for (let position = 0; position < nX + nY; position++) {
    const next: Float64Array[] = [];
    for (let j = 0; j <= Math.min(nX, position + 1); j++) next.push(new Float64Array(maxU + 1));
    for (let j = 0; j < ways.length; j++) {
      const row = ways[j] as Float64Array;
      const below = position - j; // baseline values placed so far
      if (below < 0) continue;
      for (let s = 0; s < row.length; s++) {
        const w = row[s] as number;
        if (w === 0) continue;
        if (below < nY) (next[j] as Float64Array)[s] = ((next[j] as Float64Array)[s] as number) + w;
        if (j < nX) {
          const target = next[j + 1] as Float64Array;
          target[s + below] = (target[s + below] as number) + w;
        }
      }
    }
    ways = next;
  }
  const dist = ways[nX] as Float64Array;
  let total = 0;
  let atLeast = 0;
  let atMost = 0;
  for (let s = 0; s <= maxU; s++) {
    const w = dist[s] as number;
    total += w;
    if (s >= u) atLeast += w;
    if (s <= u) atMost += w;
  }
  return { pGreater: atLeast / total, pLess: atMost / total };
}
