import { normalLowerTail, normalUpperTail } from './normal.js';

/** Result of {@link twoProportionZTest}: canary proportion against baseline proportion. */
export interface TwoProportionResult {
  /** Canary proportion `x/n` (NaN when n is 0). */
  readonly pX: number;
  /** Baseline proportion. */
  readonly pY: number;
  /** Pooled proportion `(xX + xY)/(nX + nY)`. */
  readonly pooled: number;
  /** Standard error under the null, `√(p̄(1−p̄)(1/nX + 1/nY))`. */
  readonly se: number;
  /** `(pX − pY)/se`; NaN when `se` is 0. */
  readonly z: number;
  /** One-sided p-value for "canary proportion is higher". */
  readonly pGreater: number;
  /** One-sided p-value for "canary proportion is lower". */
  readonly pLess: number;
}

/**
 * Pooled two-proportion z test (no continuity correction) of canary `xX` events in `nX` trials
 * against baseline `xY` in `nY`. Counts may be fractional (Prometheus `increase()` extrapolates).
 * With no variance (no events at all, or only events) there is no evidence: both p-values are 1.
 */
export function twoProportionZTest(
  xX: number,
  nX: number,
  xY: number,
  nY: number,
): TwoProportionResult {
  const pX = nX > 0 ? xX / nX : Number.NaN;
  const pY = nY > 0 ? xY / nY : Number.NaN;
  const pooled = nX + nY > 0 ? (xX + xY) / (nX + nY) : Number.NaN;
  const se = nX > 0 && nY > 0 ? Math.sqrt(pooled * (1 - pooled) * (1 / nX + 1 / nY)) : Number.NaN;
  if (!(se > 0)) return { pX, pY, pooled, se, z: Number.NaN, pGreater: 1, pLess: 1 };
  const z = (pX - pY) / se;
  return { pX, pY, pooled, se, z, pGreater: normalUpperTail(z), pLess: normalLowerTail(z) };
}
