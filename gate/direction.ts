import { times } from './format-number.js';
import type { GateMetricConfig, Significance } from './types.js';

/**
 * The one-sided alternative whose p-value a result reports: the configured direction, or for
 * `either` the direction the canary actually moved (DELTA, canary minus baseline).
 */
export function testedSide(metric: GateMetricConfig, delta: number): 'greater' | 'less' {
  if (metric.direction === 'increase') return 'greater';
  if (metric.direction === 'decrease') return 'less';
  return delta >= 0 ? 'greater' : 'less';
}

/**
 * The tail of a regression's reason about criticality: critical, or past the critical ratio
 * without the evidence a critical failure needs, or nothing.
 */
export function criticalNote(
  metric: GateMetricConfig,
  critical: boolean,
  pastRatio: boolean,
  ratio: number,
  level: Significance,
): string {
  if (!metric.critical || !pastRatio) return '';
  if (critical) return ` at or beyond the critical ${times(ratio)}`;
  return ` past the critical ${times(ratio)}, but not below the critical level ${level.critical.toPrecision(2)}`;
}
