import type { GateConfig, GateVerdict, GroupResult, MetricResult } from './types.js';

/** What {@link scoreGate} decides. */
export interface GateScore {
  readonly verdict: GateVerdict;
  /** 0..100, rounded to 2 decimals; 0 after a critical failure; null when nothing was judged. */
  readonly score: number | null;
  readonly reason: string;
  readonly groups: readonly GroupResult[];
}

/**
 * Kayenta's weighted-sum scoring, with "not enough data" kept apart:
 *
 * 1. Group score = `pass/(pass + high + low)·100` over its metrics; `nodata` and `skipped`
 *    metrics are left out, and a group with nothing judged has no score.
 * 2. Gate score = weighted mean of the group scores that exist (weights renormalised; Kayenta
 *    counts an empty group as 100, which would let missing data raise the score).
 * 3. Verdict, first match: a critical failure → `fail` (score 0); nothing judged →
 *    `inconclusive`; score below `marginal` → `fail`; any `nodata` metric → `inconclusive`
 *    (never a pass); score at or above `pass` → `pass`; else `marginal`.
 */
export function scoreGate(config: GateConfig, metrics: readonly MetricResult[]): GateScore {
  const groups = config.groups.map((group): GroupResult => {
    const mine = metrics.filter((m) => m.group === group.name);
    const count = (c: MetricResult['classification']): number =>
      mine.filter((m) => m.classification === c).length;
    const pass = count('pass');
    const high = count('high');
    const low = count('low');
    const judged = pass + high + low;
    return {
      name: group.name,
      weight: group.weight,
      score: judged > 0 ? (pass / judged) * 100 : null,
      pass,
      high,
      low,
      nodata: count('nodata'),
      skipped: count('skipped'),
    };
  });
  let weighted = 0;
  let weights = 0;
  for (const g of groups) {
    if (g.score === null || g.weight <= 0) continue;
    weighted += g.score * g.weight;
    weights += g.weight;
  }
  const raw = weights > 0 ? Math.round((weighted / weights) * 100) / 100 : null;
  const critical = metrics.filter((m) => m.criticalFailure);
  if (critical.length > 0) {
    return {
      verdict: 'fail',
      score: 0,
      reason: `critical regression: ${critical.map((m) => m.name).join(', ')}`,
      groups,
    };
  }
  if (raw === null) {
    return { verdict: 'inconclusive', score: null, reason: 'no metric could be judged', groups };
  }
  const { pass, marginal } = config.thresholds;
  const regressed = metrics.filter(
    (m) => m.classification === 'high' || m.classification === 'low',
  );
  const names = (list: readonly MetricResult[]): string => list.map((m) => m.name).join(', ');
  if (raw < marginal) {
    return {
      verdict: 'fail',
      score: raw,
      reason: `score ${raw} below ${marginal}: ${names(regressed)} regressed`,
      groups,
    };
  }
  const nodata = metrics.filter((m) => m.classification === 'nodata');
  if (nodata.length > 0) {
    return {
      verdict: 'inconclusive',
      score: raw,
      reason: `not enough data for ${names(nodata)}`,
      groups,
    };
  }
  if (raw >= pass) {
    const note = regressed.length > 0 ? ` (${names(regressed)} regressed)` : '';
    return {
      verdict: 'pass',
      score: raw,
      reason: `score ${raw} at or above ${pass}${note}`,
      groups,
    };
  }
  return {
    verdict: 'marginal',
    score: raw,
    reason: `score ${raw} between ${marginal} and ${pass}: ${names(regressed)} regressed`,
    groups,
  };
}
