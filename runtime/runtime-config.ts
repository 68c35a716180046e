import { FRAMEWORK_NAMES } from '../instrumentation/framework-names.js';
import { parseDuration } from '../common/index.js';
import { adminTokenFile } from './admin-token.js';
import type { EsmHookMode, FrameworkName } from '../instrumentation/framework-names.js';

/**
 * Everything the runtime reads from the environment, resolved. The one reader of `AGC_*` and the
 * `OTEL_*` variables we honour: nothing else in the project parses them.
 */
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
  /**
   * `AGC_RECORD_SIGNING_KEY`: an Ed25519 private key (PEM text or file) every recording line
   * and head is signed with; `agc verify --public-key` checks them with the public half alone.
   */
  readonly recordSigningKey: string | undefined;
  /** `AGC_RECORD_MAX_TOTAL_BYTES`: disk this service's recordings may use (oldest deleted). */
  readonly recordMaxTotalBytes: number | undefined;
  /** `AGC_RECORD_MAX_AGE` (a duration such as `7d`): rotated recordings older are deleted. */
  readonly recordMaxAgeMs: number | undefined;
  /** `AGC_METRICS_PORT` (0 = off). @default 9464 */
  readonly metricsPort: number;
  /** `AGC_ADMIN_TOKEN`: bearer token every admin call needs (required on a non-loopback host). */
  readonly adminToken: string | undefined;
  /**
   * `AGC_ADMIN_TOKEN_FILE`: without `AGC_ADMIN_TOKEN`, where the token state-changing admin calls
   * need is kept (generated at start, mode 0600). @default '.agc/admin-token'
   */
  readonly adminTokenFile: string;
  /** `AGC_METRICS_HOST`. @default '127.0.0.1' */
  readonly metricsHost: string;
  /** `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` or `AGC_CAPTURE_CONTENT`. @default false */
  readonly captureContent: boolean;
  /** `AGC_CAPTURE_MAX_CHARS`: longest recorded content value. @default 65536 */
  readonly captureMaxChars: number;
  /** OTLP export: `OTEL_TRACES_EXPORTER` contains otlp, or an OTLP endpoint is set. */
  readonly otlp: boolean;
  /**
   * `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` or `OTEL_EXPORTER_OTLP_PROTOCOL`: grpc, http/protobuf or
   * http/json. @default 'http/protobuf' (the OpenTelemetry specification's default)
   */
  readonly otlpProtocol: OtlpProtocol;
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
  /**
   * The frameworks to instrument: `AGC_INSTRUMENTATIONS` (comma list; `none`: none) minus
   * `AGC_DISABLED_INSTRUMENTATIONS`. @default every framework
   */
  readonly instrumentations: readonly FrameworkName[];
  /** `AGC_ESM_HOOK`: auto | on | off. @default 'auto' */
  readonly esmHook: EsmHookMode;
  /** `AGC_THROW_ON_DENY=true`: a denied call throws instead of returning a refusal. */
  readonly throwOnDeny: boolean;
  /** `OTEL_LOG_LEVEL` for OTel's diag logger (none, error, warn, info, debug, verbose, all). */
  readonly logLevel: LogLevel;
}

/** `OTEL_LOG_LEVEL` values, as OTel's `DiagLogLevel` names them. */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';
const LOG_LEVELS: readonly LogLevel[] = [
  'none',
  'error',
  'warn',
  'info',
  'debug',
  'verbose',
  'all',
];
const ESM_HOOK_MODES: readonly EsmHookMode[] = ['auto', 'on', 'off'];

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
    recordSigningKey: env.AGC_RECORD_SIGNING_KEY?.trim() || undefined,
    recordMaxTotalBytes: optionalInteger(env, 'AGC_RECORD_MAX_TOTAL_BYTES', 4096),
    recordMaxAgeMs: optionalDuration(env, 'AGC_RECORD_MAX_AGE'),
    ...secretsFromEnv(env),
    adminTokenFile: adminTokenFile(env),
    metricsPort: metricsEndpointFromEnv(env).port,
    metricsHost: metricsEndpointFromEnv(env).host,
    captureContent:
      captureFlag(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT) ||
      captureFlag(env.AGC_CAPTURE_CONTENT),
    captureMaxChars: integer(env, 'AGC_CAPTURE_MAX_CHARS', 65536, 256),
    otlp:
      exporters.includes('otlp') ||
      Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    otlpProtocol: oneOf(
      env,
      env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
        ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
        : 'OTEL_EXPORTER_OTLP_PROTOCOL',
      OTLP_PROTOCOLS,
      'http/protobuf',
    ),
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
    instrumentations: selectFrameworks(env),
    esmHook: oneOf(env, 'AGC_ESM_HOOK', ESM_HOOK_MODES, 'auto'),
    throwOnDeny: flag(env.AGC_THROW_ON_DENY),
    // An unknown level is not worth refusing to start for: OTel JS falls back to warn too.
    logLevel: LOG_LEVELS.find((l) => l === env.OTEL_LOG_LEVEL?.trim().toLowerCase()) ?? 'warn',
  };
}

/**
 * `AGC_METRICS_HOST` and `AGC_METRICS_PORT` alone: where a governed process serves `/metrics`
 * and its admin endpoints (what `agc quarantine` talks to).
 *
 * @throws {@link ConfigError} for a port that is not an integer from 0 to 65535.
 */
export function metricsEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): {
  readonly host: string;
  readonly port: number;
} {
  return {
    host: env.AGC_METRICS_HOST?.trim() || '127.0.0.1',
    port: integer(env, 'AGC_METRICS_PORT', 9464, 0, 65535),
  };
}

/**
 * `AGC_RECORD_KEY` and `AGC_ADMIN_TOKEN` alone (empty means unset): what the CLI takes as the
 * defaults of `--key` and `--token`, read as the governed process reads them.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  readonly recordKey: string | undefined;
  readonly adminToken: string | undefined;
} {
  return {
    recordKey: env.AGC_RECORD_KEY || undefined,
    adminToken: env.AGC_ADMIN_TOKEN || undefined,
  };
}

function selectFrameworks(env: NodeJS.ProcessEnv): FrameworkName[] {
  const only = frameworkNames(env, 'AGC_INSTRUMENTATIONS');
  const disabled = frameworkNames(env, 'AGC_DISABLED_INSTRUMENTATIONS');
  return FRAMEWORK_NAMES.filter(
    (name) => (only === undefined || only.has(name)) && !disabled?.has(name),
  );
}

function frameworkNames(env: NodeJS.ProcessEnv, variable: string): Set<string> | undefined {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.toLowerCase() === 'none') return new Set();
  const list = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of list) {
    if (!(FRAMEWORK_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(
        `${variable}='${raw}': unknown framework '${name}' (expected 'none' or a comma list of ${FRAMEWORK_NAMES.join(', ')})`,
      );
    }
  }
  return new Set(list);
}

/** The OTLP transports of the OpenTelemetry specification. */
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';
const OTLP_PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = env[name]?.trim().toLowerCase() || fallback;
  const value = values.find((v) => v === raw);
  if (value === undefined) {
    const expected = `${values.slice(0, -1).join(', ')} or ${values[values.length - 1] ?? ''}`;
    throw new ConfigError(`${name}='${env[name]}': expected ${expected}`);
  }
  return value;
}

function flag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === 'true' || v === '1';
}

// Accepts the boolean form and Python's enum form (SPAN_ONLY, SPAN_AND_EVENT, ...).
function captureFlag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return (
    v === 'true' || v === '1' || v === 'span_only' || v === 'span_and_event' || v === 'event_only'
  );
}

function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : integer(env, name, 0, min);
}

function optionalDuration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined)
    throw new ConfigError(`${name}='${raw}': expected a duration such as 12h or 7d`);
  return ms;
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
