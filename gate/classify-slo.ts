import type { GateMetricConfig, MetricResult, SloMeasurement } from './types.js';

/**
 * Judges SLO burn: `high` when the canary's calls alone would page on any SLO (a page tier's
 * burn on both its windows, past the minimum-events guard) — a critical failure when the metric
 * is critical, whatever the baseline did. The baseline is reported for context only.
 * `skipped` when no SLO could be computed (PromQL-only specs) or, unless `mustHaveData`, when
 * the canary gave the SLIs no events; `nodata` when the canary has fewer than `minSamples`
 * SLI events.
 */
export function classifySlo(
  metric: GateMetricConfig,
  baseline: SloMeasurement | undefined,
  canary: SloMeasurement,
): MetricResult {
  const events = (m: SloMeasurement): number => m.findings.reduce((n, f) => n + f.events, 0);
  const worst = (m: SloMeasurement): number => {
    let max = Number.NaN;
    for (const f of m.findings) if (f.burnRate > max || Number.isNaN(max)) max = f.burnRate;
    return max;
  };
  const head = {
    name: metric.name,
    measure: metric.measure,
    group: metric.group,
    canary: { n: events(canary), value: worst(canary) },
    ...(baseline && { baseline: { n: events(baseline), value: worst(baseline) } }),
    test: 'slo' as const,
  };
  if (canary.findings.length === 0) {
    return {
      ...head,
      classification: metric.mustHaveData ? 'nodata' : 'skipped',
      criticalFailure: false,
      reason: 'no SLO can be computed from this source',
    };
  }
  const n = head.canary.n;
  if (n === 0 && !metric.mustHaveData) {
    return {
      ...head,
      classification: 'skipped',
      criticalFailure: false,
      reason: 'the canary gave no SLI events',
    };
  }
  if (n < Math.max(metric.minSamples, 1)) {
    return {
      ...head,
      classification: 'nodata',
      criticalFailure: false,
      reason: `not enough data: ${n} SLI events; ${Math.max(metric.minSamples, 1)} needed`,
    };
  }
  const paging = canary.findings.filter((f) => f.paging);
  if (paging.length > 0) {
    const names = paging.map((f) => `'${f.slo}' (burn ${burn(f.burnRate)})`).join(', ');
    return {
      ...head,
      classification: 'high',
      criticalFailure: metric.critical,
      reason: `the canary alone would page on SLO ${names}`,
    };
  }
  return {
    ...head,
    classification: 'pass',
    criticalFailure: false,
    reason: `no SLO would page on the canary (highest burn ${burn(head.canary.value)})`,
  };
}

function burn(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)}x` : 'n/a';
}
