export { Governor } from './governor.js';
export type { GovernorOptions } from './governor.js';
export { GovernanceSpanProcessor } from './governance-span-processor.js';
export { GovernanceSampler } from './governance-sampler.js';
export { GovernanceMetrics } from './governance-metrics.js';
export type { GovernanceMetricsOptions } from './governance-metrics.js';
export { GovernanceRuntime } from './governance-runtime.js';
export type { GovernanceRuntimeOptions } from './governance-runtime.js';
export { QuarantineRegistry } from './quarantine-registry.js';
export type { Quarantine } from './quarantine-registry.js';
export { RecordingSpanProcessor } from './recorder/recording-span-processor.js';
export type { RecordingSpanProcessorOptions } from './recorder/recording-span-processor.js';
export { RecordingWriter } from '../recording/recording-writer.js';
export type { RecordingWriterOptions } from '../recording/recording-writer.js';
export { startMetricsServer } from './metrics-server.js';
export type { MetricsServer } from './metrics-server.js';
export { runtimeConfigFromEnv, ConfigError } from './runtime-config.js';
export type { RuntimeConfig } from './runtime-config.js';
export { samplerFromEnv } from './sampler-from-env.js';
export { getGlobalGovernor, setGlobalGovernor } from './global-governor.js';
export {
  redact,
  redactDeep,
  redactedJson,
  redactJsonText,
  redactText,
  REDACTED,
} from '../common/redact.js';
export { spanToEvent } from './span-to-event.js';
export { verdictAttributes } from './verdict-attributes.js';
export { TOOL_CALL_CONTEXT_KEY, AGENT_CONTEXT_KEY } from './context-keys.js';
export type { GovernanceObserver, ObserverEvent, VerdictSource } from './types.js';
export { ChaosInjector, applyChaos } from './chaos/chaos-injector.js';
export type { ChaosDecision } from './chaos/chaos-injector.js';
export { loadChaosSpec } from './chaos/chaos-spec.js';
export type { ChaosFault, ChaosSpec } from './chaos/chaos-spec.js';
export { ReplayCassette } from '../recording/replay-cassette.js';
export type {
  CassetteMatch,
  RecordedCall,
  RecordedCallKind,
  ReplayMode,
} from '../recording/replay-cassette.js';
export { ReplayDivergenceError } from '../recording/replay-divergence-error.js';
export type { ReplayCallRef } from '../recording/replay-divergence-error.js';
export { replayKey } from '../recording/replay-key.js';
export { canonicalHash, canonicalJson } from '../common/canonical-json.js';
export { SloGovernance } from './slo-governance.js';
export type { SloGovernanceOptions } from './slo-governance.js';
export { loadRuntimeInputs } from './runtime-inputs.js';
export type { RuntimeInputProblem, RuntimeInputs } from './runtime-inputs.js';
export { AnomalyGovernance } from './anomaly-governance.js';
