/**
 * `@agc/otel/processors`: the building blocks to assemble governance into a tracer provider of
 * your own — the Governor, its span processor and sampler, metrics, the recorder — and the
 * runtime that wires them the way the preload does.
 */
export {
  GovernanceMetrics,
  GovernanceSampler,
  GovernanceSpanProcessor,
  Governor,
  QuarantineRegistry,
  RecordingSpanProcessor,
  getGlobalGovernor,
  setGlobalGovernor,
} from '../processors/index.js';
export type {
  GovernanceMetricsOptions,
  GovernanceObserver,
  GovernorOptions,
  ObserverEvent,
  Quarantine,
  RecordingSpanProcessorOptions,
  VerdictSource,
} from '../processors/index.js';
export { RecordingWriter } from '../recording/index.js';
export type { RecordingWriterOptions } from '../recording/index.js';
export { ConfigError, GovernanceRuntime, runtimeConfigFromEnv } from '../runtime/index.js';
export type { GovernanceRuntimeOptions, RuntimeConfig } from '../runtime/index.js';
