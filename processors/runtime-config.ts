/** Everything the runtime reads from the environment, resolved. */
export interface RuntimeConfig {
  /** `OTEL_SERVICE_NAME`. @default 'agent' */
  readonly serviceName: string;
  /** `AGC_MODE`: enforce | audit | off. @default 'enforce' */
  readonly mode: 'enforce' | 'audit' | 'off';
  /** `OTEL_SDK_DISABLED=true` turns everything off. */
  readonly sdkDisabled: boolean;
  /** `AGC_POLICY` (comma-separated) or `./agc.policy.yaml` when it exists. */
  readonly policyPaths: readonly string[];
  /** `AGC_SLO` (comma-separated SLO spec files) or `./agc.slo.yaml` when it exists. */
  readonly sloPaths: readonly string[];
  /** `AGC_RECORD_DIR`, or undefined when `AGC_RECORD=off`. @default '.agc/recordings' */
  readonly recordDir: string | undefined;
  /** `AGC_RECORD_MAX_BYTES`. @default 64 MiB */
  readonly recordMaxBytes: number;
  /** `AGC_RECORD_KEY`: HMAC key of the recording chain. */
  readonly recordKey: string | undefined;
  /** `AGC_METRICS_PORT` (0 = off). @default 9464 */
  readonly metricsPort: number;
  /** `AGC_ADMIN_TOKEN`: bearer token for the quarantine admin endpoints on a non-loopback host. */
  readonly adminToken: string | undefined;
  /** `AGC_METRICS_HOST`. @default '127.0.0.1' */
  readonly metricsHost: string;
  /** `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` or `AGC_CAPTURE_CONTENT`. @default false */
  readonly captureContent: boolean;
  /** `AGC_CAPTURE_MAX_CHARS`: longest recorded content value. @default 65536 */
  readonly captureMaxChars: number;
  /** OTLP/HTTP export: `OTEL_TRACES_EXPORTER` contains otlp, or an OTLP endpoint is set. */
  readonly otlp: boolean;
  /** `AGC_ANOMALY=off` turns the anomaly detectors off. @default true */
  readonly anomaly: boolean;
  /** `AGC_CHAOS`: a chaos experiment spec to inject faults from. */
  readonly chaosPath: string | undefined;
  /** `AGC_REPLAY`: recordings (comma-separated) whose tool outcomes are served back. */
  readonly replayPaths: readonly string[];
  /** `AGC_REPLAY_MODE`: strict | record-missing | passthrough. @default 'strict' */
  readonly replayMode: 'strict' | 'record-missing' | 'passthrough';
  /** `AGC_WATCH_POLICY=off` disables hot reload. @default true */
  readonly watchPolicy: boolean;
}

/** A configuration value that cannot be used; the message names the variable and what was expected. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the runtime configuration from ENV (OTel style, environment first).
 *
 * @throws {@link ConfigError} for values that cannot be used.
 */
export function runtimeConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fileExists: (p: string) => boolean = () => false,
): RuntimeConfig {
  const mode = (env.AGC_MODE ?? 'enforce').trim().toLowerCase();
  if (mode !== 'enforce' && mode !== 'audit' && mode !== 'off') {
    throw new ConfigError(`AGC_MODE='${env.AGC_MODE}': expected enforce, audit or off`);
  }
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim());
  const policy = env.AGC_POLICY?.trim();
  const replayMode = (env.AGC_REPLAY_MODE ?? 'strict').trim().toLowerCase();
  if (replayMode !== 'strict' && replayMode !== 'record-missing' && replayMode !== 'passthrough') {
    throw new ConfigError(
      `AGC_REPLAY_MODE='${env.AGC_REPLAY_MODE}': expected strict, record-missing or passthrough`,
    );
  }
  const replay = env.AGC_REPLAY?.trim();
  const slo = env.AGC_SLO?.trim();
  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'agent',
    mode,
    sdkDisabled: env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true',
    policyPaths: policy
      ? policy
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : fileExists('agc.policy.yaml')
        ? ['agc.policy.yaml']
        : [],
    sloPaths: slo
      ? slo
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : fileExists('agc.slo.yaml')
        ? ['agc.slo.yaml']
        : [],
    recordDir:
      env.AGC_RECORD?.trim().toLowerCase() === 'off'
        ? undefined
        : env.AGC_RECORD_DIR?.trim() || '.agc/recordings',
    recordMaxBytes: integer(env, 'AGC_RECORD_MAX_BYTES', 64 * 1024 * 1024, 1024),
    recordKey: env.AGC_RECORD_KEY || undefined,
    metricsPort: integer(env, 'AGC_METRICS_PORT', 9464, 0, 65535),
    adminToken: env.AGC_ADMIN_TOKEN || undefined,
    metricsHost: env.AGC_METRICS_HOST?.trim() || '127.0.0.1',
    captureContent:
      captureFlag(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT) ||
      captureFlag(env.AGC_CAPTURE_CONTENT),
    captureMaxChars: integer(env, 'AGC_CAPTURE_MAX_CHARS', 65536, 256),
    otlp:
      exporters.includes('otlp') ||
      Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    anomaly: env.AGC_ANOMALY?.trim().toLowerCase() !== 'off',
    chaosPath: env.AGC_CHAOS?.trim() || undefined,
    replayPaths: replay
      ? replay
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : [],
    replayMode,
    watchPolicy: env.AGC_WATCH_POLICY?.trim().toLowerCase() !== 'off',
  };
}

// Accepts the boolean form and Python's enum form (SPAN_ONLY, SPAN_AND_EVENT, ...).
function captureFlag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return (
    v === 'true' || v === '1' || v === 'span_only' || v === 'span_and_event' || v === 'event_only'
  );
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}='${raw}': expected an integer from ${min} to ${max}`);
  }
  return n;
}
