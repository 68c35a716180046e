import { diag } from '@opentelemetry/api';
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort } from 'node:worker_threads';
import { packageRequire } from '../common/index.js';

/** Why {@link registerLoaderHook} did or did not register the hook. */
export type LoaderHookState = 'registered' | 'already-registered' | 'worker-thread' | 'failed';

/** File extensions whose module format is fixed; others follow the nearest `package.json`. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, 'commonjs' | 'module'>> = {
  '.cjs': 'commonjs',
  '.cts': 'commonjs',
  '.mjs': 'module',
  '.mts': 'module',
};

// One hook per process, also when both preloads (--require and --import) run.
const REGISTERED_KEY = Symbol.for('@agc/otel.loader-hook');
type Holder = { [REGISTERED_KEY]?: true };

/**
 * Registers the import-in-the-middle loader (`@opentelemetry/instrumentation/hook.mjs`) with
 * `module.register`, limited to the INCLUDE list (regular expressions over module URLs) so that
 * only the framework files we patch are wrapped and every other ESM module loads untouched.
 *
 * Main thread only: under `--require`, Node 20 also runs preloads inside the loader worker, where
 * registering again would hook the hooks. The hook file is resolved from this package, so the
 * CommonJS and ESM builds and any working directory find the same file. Never throws.
 */
export function registerLoaderHook(include: readonly RegExp[]): LoaderHookState {
  if (!isMainThread) return 'worker-thread';
  const holder = globalThis as Holder;
  if (holder[REGISTERED_KEY]) return 'already-registered';
  try {
    const hook = pathToFileURL(packageRequire().resolve('@opentelemetry/instrumentation/hook.mjs'));
    register(hook.href, { parentURL: hook.href, data: { include: [...include] } });
    holder[REGISTERED_KEY] = true;
    return 'registered';
  } catch (error) {
    diag.warn('@agc/otel: ESM loader hook not registered; ESM apps are not instrumented', error);
    return 'failed';
  }
}

/**
 * True in the thread Node 20 runs module-customisation hooks in: not the main thread, and not
 * a `Worker` of the app (those have a `parentPort`). Node also runs `--require` preloads there.
 */
export function isLoaderHooksThread(): boolean {
  return !isMainThread && parentPort === null;
}

/**
 * True when ENTRY (the main script, `process.argv[1]`) is CommonJS: `.cjs`, or `.js` / no
 * extension under a `package.json` without `"type": "module"`. Such an app loads the frameworks
 * with `require()`, which require-in-the-middle patches, so the ESM loader hook (and the loader
 * worker it starts) can be skipped. False when unknown (REPL, `-e`, unreadable files).
 */
export function entryIsCommonJs(entry: string | undefined): boolean {
  if (entry === undefined || entry === '') return false;
  const fixed = FORMAT_OF_EXTENSION[extname(entry)];
  if (fixed !== undefined) return fixed === 'commonjs';
  if (!['.js', '.ts', ''].includes(extname(entry))) return false;
  try {
    return packageType(dirname(entry)) !== 'module';
  } catch {
    return false;
  }
}

function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(current, 'package.json'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) return (JSON.parse(text) as { type?: string }).type;
    if (dirname(current) === current) return undefined;
  }
}
