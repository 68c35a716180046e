/**
 * `@agc/otel/anomaly`: the anomaly detectors and the Prometheus rules that compute the same
 * scores from metrics.
 */
export {
  ANOMALY_DEFAULTS,
  AnomalyConfigError,
  AnomalyMonitor,
  CapabilityDetector,
  DETECTOR_KINDS,
  EntropyDetector,
  ErrorRateDetector,
  FrequencyDetector,
  LatencyDetector,
  generateAnomalyRules,
  renderAnomalyRules,
  resolveAnomalyOptions,
} from '../anomaly/index.js';
export type {
  AnomalyAction,
  AnomalyAssessment,
  AnomalyFinding,
  AnomalyMonitorHooks,
  AnomalyOptions,
  AnomalyOptionsInput,
  Detector,
  DetectorKind,
  DetectorSignal,
  RuleFile,
  RiskLevel,
} from '../anomaly/index.js';
