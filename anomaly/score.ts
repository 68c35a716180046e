import type { RiskLevel, RiskThresholds } from './types.js';

/**
 * Maps a detector's raw statistic to a normalised score in [0, 1], piecewise linear and clipped:
 * 0 at raw 0, 0.5 at the firing `threshold`, 1 at `saturation` and beyond; negative or NaN raw
 * values give 0. Every detector speaks the same scale, so 0.5 always means "just fired".
 */
export function normaliseScore(raw: number, threshold: number, saturation: number): number {
  if (!(raw > 0)) return 0;
  if (raw < threshold) return (0.5 * raw) / threshold;
  if (raw >= saturation) return 1;
  return 0.5 + (0.5 * (raw - threshold)) / (saturation - threshold);
}

/** The {@link RiskLevel} of a score: `low` below `medium`, and so on up to `critical`. */
export function riskLevelOf(score: number, thresholds: RiskThresholds): RiskLevel {
  if (score >= thresholds.critical) return 'critical';
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

/** Position of LEVEL in `RISK_LEVELS` (low = 0 ... critical = 3), for comparisons. */
export function riskRank(level: RiskLevel): number {
  return level === 'low' ? 0 : level === 'medium' ? 1 : level === 'high' ? 2 : 3;
}
