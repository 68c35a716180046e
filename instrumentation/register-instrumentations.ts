import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ConfigError } from '../processors/index.js';
import type { AgcInstrumentation } from './agc-instrumentation.js';
import { FRAMEWORK_INSTRUMENTATIONS } from './frameworks.js';
import type { FrameworkInstrumentation } from './frameworks.js';
import { entryIsCommonJs, isLoaderHooksThread, registerLoaderHook } from './loader-hook.js';
import type { LoaderHookState } from './loader-hook.js';
import { esmIncludePattern } from './patch-target.js';
import { EXIT_CONFIG } from './start.js';

/** Options of {@link enableInstrumentations}. */
export interface EnableInstrumentationsOptions {
  /**
   * Environment: `AGC_INSTRUMENTATIONS` (comma list: only these frameworks; `none`: none),
   * `AGC_DISABLED_INSTRUMENTATIONS` (comma list, applied after), `AGC_THROW_ON_DENY`
   * (`true`: {@link AgcInstrumentationConfig.throwOnDeny}) and `AGC_ESM_HOOK`: `auto` (the
   * default: register the ESM loader hook unless the entry script is CommonJS), `on`, `off`.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /** The app's entry script, to tell CommonJS apps. @default process.argv[1] */
  readonly entry?: string;
  /** Exits on invalid configuration (tests replace it). @default process.exit */
  readonly exit?: (code: number) => never;
}

/** What {@link enableInstrumentations} set up. */
export interface EnabledInstrumentations {
  /** The enabled framework instrumentations. */
  readonly instrumentations: readonly AgcInstrumentation[];
  /** Whether the ESM loader hook was registered (or why not: `off`, `commonjs-entry`). */
  readonly loaderHook: LoaderHookState | 'off' | 'commonjs-entry';
  /** Disables (unpatches) every instrumentation. The loader hook stays (Node cannot remove it). */
  disable(): void;
}

// One set per process, also when both preloads run.
const ENABLED_KEY = Symbol.for('@agc/otel.instrumentations');
type Holder = { [ENABLED_KEY]?: EnabledInstrumentations };

/**
 * Enables the framework instrumentations selected by the environment and registers the ESM
 * loader hook limited to the files they patch. Called by the preload (`startFromEnvironment`)
 * before the app loads; idempotent (the second call returns the first result).
 *
 * An unknown framework name in `AGC_INSTRUMENTATIONS` / `AGC_DISABLED_INSTRUMENTATIONS` or an
 * invalid `AGC_ESM_HOOK` refuses to start, like any invalid configuration: one line on stderr and
 * exit code 78. Does nothing (undefined) in Node's loader-hooks thread, where `--require`
 * preloads run too.
 */
export function enableInstrumentations(
  options: EnableInstrumentationsOptions = {},
): EnabledInstrumentations | undefined {
  if (isLoaderHooksThread()) return undefined;
  const holder = globalThis as Holder;
  const existing = holder[ENABLED_KEY];
  if (existing !== undefined) return existing;
  const env = options.env ?? process.env;
  let frameworks: readonly FrameworkInstrumentation[];
  let hookMode: EsmHookMode;
  try {
    frameworks = selectFrameworks(env);
    hookMode = esmHookMode(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`@agc/otel: invalid configuration, refusing to start: ${error.message}\n`);
    return (options.exit ?? ((code: number) => process.exit(code)))(EXIT_CONFIG);
  }
  const throwOnDeny = flag(env.AGC_THROW_ON_DENY);
  const instrumentations = frameworks.map((framework) => framework.create({ throwOnDeny }));
  const unregister = registerInstrumentations({ instrumentations });
  const include = frameworks.flatMap((framework) => framework.targets.map(esmIncludePattern));
  const enabled: EnabledInstrumentations = {
    instrumentations,
    loaderHook: loaderHook(hookMode, options.entry ?? process.argv[1], include),
    disable: () => {
      unregister();
      delete holder[ENABLED_KEY];
    },
  };
  holder[ENABLED_KEY] = enabled;
  return enabled;
}

/**
 * The frameworks the environment selects: all of {@link FRAMEWORK_INSTRUMENTATIONS}, or those
 * named by `AGC_INSTRUMENTATIONS`, minus `AGC_DISABLED_INSTRUMENTATIONS`.
 *
 * @throws ConfigError naming the variable, the unknown name and the known ones.
 */
export function selectFrameworks(
  env: NodeJS.ProcessEnv = process.env,
): readonly FrameworkInstrumentation[] {
  const only = names(env, 'AGC_INSTRUMENTATIONS');
  const disabled = names(env, 'AGC_DISABLED_INSTRUMENTATIONS');
  return FRAMEWORK_INSTRUMENTATIONS.filter(
    (framework) =>
      (only === undefined || only.has(framework.name)) && !disabled?.has(framework.name),
  );
}

/** `AGC_ESM_HOOK`: when to register the ESM loader hook. */
export type EsmHookMode = 'auto' | 'on' | 'off';
const ESM_HOOK_MODES: readonly EsmHookMode[] = ['auto', 'on', 'off'];

/**
 * `AGC_ESM_HOOK` of ENV. @default 'auto'
 * @throws ConfigError for any other value.
 */
export function esmHookMode(env: NodeJS.ProcessEnv = process.env): EsmHookMode {
  const raw = env.AGC_ESM_HOOK?.trim().toLowerCase() || 'auto';
  if (!(ESM_HOOK_MODES as readonly string[]).includes(raw)) {
    throw new ConfigError(`AGC_ESM_HOOK='${env.AGC_ESM_HOOK}': expected auto, on or off`);
  }
  return raw as EsmHookMode;
}

function loaderHook(
  mode: EsmHookMode,
  entry: string | undefined,
  include: RegExp[],
): EnabledInstrumentations['loaderHook'] {
  if (mode === 'off' || include.length === 0) return 'off';
  if (mode !== 'on' && entryIsCommonJs(entry)) return 'commonjs-entry';
  return registerLoaderHook(include);
}

function names(env: NodeJS.ProcessEnv, variable: string): Set<string> | undefined {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.toLowerCase() === 'none') return new Set();
  const known = FRAMEWORK_INSTRUMENTATIONS.map((framework) => framework.name);
  const list = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of list) {
    if (!known.includes(name)) {
      throw new ConfigError(
        `${variable}='${raw}': unknown framework '${name}' (expected 'none' or a comma list of ${known.join(', ')})`,
      );
    }
  }
  return new Set(list);
}

function flag(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return v === 'true' || v === '1';
}
