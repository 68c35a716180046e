import { existsSync } from 'node:fs';
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import {
  ConfigError,
  GovernanceRuntime,
  loadRuntimeInputs,
  runtimeConfigFromEnv,
  setGlobalGovernor,
} from '../processors/index.js';
import { enableInstrumentations } from './register-instrumentations.js';

/** Exit code of a process refused start because of bad configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

const RUNTIME_KEY = Symbol.for('@agc/otel.runtime');
type Holder = { [RUNTIME_KEY]?: GovernanceRuntime | null };

/** Options of {@link startFromEnvironment}. */
export interface StartOptions {
  /** Environment to read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Exits the process (tests replace it). @default process.exit */
  readonly exit?: (code: number) => never;
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
  const exit = options.exit ?? ((code: number) => process.exit(code));
  setupDiagLogger(env);

  let config;
  try {
    config = runtimeConfigFromEnv(env, existsSync);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`@agc/otel: invalid configuration, refusing to start: ${error.message}\n`);
    return exit(EXIT_CONFIG);
  }
  if (config.sdkDisabled || config.mode === 'off') {
    holder[RUNTIME_KEY] = null;
    return undefined;
  }

  const { inputs, problems } = loadRuntimeInputs(config);
  for (const p of problems) {
    const more = p.more > 0 ? ` (and ${p.more} more: ${p.check})` : '';
    if (config.mode !== 'audit') {
      process.stderr.write(`@agc/otel: invalid ${p.what}, refusing to start: ${p.first}${more}\n`);
      return exit(EXIT_CONFIG);
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
    const message =
      error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    process.stderr.write(`@agc/otel: refusing to start: ${message}\n`);
    return exit(EXIT_CONFIG);
  }
  setGlobalGovernor(runtime.governor);
  holder[RUNTIME_KEY] = runtime;
  enableInstrumentations({ env, exit });
  // Flush exporters when the event loop drains; the recorder also flushes on exit and signals.
  process.once('beforeExit', () => void runtime.shutdown());
  return runtime;
}

/** The runtime started by the preload, if any. */
export function getRuntime(): GovernanceRuntime | undefined {
  return (globalThis as Holder)[RUNTIME_KEY] ?? undefined;
}

function setupDiagLogger(env: NodeJS.ProcessEnv): void {
  const level = (env.OTEL_LOG_LEVEL ?? 'warn').trim().toUpperCase();
  const value = (DiagLogLevel as unknown as Record<string, number>)[level] ?? DiagLogLevel.WARN;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: value, suppressOverrideMessage: true });
}
