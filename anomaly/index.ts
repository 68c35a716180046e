/**
 * `@agc/otel/anomaly`: behavioural anomaly detection for agents, pure (no OTel SDK).
 *
 * Runtime wiring (the Governor): build one {@link AnomalyMonitor} from the policy's `anomaly:`
 * block (or an options object) and call `monitor.observe(event)` once per finished tool call
 * with the call's `ToolCallEvent`. When it returns an assessment: add one `agc.anomaly` span
 * event per finding on that call's span (attributes: {@link anomalyEventAttributes}); set
 * `agc_anomaly_score{agent,detector}` from `monitor.scores(agentId)`; and when
 * `assessment.action === 'quarantine'`, quarantine the agent for `assessment.quarantineTtlMs`.
 * Offline, the same monitor over recorded events gives the same findings. Fleet scale:
 * {@link generateAnomalyRules}.
 */
export { AnomalyMonitor } from './anomaly-monitor.js';
export type { AnomalyMonitorHooks } from './anomaly-monitor.js';
export { ANOMALY_DEFAULTS } from './defaults.js';
export { AnomalyConfigError, anomalyOptionsSchema, resolveAnomalyOptions } from './options.js';
export { FrequencyDetector } from './frequency-detector.js';
export { EntropyDetector } from './entropy-detector.js';
export { CapabilityDetector } from './capability-detector.js';
export { LatencyDetector } from './latency-detector.js';
export { ErrorRateDetector, ERROR_WINDOW } from './error-rate-detector.js';
export { combineRisk } from './risk.js';
export { normaliseScore, riskLevelOf, riskRank } from './score.js';
export {
  MAD_TO_SIGMA,
  MEAN_AD_TO_SIGMA,
  flooredSigma,
  jensenShannonDivergence,
  jsdSamplingBias,
  leaveOneOutZ,
  meanStats,
  robustStats,
  shannonEntropy,
  zScore,
} from './statistics.js';
export type { BaselineStats } from './statistics.js';
export {
  anomalyRuleNames,
  generateAnomalyRules,
  rawForScore,
  renderAnomalyRules,
} from './prometheus-rules.js';
export type { AnomalyRuleNames } from './prometheus-rules.js';
export type { PrometheusRule, RuleFile, RuleGroup } from '../common/index.js';
export {
  ATTR_AGC_ANOMALY_ACTION,
  ATTR_AGC_ANOMALY_DETAILS_PREFIX,
  ATTR_AGC_ANOMALY_DETECTOR,
  ATTR_AGC_ANOMALY_REASON,
  ATTR_AGC_ANOMALY_RISK,
  ATTR_AGC_ANOMALY_RISK_LEVEL,
  ATTR_AGC_ANOMALY_SCORE,
  ATTR_AGC_ANOMALY_SEVERITY,
  ATTR_AGC_ANOMALY_TOOL,
  anomalyEventAttributes,
} from './span-event.js';
export { DETECTOR_KINDS, RISK_LEVELS } from './types.js';
export type {
  AnomalyAction,
  AnomalyAssessment,
  AnomalyFinding,
  AnomalyOptions,
  AnomalyOptionsInput,
  CapabilityOptions,
  Detector,
  DetectorKind,
  DetectorSignal,
  EntropyOptions,
  ErrorRateOptions,
  FindingDetails,
  FrequencyOptions,
  LatencyOptions,
  RiskLevel,
  RiskThresholds,
} from './types.js';
