/**
 * `@agc/otel`: OpenTelemetry-native governance and SRE for AI agents. Importing this module has
 * no side effects; the preloads (`--require @agc/otel`, `--import @agc/otel/register`) start the
 * runtime. What an app author calls: {@link govern} around a tool, {@link withAgent} to say which
 * agent acts, {@link recordModelCall} for a model call no instrumentation sees, and the refusal
 * they may catch. Everything else lives under the subpaths (`@agc/otel/policy`, `/slo`, ...).
 */
export {
  PolicyDeniedError,
  currentAgent,
  govern,
  isPolicyDeniedError,
  recordModelCall,
  withAgent,
} from './instrumentation/index.js';
export type {
  GovernOptions,
  GovernedCall,
  ModelCall,
  ModelResponseCodec,
  ModelUsage,
  ResultCodec,
} from './instrumentation/index.js';
export type { AgentRef, Verdict } from './policy/index.js';
export { getRuntime, startFromEnvironment } from './runtime/index.js';
export type { StartOptions } from './runtime/index.js';
