import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as api from '@opentelemetry/api';
import type { ContextManager, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import { packageRequire } from '../common/index.js';

/** The registration entry points of one loaded copy of `@opentelemetry/api`. */
export interface ApiCopy {
  readonly trace: {
    setGlobalTracerProvider(provider: TracerProvider): boolean;
    disable(): void;
  };
  readonly context: { setGlobalContextManager(manager: ContextManager): boolean; disable(): void };
  readonly propagation: {
    setGlobalPropagator(propagator: TextMapPropagator): boolean;
    disable(): void;
  };
}

/**
 * Every module instance of `@opentelemetry/api` the app may register through. All copies share
 * one global registry, but each has its own `trace`/`context`/`propagation` singletons, and API
 * 1.10 ships separate CommonJS and ESM builds: an ESM app's NodeSDK registers through the ESM
 * instance while a `--require` preload holds the CommonJS one. So: the instance this build
 * imports, the CommonJS one, and the ESM one beside it (loaded with `require(esm)` where Node
 * has it, as Node 20.19+ does).
 */
export function apiCopies(): ApiCopy[] {
  const copies: ApiCopy[] = [api];
  const add = (load: () => unknown): void => {
    try {
      const copy = load() as Partial<ApiCopy> | undefined;
      if (copy?.trace !== undefined && !copies.some((c) => c.trace === copy.trace))
        copies.push(copy as ApiCopy);
    } catch {
      // Not loadable here: the instances above are the ones in use.
    }
  };
  const require = packageRequire();
  add(() => require('@opentelemetry/api'));
  add(() => {
    const main = require.resolve('@opentelemetry/api');
    const esm = join(dirname(main), 'index.mjs');
    const canRequireEsm = (process.features as { require_module?: boolean }).require_module;
    return main.endsWith('.cjs') && canRequireEsm === true && existsSync(esm)
      ? require(esm)
      : undefined;
  });
  return copies;
}
