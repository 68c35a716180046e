import { criticalNote, testedSide } from './direction.js';
import { percent, pValue, times } from './format-number.js';
import { fisherExact } from './stats/fisher-exact.js';
import { twoProportionZTest } from './stats/two-proportion.js';
import type { GateMetricConfig, MetricResult, RateMeasurement, Significance } from './types.js';

/**
 * Judges a per-call rate (errors, denies, anomalies) of the canary against the baseline.
 *
 * - `skipped` when neither arm has a trial and the metric need not have data; `nodata` when an
 *   arm has fewer than `minSamples` trials.
 * - One-sided tests in the regression direction(s): Fisher's exact test when `test` is `fisher`,
 *   or `auto` and an expected cell is below 5; the pooled two-proportion z test otherwise.
 * - Effect ratio `r = (p_c + ε)/(p_b + ε)` with `ε = 0.5/min(n)` (finite when the baseline has
 *   no events), and `Δ = p_c − p_b`.
 * - `high` iff significant at `alpha`, `r >= allowedIncrease` and `Δ >= minAbsDelta`; `low`
 *   symmetrically. A critical metric fails the gate when also `r >= criticalIncrease` (or
 *   `r <= criticalDecrease`) and the p-value is below the critical level.
 */
export function classifyRate(
  metric: GateMetricConfig,
  baseline: RateMeasurement,
  canary: RateMeasurement,
  level: Significance,
): MetricResult {
  const alpha = level.alpha;
  const nB = baseline.trials;
  const nC = canary.trials;
  const pB = nB > 0 ? baseline.events / nB : Number.NaN;
  const pC = nC > 0 ? canary.events / nC : Number.NaN;
  const head = {
    name: metric.name,
    measure: metric.measure,
    group: metric.group,
    baseline: { n: nB, value: pB },
    canary: { n: nC, value: pC },
  };
  if (nB === 0 && nC === 0 && !metric.mustHaveData) {
    return {
      ...head,
      classification: 'skipped',
      criticalFailure: false,
      reason: 'no calls in either arm',
    };
  }
  const needed = Math.max(metric.minSamples, 1);
  if (nB < needed || nC < needed) {
    return {
      ...head,
      classification: 'nodata',
      criticalFailure: false,
      reason: `not enough data: baseline ${round(nB)}, canary ${round(nC)} calls; ${needed} needed per arm`,
    };
  }
  const test = chooseTest(metric, baseline, canary);
  const { pGreater, pLess } =
    test === 'fisher'
      ? fisherExact(
          Math.round(canary.events),
          Math.round(nC),
          Math.round(baseline.events),
          Math.round(nB),
        )
      : twoProportionZTest(canary.events, nC, baseline.events, nB);
  const epsilon = 0.5 / Math.min(nB, nC);
  const effect = (pC + epsilon) / (pB + epsilon);
  const delta = pC - pB;
  const up = metric.direction !== 'decrease';
  const down = metric.direction !== 'increase';
  const tested = testedSide(metric, delta) === 'greater' ? pGreater : pLess;
  const facts = `canary ${percent(pC)} vs baseline ${percent(pB)} (${times(effect)}, ${test} p=${pValue(tested)})`;
  const result = { ...head, effect, delta, pValue: tested, test };
  if (up && pGreater < alpha && effect >= metric.allowedIncrease && delta >= metric.minAbsDelta) {
    const critical =
      metric.critical && effect >= metric.criticalIncrease && pGreater < level.critical;
    return {
      ...result,
      classification: 'high',
      criticalFailure: critical,
      reason: `${facts}: increase${criticalNote(metric, critical, effect >= metric.criticalIncrease, metric.criticalIncrease, level)}`,
    };
  }
  if (down && pLess < alpha && effect <= metric.allowedDecrease && -delta >= metric.minAbsDelta) {
    const critical = metric.critical && effect <= metric.criticalDecrease && pLess < level.critical;
    return {
      ...result,
      classification: 'low',
      criticalFailure: critical,
      reason: `${facts}: decrease${criticalNote(metric, critical, effect <= metric.criticalDecrease, metric.criticalDecrease, level)}`,
    };
  }
  return {
    ...result,
    classification: 'pass',
    criticalFailure: false,
    reason: `${facts}: ${passWhy(metric, pGreater, pLess, effect, delta, alpha)}`,
  };
}

function chooseTest(
  metric: GateMetricConfig,
  b: RateMeasurement,
  c: RateMeasurement,
): 'fisher' | 'z' {
  if (metric.test !== 'auto') return metric.test;
  const pooled = (b.events + c.events) / (b.trials + c.trials);
  const smallest = Math.min(b.trials, c.trials) * Math.min(pooled, 1 - pooled);
  return smallest < 5 ? 'fisher' : 'z';
}

function passWhy(
  metric: GateMetricConfig,
  pGreater: number,
  pLess: number,
  effect: number,
  delta: number,
  alpha: number,
): string {
  const rising = delta >= 0;
  if (rising && metric.direction === 'decrease') return 'only a decrease counts as a regression';
  if (!rising && metric.direction === 'increase') return 'only an increase counts as a regression';
  if (!((rising ? pGreater : pLess) < alpha))
    return `no significant ${rising ? 'increase' : 'decrease'}`;
  if (rising ? effect < metric.allowedIncrease : effect > metric.allowedDecrease) {
    const allowed = rising ? metric.allowedIncrease : metric.allowedDecrease;
    return `significant but within the allowed ${times(allowed)}`;
  }
  return `significant but below the ${percent(metric.minAbsDelta)} floor`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
