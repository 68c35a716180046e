/**
 * `@agc/otel/policy`: load, check and evaluate governance policies outside the runtime (tests,
 * CI, your own enforcement point).
 */
export {
  OBSERVE_VERDICT,
  PolicyEngine,
  PolicyError,
  PolicyWatcher,
  formatPolicySummary,
  loadPolicy,
  loadPolicyFiles,
  summarizePolicy,
} from '../policy/index.js';
export type {
  AgentRef,
  LoadPolicyOptions,
  Policy,
  PolicyEngineOptions,
  PolicyIssue,
  PolicySummary,
  PolicyWatcherOptions,
  ToolCall,
  Usage,
  Verdict,
} from '../policy/index.js';
export { PositionedError, formatIssue } from '../common/index.js';
export type { SourceIssue } from '../common/index.js';
