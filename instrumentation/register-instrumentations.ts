import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { AgcInstrumentation } from './agc-instrumentation.js';
import { FRAMEWORK_NAMES } from './framework-names.js';
import type { EsmHookMode, FrameworkName } from './framework-names.js';
import { FRAMEWORK_INSTRUMENTATIONS } from './frameworks.js';
import { entryIsCommonJs, isLoaderHooksThread, registerLoaderHook } from './loader-hook.js';
import type { LoaderHookState } from './loader-hook.js';
import { esmIncludePattern } from './patch-target.js';

/** Options of {@link enableInstrumentations} (the runtime resolves them from the environment). */
export interface EnableInstrumentationsOptions {
  /** The frameworks to instrument. @default all of {@link FRAMEWORK_NAMES} */
  readonly frameworks?: readonly FrameworkName[];
  /**
   * `auto` registers the ESM loader hook unless the entry script is CommonJS; `on`, `off`.
   * @default 'auto'
   */
  readonly esmHook?: EsmHookMode;
  /** `AgcInstrumentationConfig.throwOnDeny`. @default false */
  readonly throwOnDeny?: boolean;
  /** The app's entry script, to tell CommonJS apps. @default process.argv[1] */
  readonly entry?: string;
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
 * Enables the framework instrumentations and registers the ESM loader hook limited to the files
 * they patch. Called by the preload (`startFromEnvironment`) before the app loads; idempotent (the
 * second call returns the first result). Does nothing (undefined) in Node's loader-hooks thread,
 * where `--require` preloads run too.
 */
export function enableInstrumentations(
  options: EnableInstrumentationsOptions = {},
): EnabledInstrumentations | undefined {
  if (isLoaderHooksThread()) return undefined;
  const holder = globalThis as Holder;
  const existing = holder[ENABLED_KEY];
  if (existing !== undefined) return existing;
  const selected = new Set<string>(options.frameworks ?? FRAMEWORK_NAMES);
  const frameworks = FRAMEWORK_INSTRUMENTATIONS.filter((framework) => selected.has(framework.name));
  const throwOnDeny = options.throwOnDeny ?? false;
  const instrumentations = frameworks.map((framework) => framework.create({ throwOnDeny }));
  const unregister = registerInstrumentations({ instrumentations });
  const include = frameworks.flatMap((framework) => framework.targets.map(esmIncludePattern));
  const enabled: EnabledInstrumentations = {
    instrumentations,
    loaderHook: loaderHook(options.esmHook ?? 'auto', options.entry ?? process.argv[1], include),
    disable: () => {
      unregister();
      delete holder[ENABLED_KEY];
    },
  };
  holder[ENABLED_KEY] = enabled;
  return enabled;
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
