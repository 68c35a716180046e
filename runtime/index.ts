/**
 * `runtime/`: start-up, the composition root. Reads the environment once
 * ({@link runtimeConfigFromEnv}), loads the policy, SLO specs and anomaly options, builds the
 * tracer provider with the governance processors, recorder and exporters, serves `/metrics`, and
 * enables the framework instrumentations. The preloads call {@link startFromEnvironment}.
 */
export { GovernanceRuntime } from './governance-runtime.js';
export type { GovernanceRuntimeOptions } from './governance-runtime.js';
export { startMetricsServer } from './metrics-server.js';
export type { MetricsServer } from './metrics-server.js';
export { EXIT_CONFIG, refuseToStart } from './refuse-start.js';
export type { Exit } from './refuse-start.js';
export {
  ConfigError,
  metricsEndpointFromEnv,
  runtimeConfigFromEnv,
  secretsFromEnv,
} from './runtime-config.js';
export type { LogLevel, OtlpProtocol, RuntimeConfig } from './runtime-config.js';
export { loadRuntimeInputs } from './runtime-inputs.js';
export type { RuntimeInputProblem, RuntimeInputs } from './runtime-inputs.js';
export { samplerFromEnv } from './sampler-from-env.js';
export { getRuntime, startFromEnvironment } from './start.js';
export type { StartOptions } from './start.js';
export {
  DEFAULT_ADMIN_TOKEN_FILE,
  adminTokenFile,
  ensureAdminToken,
  readAdminToken,
} from './admin-token.js';
