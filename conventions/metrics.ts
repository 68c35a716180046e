/**
 * Prometheus metric names and labels, the one list that code, dashboards and rules read.
 * Every metric the runtime exports is declared here, with its type and labels.
 */

/**
 * The service label: the runtime's `/metrics` carries none, Prometheus adds the scrape `job` (the
 * Collector's Prometheus exporter maps `service.name` to it). Every generated rule keeps it
 * through its aggregations, so a fleet's services stay apart and alerts say which one.
 */
export const LABEL_SERVICE = 'job';
/** Labels of the per-call metrics. */
export const LABEL_AGENT = 'agent';
/** Tool label. */
export const LABEL_TOOL = 'tool';
/** Decision label (allow | deny | audit). */
export const LABEL_DECISION = 'decision';
/** Decision source label. */
export const LABEL_SOURCE = 'source';
/** Outcome of the tool body: ok | error | denied. */
export const LABEL_OUTCOME = 'outcome';

/** One declared metric. */
export interface MetricSpec {
  /** Prometheus name (with the `agc_` prefix; counters end in `_total`). */
  readonly name: string;
  /** Exposition type. */
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** Help text. */
  readonly help: string;
  /** Label names. */
  readonly labels: readonly string[];
  /** Histogram buckets, in the metric's unit. */
  readonly buckets?: readonly number[];
}

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const DECISION_BUCKETS = [1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 5e-6, 1e-5, 5e-5, 1e-4, 1e-3];

/** `agc_tool_calls_total{agent,tool,decision,source,outcome}`: every governed tool call. */
export const METRIC_TOOL_CALLS: MetricSpec = {
  name: 'agc_tool_calls_total',
  type: 'counter',
  help: 'Governed tool calls, by agent, tool, policy decision, decision source and outcome.',
  labels: [LABEL_AGENT, LABEL_TOOL, LABEL_DECISION, LABEL_SOURCE, LABEL_OUTCOME],
};
/** `agc_tool_call_duration_seconds{agent,tool,outcome}`. */
export const METRIC_TOOL_CALL_DURATION: MetricSpec = {
  name: 'agc_tool_call_duration_seconds',
  type: 'histogram',
  help: 'Duration of governed tool calls (span duration), in seconds.',
  labels: [LABEL_AGENT, LABEL_TOOL, LABEL_OUTCOME],
  buckets: DURATION_BUCKETS,
};
/** `agc_policy_decision_duration_seconds`: time to decide, in seconds. */
export const METRIC_POLICY_DECISION_DURATION: MetricSpec = {
  name: 'agc_policy_decision_duration_seconds',
  type: 'histogram',
  help: 'Time the Governor took to decide a tool call, in seconds.',
  labels: [],
  buckets: DECISION_BUCKETS,
};
/** `agc_recorder_spans_total{result}`: spans written or dropped by the recorder. */
export const METRIC_RECORDER_SPANS: MetricSpec = {
  name: 'agc_recorder_spans_total',
  type: 'counter',
  help: 'Spans handled by the embedded recorder, by result (written | dropped_queue_full | dropped_error).',
  labels: ['result'],
};
/** `agc_exporter_spans_total{exporter,result}`: spans handed to the export pipeline. */
export const METRIC_EXPORTER_SPANS: MetricSpec = {
  name: 'agc_exporter_spans_total',
  type: 'counter',
  help: 'Spans exported, failed or dropped before export, by exporter (otlp) and result (ok | failed | dropped_queue_full).',
  labels: ['exporter', 'result'],
};
/** `agc_internal_errors_total{component}`: errors caught inside the runtime (never reach the host). */
export const METRIC_INTERNAL_ERRORS: MetricSpec = {
  name: 'agc_internal_errors_total',
  type: 'counter',
  help: 'Errors caught inside @agc/otel components, which never reach the host application.',
  labels: ['component'],
};
/**
 * `agc_metric_series_folded_total{metric}`: label sets folded into an `_other` series because a
 * metric family reached its series cap (a flood of agent ids or tool names).
 */
export const METRIC_SERIES_FOLDED: MetricSpec = {
  name: 'agc_metric_series_folded_total',
  type: 'counter',
  help: 'Label sets folded into agent="_other"/tool="_other" because a metric family reached its series cap.',
  labels: ['metric'],
};
/** `agc_policy_reloads_total{result}`: hot reloads (ok | failed). */
export const METRIC_POLICY_RELOADS: MetricSpec = {
  name: 'agc_policy_reloads_total',
  type: 'counter',
  help: 'Policy hot reloads, by result (ok | failed). A failed reload keeps the last good policy.',
  labels: ['result'],
};
/** `agc_policy_rules`: rules in the active policy. */
export const METRIC_POLICY_RULES: MetricSpec = {
  name: 'agc_policy_rules',
  type: 'gauge',
  help: 'Number of rules in the active policy set.',
  labels: [],
};
/** `agc_agent_quarantined{agent}`: 1 while the agent is quarantined. */
export const METRIC_AGENT_QUARANTINED: MetricSpec = {
  name: 'agc_agent_quarantined',
  type: 'gauge',
  help: '1 while an agent is quarantined (its calls are denied with source quarantine).',
  labels: [LABEL_AGENT],
};
/** `agc_anomaly_score{agent,detector}`: the latest normalised detector score (0..1). */
export const METRIC_ANOMALY_SCORE: MetricSpec = {
  name: 'agc_anomaly_score',
  type: 'gauge',
  help: 'Latest normalised anomaly score (0..1) per agent and detector.',
  labels: [LABEL_AGENT, 'detector'],
};
/** `agc_circuit_state{scope}`: 0 closed, 1 half-open, 2 open. */
export const METRIC_CIRCUIT_STATE: MetricSpec = {
  name: 'agc_circuit_state',
  type: 'gauge',
  help: 'Circuit breaker state per scope: 0 closed, 1 half-open, 2 open.',
  labels: ['scope'],
};
/** `agc_runtime_info{version,mode}`: always 1; carries the runtime's version and mode. */
export const METRIC_RUNTIME_INFO: MetricSpec = {
  name: 'agc_runtime_info',
  type: 'gauge',
  help: 'Always 1: the @agc/otel runtime version and policy mode of this process.',
  labels: ['version', 'mode'],
};

/**
 * Always 1 per framework package installed next to the app: its version and whether its tool
 * dispatch is patched: `true`, `false` (outside the supported range: its tool calls are not
 * governed) or `disabled` (switched off by `AGC_INSTRUMENTATIONS`).
 */
export const METRIC_INSTRUMENTATION_INFO: MetricSpec = {
  name: 'agc_instrumentation_info',
  type: 'gauge',
  help: 'Always 1: a framework package found next to the app, its version and whether it is patched (governed).',
  labels: ['framework', 'package', 'version', 'patched'],
};

/** Every metric the runtime registers, for dashboards and rule checks. */
export const METRICS: readonly MetricSpec[] = [
  METRIC_TOOL_CALLS,
  METRIC_TOOL_CALL_DURATION,
  METRIC_POLICY_DECISION_DURATION,
  METRIC_RECORDER_SPANS,
  METRIC_EXPORTER_SPANS,
  METRIC_INTERNAL_ERRORS,
  METRIC_POLICY_RELOADS,
  METRIC_POLICY_RULES,
  METRIC_AGENT_QUARANTINED,
  METRIC_ANOMALY_SCORE,
  METRIC_CIRCUIT_STATE,
  METRIC_RUNTIME_INFO,
  METRIC_INSTRUMENTATION_INFO,
  METRIC_SERIES_FOLDED,
];
