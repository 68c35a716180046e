import { classifyDistribution } from './classify-distribution.js';
import { classifyRate } from './classify-rate.js';
import { classifySlo } from './classify-slo.js';
import { MEASURE_FAMILY } from './defaults.js';
import { GATE_EXIT_CODES } from './exit-codes.js';
import { scoreGate } from './score-gate.js';
import type {
  ArmInfo,
  ArmMeasurements,
  GateConfig,
  GateMetricConfig,
  GateReport,
  Measurement,
  MetricResult,
  Significance,
} from './types.js';

/**
 * Judges the canary against the baseline: classifies every configured metric from the two
 * arms' measurements (rates, distributions, SLO burn) and scores the result into a verdict
 * (see {@link scoreGate}). Pure and synchronous: the same measurements always give the same
 * report, whatever produced them (recordings, Prometheus, a shadow run, the runtime).
 */
export function judgeGate(
  config: GateConfig,
  baseline: ArmMeasurements,
  canary: ArmMeasurements,
): GateReport {
  const criticalLevel = criticalLevelOf(config);
  const level: Significance = { alpha: config.alpha, critical: criticalLevel };
  const metrics: MetricResult[] = [];
  for (const group of config.groups) {
    for (const metric of group.metrics) {
      metrics.push(
        judgeMetric(
          metric,
          baseline.measurements.get(metric.name),
          canary.measurements.get(metric.name),
          level,
        ),
      );
    }
  }
  const scored = scoreGate(config, metrics);
  return {
    verdict: scored.verdict,
    exitCode: GATE_EXIT_CODES[scored.verdict],
    score: scored.score,
    reason: scored.reason,
    config: config.name,
    thresholds: config.thresholds,
    alpha: config.alpha,
    criticalLevel,
    baseline: info(baseline),
    canary: info(canary),
    groups: scored.groups,
    metrics,
  };
}

function judgeMetric(
  metric: GateMetricConfig,
  baseline: Measurement | undefined,
  canary: Measurement | undefined,
  level: Significance,
): MetricResult {
  const skip = (reason: string): MetricResult => ({
    name: metric.name,
    measure: metric.measure,
    group: metric.group,
    classification: 'skipped',
    criticalFailure: false,
    reason,
  });
  if (canary?.kind === 'unavailable') return skip(canary.reason);
  if (baseline?.kind === 'unavailable' && MEASURE_FAMILY[metric.measure] !== 'slo') {
    return skip(baseline.reason);
  }
  if (canary === undefined) return skip('not measured');
  switch (MEASURE_FAMILY[metric.measure]) {
    case 'rate':
      if (baseline?.kind === 'rate' && canary.kind === 'rate') {
        return classifyRate(metric, baseline, canary, level);
      }
      break;
    case 'distribution':
      if (
        (baseline?.kind === 'samples' || baseline?.kind === 'histogram') &&
        (canary.kind === 'samples' || canary.kind === 'histogram')
      ) {
        return classifyDistribution(metric, baseline, canary, level);
      }
      break;
    case 'slo':
      if (canary.kind === 'slo') {
        return classifySlo(metric, baseline?.kind === 'slo' ? baseline : undefined, canary);
      }
      break;
  }
  return skip(
    `measured as ${baseline?.kind ?? 'nothing'} / ${canary.kind}, not as a ${MEASURE_FAMILY[metric.measure]}`,
  );
}

/**
 * Per-metric level of a critical failure: `criticalAlpha` shared (Bonferroni) among the
 * critical metrics decided by a test (SLO burn is not a test and takes no share).
 */
export function criticalLevelOf(config: GateConfig): number {
  let k = 0;
  for (const group of config.groups) {
    for (const metric of group.metrics) {
      if (metric.critical && MEASURE_FAMILY[metric.measure] !== 'slo') k++;
    }
  }
  return config.criticalAlpha / Math.max(k, 1);
}

function info(arm: ArmMeasurements): ArmInfo {
  return {
    label: arm.label,
    ...(arm.runs !== undefined && { runs: arm.runs }),
    ...(arm.calls !== undefined && { calls: arm.calls }),
  };
}
