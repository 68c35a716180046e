/**
 * `@agc/otel/gate`: the progressive-delivery gate — judge a canary against its baseline from
 * recordings, live Prometheus metrics or a shadow run, as a library, `agc gate` or an HTTP
 * service for Argo Rollouts / Flagger.
 */
export {
  ArmAccumulator,
  DEFAULT_GATE_CONFIG,
  GATE_EXIT_CODES,
  GateConfigError,
  GateRequestError,
  PrometheusQueryError,
  SelectorError,
  ShadowRunError,
  formatGateReport,
  gatePrometheus,
  gateRecordings,
  gateShadow,
  fisherExact,
  hodgesLehmann,
  judgeGate,
  loadGateConfig,
  loadGateSlos,
  mannWhitneyGrouped,
  mannWhitneyU,
  normalQuantile,
  normalUpperTail,
  parseGateConfig,
  startGateServer,
  twoProportionZTest,
} from '../gate/index.js';
export type {
  ArmMeasurements,
  GateConfig,
  GateIssue,
  GateReport,
  GateServer,
  GateServerOptions,
  GateVerdict,
  MetricResult,
  PrometheusGateOptions,
  ShadowRunOptions,
} from '../gate/index.js';
export { PositionedError, formatIssue } from '../common/index.js';
export type { SourceIssue } from '../common/index.js';
