import { Document } from 'yaml';
import {
  LABEL_AGENT,
  LABEL_SERVICE,
  METRIC_AGENT_QUARANTINED,
  METRIC_ANOMALY_SCORE,
  METRIC_TOOL_CALLS,
} from '../conventions/index.js';
import { formatDuration } from '../common/index.js';
import type { AlertingRule, RuleFile } from '../common/index.js';
import { AnomalyConfigError, resolveAnomalyOptions } from './options.js';
import type { AnomalyOptionsInput, RiskThresholds } from './types.js';

/** Names of the recorded series, derived from the bucket width (e.g. `increase1m`). */
export interface AnomalyRuleNames {
  /** Calls per agent in the current bucket. */
  readonly count: string;
  /** Baseline mean over the previous buckets (excluding the current one). */
  readonly mean: string;
  /** Baseline population standard deviation. */
  readonly stddev: string;
  /** 1 when the bucket had at least one call, else 0. */
  readonly active: string;
  /** Active buckets in the baseline (the warm-up guard). */
  readonly activeBuckets: string;
  /** σ after the absolute and relative floors. */
  readonly sigma: string;
  /** The z-score (only for agents past warm-up). */
  readonly zscore: string;
}

/** Every aggregation keeps the service (`job`) and the agent: a fleet's agents stay apart. */
const BY = `${LABEL_SERVICE}, ${LABEL_AGENT}`;

/** Recorded series names for a bucket of BUCKETMS. */
export function anomalyRuleNames(bucketMs: number): AnomalyRuleNames {
  const base = `${LABEL_SERVICE}_${LABEL_AGENT}:agc_tool_calls`;
  const b = formatDuration(bucketMs);
  return {
    count: `${base}:increase${b}`,
    mean: `${base}:baseline_mean${b}`,
    stddev: `${base}:baseline_stddev${b}`,
    active: `${base}:active${b}`,
    activeBuckets: `${base}:baseline_active${b}`,
    sigma: `${base}:baseline_sigma${b}`,
    zscore: `${base}:zscore${b}`,
  };
}

/** The chart value at which a normalised score reaches S (the inverse of `normaliseScore`). */
export function rawForScore(s: number, threshold: number, saturation: number): number {
  return s <= 0.5 ? 2 * s * threshold : threshold + (2 * s - 1) * (saturation - threshold);
}

const LEVELS = ['medium', 'high', 'critical'] as const;

/**
 * Generates the Prometheus rules for fleet-scale anomaly detection, from the same options as
 * the in-process detectors (so the same bucket, baseline, warm-up, σ floors and thresholds):
 *
 * - group `agc-anomaly-frequency` (interval = bucket): per-agent calls per bucket from
 *   `agc_tool_calls_total` (all decisions and outcomes, like the detector), baseline mean,
 *   population σ and number of active buckets (with calls) over the previous `baselineBuckets`
 *   buckets — `offset` one bucket, so the bucket being scored is never in its own baseline — the
 *   floored σ, the z-score guarded by `baseline_active >= warmupBuckets`, and
 *   `AgcToolCallRateAnomaly` alerts with
 *   `severity` medium | high | critical at the z values where the in-process score reaches the
 *   risk thresholds;
 * - group `agc-anomaly-runtime`: `AgcAnomalyDetected` on the runtime's `agc_anomaly_score`
 *   gauge (every detector, same severities) and `AgcAgentQuarantined`.
 *
 * The baseline range is `baselineBuckets × bucket − 1s`, so it holds exactly `baselineBuckets`
 * samples whether the range is closed (Prometheus 2) or left-open (Prometheus 3).
 *
 * @throws AnomalyConfigError for invalid options, or `method: 'mad'` (PromQL has no MAD before
 * the experimental `mad_over_time` of Prometheus 2.49).
 */
export function generateAnomalyRules(options: AnomalyOptionsInput = {}): RuleFile {
  const resolved = resolveAnomalyOptions(options);
  const f = resolved.frequency;
  if (f.method !== 'zscore') {
    throw new AnomalyConfigError([
      `anomaly.frequency.method: the Prometheus rules implement 'zscore' only (got '${f.method}')`,
    ]);
  }
  if (f.bucketMs % 1000 !== 0 || f.bucketMs < 2000) {
    throw new AnomalyConfigError([
      `anomaly.frequency.bucketMs: Prometheus rules need whole seconds of at least 2s (got ${f.bucketMs})`,
    ]);
  }
  const n = anomalyRuleNames(f.bucketMs);
  const bucket = formatDuration(f.bucketMs);
  const baseline = `[${formatDuration(f.baselineBuckets * f.bucketMs - 1000)}] offset ${bucket}`;
  const floored =
    f.sigmaFloorRatio > 0
      ? `(${n.stddev} >= ${f.sigmaFloorRatio} * ${n.mean}) or (${f.sigmaFloorRatio} * ${n.mean})`
      : n.stddev;
  const zAt = (s: number): number => rawForScore(s, f.threshold, f.saturation);
  return {
    groups: [
      {
        name: 'agc-anomaly-frequency',
        interval: bucket,
        rules: [
          {
            record: n.count,
            expr: `sum by (${BY}) (increase(${METRIC_TOOL_CALLS.name}[${bucket}]))`,
          },
          { record: n.active, expr: `${n.count} > bool 0` },
          { record: n.mean, expr: `avg_over_time(${n.count}${baseline})` },
          { record: n.stddev, expr: `stddev_over_time(${n.count}${baseline})` },
          { record: n.activeBuckets, expr: `sum_over_time(${n.active}${baseline})` },
          { record: n.sigma, expr: `clamp_min(${floored}, ${f.sigmaFloor})` },
          {
            record: n.zscore,
            expr:
              `(${n.count} - ${n.mean}) / ${n.sigma}` +
              ` and on (${BY}) (${n.activeBuckets} >= ${f.warmupBuckets})`,
          },
          ...levelAlerts(
            resolved.risk,
            zAt,
            (low, high) => ({
              alert: 'AgcToolCallRateAnomaly',
              expr: `${n.zscore} >= ${low}${high === undefined ? '' : ` < ${high}`}`,
              annotations: {
                summary: `Agent {{ $labels.${LABEL_AGENT} }} ({{ $labels.${LABEL_SERVICE} }}) tool-call rate is anomalous`,
                description:
                  `{{ $labels.${LABEL_AGENT} }} made calls at z = {{ $value | printf "%.1f" }} over ` +
                  `its last ${f.baselineBuckets} ${bucket} buckets (fires at ${f.threshold}).`,
              },
            }),
            { detector: 'frequency' },
          ),
        ],
      },
      {
        name: 'agc-anomaly-runtime',
        rules: [
          ...levelAlerts(
            resolved.risk,
            (s) => s,
            (low, high) => ({
              alert: 'AgcAnomalyDetected',
              expr:
                `max by (${BY}, detector) (${METRIC_ANOMALY_SCORE.name}) >= ${low}` +
                (high === undefined ? '' : ` < ${high}`),
              annotations: {
                summary: `Agent {{ $labels.${LABEL_AGENT} }} ({{ $labels.${LABEL_SERVICE} }}): {{ $labels.detector }} anomaly`,
                description: `In-process {{ $labels.detector }} detector score {{ $value | printf "%.2f" }} (0.5 = fired).`,
              },
            }),
          ),
          {
            alert: 'AgcAgentQuarantined',
            expr: `max by (${BY}) (${METRIC_AGENT_QUARANTINED.name}) > 0`,
            labels: { severity: 'high' },
            annotations: {
              summary: `Agent {{ $labels.${LABEL_AGENT} }} ({{ $labels.${LABEL_SERVICE} }}) is quarantined`,
              description: `Its tool calls are denied with source quarantine until the TTL passes or it is released.`,
            },
          },
        ],
      },
    ],
  };
}

/** Renders rules as YAML with a generated-file header. */
export function renderAnomalyRules(file: RuleFile): string {
  const doc = new Document(file);
  doc.commentBefore = ' Generated by `agc anomaly rules` (@agc/otel). Do not edit by hand.';
  return doc.toString({ lineWidth: 0 });
}

/** One alert per risk level, with exclusive [low, high) ranges of the charted value. */
function levelAlerts(
  risk: RiskThresholds,
  rawAt: (score: number) => number,
  make: (low: number, high: number | undefined) => AlertingRule,
  labels: Readonly<Record<string, string>> = {},
): AlertingRule[] {
  const bounds = LEVELS.map((level) => round(rawAt(risk[level])));
  return LEVELS.map((level, i) => {
    const rule = make(bounds[i] as number, bounds[i + 1]);
    return {
      alert: rule.alert,
      expr: rule.expr,
      labels: { severity: level, ...labels },
      annotations: rule.annotations,
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
