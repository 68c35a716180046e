/**
 * `@agc/otel`: OpenTelemetry-native governance and SRE for AI agents. Importing this module has
 * no side effects; the preloads (`--require @agc/otel`, `--import @agc/otel/register`) start the
 * runtime.
 */
export {
  govern,
  recordModelCall,
  withAgent,
  currentAgent,
  PolicyDeniedError,
  isPolicyDeniedError,
} from './instrumentation/index.js';
export type { GovernedCall, ModelCall, ModelResponseCodec } from './instrumentation/index.js';
export { GovernanceRuntime, getRuntime, startFromEnvironment } from './runtime/index.js';
export type { StartOptions } from './runtime/index.js';
export { loadPolicy, loadPolicyFiles, PolicyEngine, PolicyError } from './policy/index.js';
export type { AgentRef, Policy, ToolCall, Verdict } from './policy/index.js';
export {
  Governor,
  GovernanceSampler,
  GovernanceSpanProcessor,
  GovernanceMetrics,
  getGlobalGovernor,
} from './processors/index.js';
export type { GovernanceObserver, ObserverEvent, VerdictSource } from './processors/index.js';
