/**
 * `@agc/otel/slo`: SLO specs (native, Sloth, OpenSLO), burn-rate evaluation, circuit breakers
 * and the Prometheus rules for the same SLOs.
 */
export {
  CircuitBreaker,
  SloCalculator,
  SloError,
  SloMonitor,
  evaluateRecordedEvents,
  formatSloReport,
  generateSloRules,
  loadSloSpecs,
  parseSloSpecs,
  renderSloRules,
} from '../slo/index.js';
export type {
  AlertState,
  CircuitOptions,
  CircuitState,
  EvaluateRecordedOptions,
  LoadSloOptions,
  RuleFile,
  SliKind,
  SloEvaluation,
  SloIssue,
  SloMonitorOptions,
  SloReport,
  SloSpec,
  SloStatus,
  SloTransition,
} from '../slo/index.js';
export { PositionedError, formatIssue } from '../common/index.js';
export type { SourceIssue } from '../common/index.js';
