import type {
  GateConfig,
  GateGroupConfig,
  GateMeasure,
  GateMetricConfig,
  MeasureFamily,
} from './types.js';

/**
 * The gate's defaults, as data. `examples/gate/gate.yaml` spells out the same values (a test
 * checks they agree); a user's gate file overrides them field by field.
 */

/** Significance level of each one-sided test (Kayenta's 98 % confidence). @default 0.02 */
export const DEFAULT_ALPHA = 0.02;

/**
 * Family-wise level of critical failures (see {@link GateConfig.criticalAlpha}): at most one
 * gate in a thousand fails outright on identical arms. @default 0.001
 */
export const DEFAULT_CRITICAL_ALPHA = 0.001;

/** Score thresholds (Kayenta's example configs). @default { pass: 95, marginal: 75 } */
export const DEFAULT_THRESHOLDS = { pass: 95, marginal: 75 } as const;

/** Statistical family of each measure. */
export const MEASURE_FAMILY: Readonly<Record<GateMeasure, MeasureFamily>> = {
  tool_error_rate: 'rate',
  deny_rate: 'rate',
  anomaly_rate: 'rate',
  tool_latency: 'distribution',
  run_latency: 'distribution',
  run_tokens: 'distribution',
  run_cost: 'distribution',
  slo_burn: 'slo',
};

/** The settable fields of a metric (everything but name, measure and group). */
export type MetricSettings = Omit<GateMetricConfig, 'name' | 'measure' | 'group'>;

const RATE: MetricSettings = {
  direction: 'increase',
  allowedIncrease: 1.25,
  allowedDecrease: 0.8,
  criticalIncrease: 2,
  criticalDecrease: 0.5,
  minAbsDelta: 0.002,
  minSamples: 200,
  critical: true,
  mustHaveData: true,
  tolerance: 0.25,
  test: 'auto',
  sources: [],
};

const PER_RUN: MetricSettings = {
  ...RATE,
  allowedIncrease: 1.15,
  allowedDecrease: 0.85,
  criticalIncrease: 2,
  minAbsDelta: 0,
  minSamples: 50,
  mustHaveData: false,
};

/**
 * Defaults of each measure (research notes §2.4: rates 1.25× allowed / 2× critical with a
 * 0.2-point floor and 200 calls; latency 1.10× / 1.5×; tokens and cost 1.15× / 2×).
 */
export const MEASURE_DEFAULTS: Readonly<Record<GateMeasure, MetricSettings>> = {
  tool_error_rate: RATE,
  deny_rate: RATE,
  anomaly_rate: { ...RATE, critical: false },
  tool_latency: {
    ...RATE,
    allowedIncrease: 1.1,
    allowedDecrease: 0.9,
    criticalIncrease: 1.5,
    minAbsDelta: 1,
  },
  run_latency: {
    ...PER_RUN,
    allowedIncrease: 1.1,
    allowedDecrease: 0.9,
    criticalIncrease: 1.5,
    minAbsDelta: 10,
    mustHaveData: true,
  },
  run_tokens: PER_RUN,
  run_cost: PER_RUN,
  slo_burn: { ...RATE, minSamples: 0, minAbsDelta: 0, mustHaveData: false },
};

function metric(
  group: string,
  name: string,
  measure: GateMeasure,
  overrides: Partial<MetricSettings> = {},
): GateMetricConfig {
  return { name, measure, group, ...MEASURE_DEFAULTS[measure], ...overrides };
}

/** Default groups: reliability 40, latency 30, cost 30 (research notes §2.4 C). */
export const DEFAULT_GROUPS: readonly GateGroupConfig[] = [
  {
    name: 'reliability',
    weight: 40,
    metrics: [
      metric('reliability', 'tool_error_rate', 'tool_error_rate'),
      metric('reliability', 'policy_deny_rate', 'deny_rate', {
        sources: ['policy', 'rate_limit', 'budget', 'error'],
      }),
      metric('reliability', 'quarantine_rate', 'deny_rate', { sources: ['quarantine'] }),
      metric('reliability', 'anomaly_rate', 'anomaly_rate'),
      metric('reliability', 'slo_burn', 'slo_burn'),
    ],
  },
  {
    name: 'latency',
    weight: 30,
    metrics: [
      metric('latency', 'tool_latency', 'tool_latency'),
      metric('latency', 'run_latency', 'run_latency'),
    ],
  },
  {
    name: 'cost',
    weight: 30,
    metrics: [metric('cost', 'run_tokens', 'run_tokens'), metric('cost', 'run_cost', 'run_cost')],
  },
];

/** The whole default gate (`examples/gate/gate.yaml`). */
export const DEFAULT_GATE_CONFIG: GateConfig = {
  name: 'agent-default',
  alpha: DEFAULT_ALPHA,
  criticalAlpha: DEFAULT_CRITICAL_ALPHA,
  thresholds: DEFAULT_THRESHOLDS,
  sloSpecs: [],
  groups: DEFAULT_GROUPS,
};

/**
 * SLO judged by `slo_burn` when the gate names no spec files: tool calls that run succeed 99 %
 * of the time over 30 days. With the Google 30d windows it pages when the error ratio is above
 * 14.4 % over 1h and 5m (once the hour holds 21 calls) or above 6 % over 6h and 30m (50 calls):
 * a canary that bad fails whatever the baseline does. Name your own SLOs for tighter ones.
 */
export const DEFAULT_GATE_SLO = `apiVersion: agc/v1
kind: SLO
metadata:
  name: gate-tool-success
spec:
  description: Tool calls that run succeed (the gate's default SLO).
  objective: 99
  window: 30d
  sli:
    kind: tool_success
`;
