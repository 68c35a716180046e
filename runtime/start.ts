import { existsSync } from 'node:fs';
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { enableInstrumentations } from '../instrumentation/index.js';
import { setGlobalGovernor } from '../processors/index.js';
import { reportFrameworks } from './framework-report.js';
import { GovernanceRuntime } from './governance-runtime.js';
import { processExit, refuseToStart } from './refuse-start.js';
import type { Exit } from './refuse-start.js';
import { ConfigError, runtimeConfigFromEnv } from './runtime-config.js';
import type { LogLevel } from './runtime-config.js';
import { loadRuntimeInputs } from './runtime-inputs.js';

const RUNTIME_KEY = Symbol.for('@agc/otel.runtime');
type Holder = { [RUNTIME_KEY]?: GovernanceRuntime | null };

/** Options of {@link startFromEnvironment}. */
export interface StartOptions {
  /** Environment to read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Exits the process (tests replace it). @default process.exit */
  readonly exit?: Exit;
}

/**
 * What the preload (`--require @agc/otel`, `--import @agc/otel/register`) runs: reads the
 * environment, loads the policy, starts the {@link GovernanceRuntime} and installs its Governor
 * for `govern()`. Idempotent (a second preload copy finds the first runtime).
 *
 * An invalid policy refuses to start: one line naming file:line:column on stderr and exit code
 * 78 — unless `AGC_MODE=audit`, where it warns and runs without the policy. `AGC_MODE=off` or
 * `OTEL_SDK_DISABLED=true` starts nothing.
 */
export function startFromEnvironment(options: StartOptions = {}): GovernanceRuntime | undefined {
  const holder = globalThis as Holder;
  if (holder[RUNTIME_KEY] !== undefined) return holder[RUNTIME_KEY] ?? undefined;
  const env = options.env ?? process.env;
  const exit = options.exit ?? processExit;

  let config;
  try {
    config = runtimeConfigFromEnv(env, existsSync);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return refuseToStart(`invalid configuration, refusing to start: ${error.message}`, exit);
  }
  setupDiagLogger(config.logLevel);
  if (config.sdkDisabled || config.mode === 'off') {
    holder[RUNTIME_KEY] = null;
    return undefined;
  }

  const { inputs, problems } = loadRuntimeInputs(config);
  for (const p of problems) {
    const more = p.more > 0 ? ` (and ${p.more} more: ${p.check})` : '';
    if (config.mode !== 'audit') {
      return refuseToStart(`invalid ${p.what}, refusing to start: ${p.first}${more}`, exit);
    }
    process.stderr.write(
      `@agc/otel: invalid ${p.what}, running in audit mode without it: ${p.first}${more}\n`,
    );
  }

  let runtime: GovernanceRuntime;
  try {
    runtime = GovernanceRuntime.start({ config, ...inputs });
  } catch (error) {
    // Chaos specs and replay recordings are read at start: a bad one refuses to start.
    const message = error instanceof Error ? error.message : String(error);
    return refuseToStart(`refusing to start: ${message}`, exit);
  }
  setGlobalGovernor(runtime.governor);
  holder[RUNTIME_KEY] = runtime;
  enableInstrumentations({
    frameworks: config.instrumentations,
    esmHook: config.esmHook,
    throwOnDeny: config.throwOnDeny,
  });
  try {
    reportFrameworks(runtime.metrics, { enabled: config.instrumentations, mode: config.mode });
  } catch (error) {
    diag.warn('@agc/otel: could not list the installed framework packages', error);
  }
  // Flush exporters when the event loop drains; the recorder also flushes on exit and signals.
  process.once('beforeExit', () => void runtime.shutdown());
  return runtime;
}

/** The runtime started by the preload, if any. */
export function getRuntime(): GovernanceRuntime | undefined {
  return (globalThis as Holder)[RUNTIME_KEY] ?? undefined;
}

const DIAG_LEVELS: Readonly<Record<LogLevel, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function setupDiagLogger(level: LogLevel): void {
  diag.setLogger(new DiagConsoleLogger(), {
    logLevel: DIAG_LEVELS[level],
    suppressOverrideMessage: true,
  });
}
