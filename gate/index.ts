/**
 * `@agc/otel/gate`: progressive-delivery gates. Promote a new agent version (model, prompt,
 * tools, policy) only when its behaviour is no worse than the baseline's: tool error rate and
 * deny rates (one-sided Fisher exact or two-proportion z tests with minimum samples), tool and
 * run latency, tokens and cost per run (Mann-Whitney U with a Hodges-Lehmann shift and a
 * tolerance), anomalies and SLO burn (fail when the canary alone would page), scored in
 * weighted groups into pass / marginal / fail, with "not enough data" as its own answer
 * (inconclusive, never a pass).
 *
 * Offline: {@link gateRecordings} (recordings), {@link gatePrometheus} (live, Prometheus HTTP
 * API), {@link gateShadow} (re-run the canary against the baseline's recorded inputs), and
 * {@link startGateServer} (HTTP endpoint for Argo Rollouts and Flagger). The pieces:
 * {@link loadGateConfig} → {@link ArmAccumulator} / {@link measurePrometheus} →
 * {@link judgeGate} (pure, synchronous) → {@link formatGateReport}.
 *
 * Runtime wiring (optional; nothing on the hot path needs it): an in-process canary comparison
 * feeds one {@link ArmAccumulator} per arm with `observeCall(event, { anomalies, replayed })`
 * for every finished tool call (synchronous, O(1), never throws) and `observeRun(run)` per
 * finished agent task, then calls `judgeGate(config, a.measurements(config, slos),
 * b.measurements(config, slos))` when it wants a verdict.
 */
export type {
  ArmInfo,
  ArmMeasurements,
  ArmSummary,
  GateConfig,
  GateDirection,
  GateGroupConfig,
  GateMeasure,
  GateMetricConfig,
  GateReport,
  GateVerdict,
  GroupResult,
  HistogramMeasurement,
  Measurement,
  MeasureFamily,
  MetricClassification,
  MetricResult,
  RateMeasurement,
  RateTest,
  SamplesMeasurement,
  Significance,
  SloBurnFinding,
  SloMeasurement,
  UnavailableMeasurement,
} from './types.js';
export {
  DEFAULT_ALPHA,
  DEFAULT_GATE_CONFIG,
  DEFAULT_GATE_SLO,
  DEFAULT_GROUPS,
  DEFAULT_THRESHOLDS,
  MEASURE_DEFAULTS,
  MEASURE_FAMILY,
} from './defaults.js';
export type { MetricSettings } from './defaults.js';
export { GATE_EXIT_CODES, GATE_USAGE_EXIT_CODE } from './exit-codes.js';
export { loadGateConfig, parseGateConfig } from './gate-config.js';
export { GateConfigError } from './gate-config-error.js';
export type { GateIssue } from './gate-config-error.js';
export { loadGateSlos } from './gate-slos.js';
export { criticalLevelOf, judgeGate } from './judge-gate.js';
export { scoreGate } from './score-gate.js';
export type { GateScore } from './score-gate.js';
export { classifyRate } from './classify-rate.js';
export { classifyDistribution } from './classify-distribution.js';
export { classifySlo } from './classify-slo.js';
export { ArmAccumulator } from './arm-accumulator.js';
export type { GateCallExtras, GateRun } from './arm-accumulator.js';
export { sloBurn } from './slo-burn.js';
export { traceToRun } from './trace-to-run.js';
export type { TraceRun } from './trace-to-run.js';
export { measureRecordings, observeTrace, readArmRecordings } from './read-arm.js';
export { gatePrometheus, gateRecordings } from './run-gate.js';
export type { PrometheusGateOptions } from './run-gate.js';
export { ShadowRunError, gateShadow, runShadowCanary } from './shadow-run.js';
export type { ShadowRunOptions, ShadowRunResult } from './shadow-run.js';
export { GATE_PATH, GATE_QUERY_PATH, startGateServer } from './gate-server.js';
export type { GateServer, GateServerOptions } from './gate-server.js';
export { GateRequestError, parseGateRequest, runGateRequest } from './gate-request.js';
export type { GateRequest, GateService } from './gate-request.js';
export { formatGateReport } from './format-report.js';
export { histogramQuantile } from './histogram.js';
export { PrometheusClient, PrometheusQueryError } from './prometheus/prometheus-client.js';
export type { PrometheusClientOptions, PromSample } from './prometheus/prometheus-client.js';
export { measurePrometheus } from './prometheus/prometheus-arm.js';
export type { PrometheusArm, PrometheusWindow } from './prometheus/prometheus-arm.js';
export {
  SelectorError,
  formatMatcher,
  parseSelector,
  withSelector,
} from './prometheus/selector.js';
export type { LabelMatcher } from './prometheus/selector.js';
export { DEFAULT_SELECTOR_TEMPLATE, armMatchers } from './prometheus/arm-selector.js';
export { GATE_SCORE_SERIES, GATE_VERDICT_SERIES, parseGateQuery } from './prometheus/gate-query.js';
export type { GateQuery } from './prometheus/gate-query.js';
export {
  MANN_WHITNEY_EXACT_BELOW,
  mannWhitneyGrouped,
  mannWhitneyU,
} from './stats/mann-whitney.js';
export type { MannWhitneyResult } from './stats/mann-whitney.js';
export { hodgesLehmann, kthDifference } from './stats/hodges-lehmann.js';
export type { HodgesLehmannResult } from './stats/hodges-lehmann.js';
export { twoProportionZTest } from './stats/two-proportion.js';
export type { TwoProportionResult } from './stats/two-proportion.js';
export { fisherExact } from './stats/fisher-exact.js';
export type { FisherExactResult } from './stats/fisher-exact.js';
export { normalLowerTail, normalQuantile, normalUpperTail } from './stats/normal.js';
