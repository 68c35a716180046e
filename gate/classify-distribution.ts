import { criticalNote, testedSide } from './direction.js';
import { pValue, quantity, times } from './format-number.js';
import { histogramQuantile } from './histogram.js';
import { MEASURE_UNITS } from './measure-units.js';
import { hodgesLehmann } from './stats/hodges-lehmann.js';
import { mannWhitneyGrouped, mannWhitneyU } from './stats/mann-whitney.js';
import type { MannWhitneyResult } from './stats/mann-whitney.js';
import type {
  GateMetricConfig,
  HistogramMeasurement,
  MetricResult,
  SamplesMeasurement,
  Significance,
} from './types.js';

type Distribution = SamplesMeasurement | HistogramMeasurement;

/**
 * Judges a distribution (latency, tokens, cost) of the canary against the baseline.
 *
 * - `skipped` when neither arm has an observation and the metric need not have data; `nodata`
 *   when an arm has fewer than `minSamples`. All-tied samples have no variance and pass.
 * - Mann-Whitney U, one-sided in the regression direction(s).
 * - Raw samples: Hodges-Lehmann shift `Δ` (median of canary − baseline differences) with its
 *   `1 − alpha` confidence interval; effect ratio `1 + Δ/|median(baseline)|`. `high` iff
 *   significant at `alpha`, the interval's lower bound is above `tolerance·|Δ|` (Kayenta's
 *   guard against unstable shifts), effect `>= allowedIncrease` and `Δ >= minAbsDelta`.
 * - Histograms (Prometheus): effect = ratio of interpolated medians, `Δ` their difference; no
 *   interval, so the tolerance check is left out.
 * - A critical metric fails the gate when the effect also reaches `criticalIncrease` (or falls
 *   to `criticalDecrease`) and the p-value is below the critical level.
 */
export function classifyDistribution(
  metric: GateMetricConfig,
  baseline: Distribution,
  canary: Distribution,
  level: Significance,
): MetricResult {
  const alpha = level.alpha;
  const base = { name: metric.name, measure: metric.measure, group: metric.group };
  if (baseline.kind !== canary.kind) {
    return {
      ...base,
      classification: 'skipped',
      criticalFailure: false,
      reason: `the arms were measured differently (${baseline.kind} vs ${canary.kind})`,
    };
  }
  const b = summarize(baseline);
  const c = summarize(canary);
  const head = { ...base, baseline: b, canary: c };
  if (b.n === 0 && c.n === 0 && !metric.mustHaveData) {
    return {
      ...head,
      classification: 'skipped',
      criticalFailure: false,
      reason: 'no observations in either arm',
    };
  }
  const needed = Math.max(metric.minSamples, 1);
  if (b.n < needed || c.n < needed) {
    return {
      ...head,
      classification: 'nodata',
      criticalFailure: false,
      reason: `not enough data: baseline ${b.n}, canary ${c.n} observations; ${needed} needed per arm`,
    };
  }
  const estimate =
    baseline.kind === 'samples' && canary.kind === 'samples'
      ? fromSamples(baseline, canary, alpha)
      : fromHistograms(
          baseline as HistogramMeasurement,
          canary as HistogramMeasurement,
          b.value,
          c.value,
        );
  const { mw, delta, effect, interval } = estimate;
  const unit = MEASURE_UNITS[metric.measure];
  const side = testedSide(metric, delta);
  const p = side === 'greater' ? mw.pGreater : mw.pLess;
  const test =
    baseline.kind === 'samples'
      ? (`mann-whitney-${mw.method}` as const)
      : ('mann-whitney-normal' as const);
  const shiftText = interval
    ? `shift ${quantity(delta, unit)} [${quantity(interval.lower, unit)}, ${quantity(interval.upper, unit)}]`
    : `median shift ${quantity(delta, unit)}`;
  const facts = `median ${quantity(c.value, unit)} vs ${quantity(b.value, unit)}, ${shiftText} (${times(effect)}, p=${pValue(p)})`;
  const result = { ...head, effect, delta, pValue: p, test, ...(interval && { interval }) };
  const tol = metric.tolerance * Math.abs(delta);
  if (
    metric.direction !== 'decrease' &&
    mw.pGreater < alpha &&
    (interval === undefined || interval.lower > tol) &&
    effect >= metric.allowedIncrease &&
    delta >= metric.minAbsDelta
  ) {
    const critical =
      metric.critical && effect >= metric.criticalIncrease && mw.pGreater < level.critical;
    return {
      ...result,
      classification: 'high',
      criticalFailure: critical,
      reason: `${facts}: increase${criticalNote(metric, critical, effect >= metric.criticalIncrease, metric.criticalIncrease, level)}`,
    };
  }
  if (
    metric.direction !== 'increase' &&
    mw.pLess < alpha &&
    (interval === undefined || interval.upper < -tol) &&
    effect <= metric.allowedDecrease &&
    -delta >= metric.minAbsDelta
  ) {
    const critical =
      metric.critical && effect <= metric.criticalDecrease && mw.pLess < level.critical;
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
    reason: `${facts}: ${passWhy(metric, mw, delta, effect, interval, alpha, unit)}`,
  };
}

interface Estimate {
  readonly mw: MannWhitneyResult;
  readonly delta: number;
  readonly effect: number;
  readonly interval?: {
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
  };
}

function fromSamples(
  baseline: SamplesMeasurement,
  canary: SamplesMeasurement,
  alpha: number,
): Estimate {
  const mw = mannWhitneyU(canary.values, baseline.values);
  const hl = hodgesLehmann(canary.values, baseline.values, 1 - alpha);
  const median = medianOf(baseline.values);
  return {
    mw,
    delta: hl.shift,
    effect: ratio(median + hl.shift, median),
    interval: { lower: hl.lower, upper: hl.upper, confidence: hl.confidence },
  };
}

function fromHistograms(
  baseline: HistogramMeasurement,
  canary: HistogramMeasurement,
  medianB: number,
  medianC: number,
): Estimate {
  // Same bucket layout expected (one metric); align by bound to be safe.
  const bounds = [...new Set([...baseline.bounds, ...canary.bounds])].sort((x, y) => x - y);
  const align = (h: HistogramMeasurement): number[] =>
    bounds.map((bound) => {
      const i = h.bounds.indexOf(bound);
      return i < 0 ? 0 : (h.counts[i] ?? 0);
    });
  const mw = mannWhitneyGrouped(align(canary), align(baseline));
  return { mw, delta: medianC - medianB, effect: ratio(medianC, medianB) };
}

/** `value/reference`, taking |reference|; 1 for 0/0 and ±Infinity past a zero reference. */
function ratio(value: number, reference: number): number {
  if (reference !== 0) return 1 + (value - reference) / Math.abs(reference);
  if (value === 0) return 1;
  return value > 0 ? Infinity : -Infinity;
}

function summarize(d: Distribution): { n: number; value: number } {
  if (d.kind === 'samples') return { n: countFinite(d.values), value: medianOf(d.values) };
  let n = 0;
  for (const c of d.counts) n += c;
  return { n: Math.round(n), value: histogramQuantile(d.bounds, d.counts, 0.5) };
}

function countFinite(values: readonly number[]): number {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  return n;
}

function medianOf(values: readonly number[]): number {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function passWhy(
  metric: GateMetricConfig,
  mw: MannWhitneyResult,
  delta: number,
  effect: number,
  interval: Estimate['interval'],
  alpha: number,
  unit: string,
): string {
  const rising = delta >= 0;
  if (rising && metric.direction === 'decrease') return 'only a decrease counts as a regression';
  if (!rising && metric.direction === 'increase') return 'only an increase counts as a regression';
  if (!((rising ? mw.pGreater : mw.pLess) < alpha))
    return `no significant ${rising ? 'increase' : 'decrease'}`;
  const tol = metric.tolerance * Math.abs(delta);
  if (interval && (rising ? !(interval.lower > tol) : !(interval.upper < -tol))) {
    return 'significant but the shift estimate is unstable (interval within the tolerance)';
  }
  if (rising ? effect < metric.allowedIncrease : effect > metric.allowedDecrease) {
    return `significant but within the allowed ${times(rising ? metric.allowedIncrease : metric.allowedDecrease)}`;
  }
  return `significant but below the ${quantity(metric.minAbsDelta, unit)} floor`;
}
