/**
 * `@agc/otel/slo`: SLO specs (native agc/v1, OpenSLO v1, Sloth prometheus/v1), in-process
 * multi-window multi-burn-rate calculators, circuit breakers, and Prometheus rule generation.
 *
 * Runtime wiring (processors/): build one {@link SloMonitor} from `loadSloSpecs(AGC_SLO)`; call
 * `monitor.observe(event)` from `Governor.observe` for every finished tool call;
 * `monitor.circuitFor(agentId, tool, nowMs)` from `Governor.decide` (a result means deny with
 * source `circuit`); and `monitor.evaluate(nowMs)` on a timer or scrape for the `agc_slo_*`
 * gauges ({@link SLO_METRICS}) and the transitions to record as `agc.slo.alert` span events.
 * Everything is synchronous; nothing reads the clock.
 */
export type {
  AlertState,
  AlertWindowSet,
  AlertWindowTier,
  BurnSeverity,
  BurnWindow,
  CircuitDecision,
  CircuitOptions,
  CircuitState,
  CostPerCallSli,
  DenyRatioSli,
  NativeSli,
  PromQlEventsSli,
  PromQlRatioSli,
  PromQlSli,
  PromQlThresholdSli,
  Selector,
  SeverityAlerting,
  SliKind,
  SloAlerting,
  SloAlertTransition,
  SloCircuitTransition,
  SloFormat,
  SloIssue,
  SloSpec,
  SloStatus,
  SloTransition,
  SourcePosition,
  TierStatus,
  TokensPerCallSli,
  ToolLatencySli,
  ToolSuccessSli,
  WindowStatus,
} from './types.js';
export { SloError } from './slo-error.js';
export { objectiveRatios } from './objective.js';
export type { ObjectiveRatios } from './objective.js';
export {
  DEFAULT_ABSENT_ALERT_NAME,
  DEFAULT_ABSENT_FOR,
  DEFAULT_ALERT_NAME,
  DEFAULT_CIRCUIT_COOL_DOWN,
  DEFAULT_CIRCUIT_PROBES,
  DEFAULT_PERIOD,
} from './defaults.js';
export { GOOGLE_28D } from './windows/google-28d.js';
export { GOOGLE_30D } from './windows/google-30d.js';
export {
  DEFAULT_MIN_BAD_EVENTS,
  WINDOW_SETS,
  autoMinEvents,
  burnFactor,
  defaultWindowSet,
  resolveBurnWindows,
} from './windows.js';
export { loadSloSpecs, parseSloSpecs } from './load-slo-spec.js';
export type { LoadSloOptions } from './load-slo-spec.js';
export { BucketedCounter } from './bucketed-counter.js';
export type { WindowCounts } from './bucketed-counter.js';
export {
  budgetRemaining,
  burnRate,
  errorRatio,
  tierFires,
  tierThreshold,
  timeToExhaustionMs,
} from './burn-rate.js';
export { SLI_BAD, SLI_GOOD, SLI_IGNORED, compileSli, isNativeSli } from './sli-classifier.js';
export type { SliClassifier, SliOutcome } from './sli-classifier.js';
export { MAX_RING_BUCKETS, SloCalculator } from './slo-calculator.js';
export { CircuitBreaker, DEFAULT_CIRCUIT_OPTIONS } from './circuit-breaker.js';
export type { CircuitTransitionListener } from './circuit-breaker.js';
export { SloMonitor } from './slo-monitor.js';
export type { SloEvaluation, SloMonitorOptions } from './slo-monitor.js';
export {
  RECORD_BUDGET_REMAINING,
  RECORD_BURN_RATE,
  RECORD_ERROR_BUDGET,
  RECORD_ERROR_RATIO,
  RECORD_EVENTS,
  RECORD_OBJECTIVE,
  RECORD_TIME_TO_EXHAUSTION,
  generateSloRules,
  renderSloRules,
} from './prometheus-rules.js';
export type { AlertingRule, RecordingRule, RuleFile, RuleGroup } from '../common/index.js';
export { sliQueries } from './promql.js';
export type { SliQueries } from './promql.js';
export {
  ALERT_STATE_VALUE,
  LABEL_RESULT,
  LABEL_SLO,
  LABEL_WINDOW,
  METRIC_SLO_ALERT_STATE,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_EVENTS,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  METRIC_SLO_WINDOW_EVENTS,
  SLO_METRICS,
} from '../conventions/index.js';
export { evaluateRecordedEvents } from './evaluate-recorded-events.js';
export type { EvaluateRecordedOptions, SloReport } from './evaluate-recorded-events.js';
export { formatSloReport } from './format-slo-report.js';
