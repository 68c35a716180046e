import { diag } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import { packageRequire } from '../../common/index.js';

/** A require-in-the-middle hook (only `unhook` is used). */
export interface RequireHook {
  unhook(): void;
}

type OnRequire = (exports: unknown, name: string, baseDir: string | undefined) => unknown;
type HookConstructor = new (
  modules: string[],
  options: { internals: boolean },
  onRequire: OnRequire,
) => RequireHook;

/**
 * Hooks `require()` of the CommonJS files NAMES (require-in-the-middle full module names, such as
 * `@modelcontextprotocol/sdk/dist/cjs/client`), however they are required: public subpath or
 * relative path inside the package.
 *
 * Needed for the MCP SDK v1, whose root export points at a file that does not exist: the
 * shared OpenTelemetry hook cannot resolve the package and ignores every file of it. Uses the
 * require-in-the-middle copy `@opentelemetry/instrumentation` itself depends on. Undefined (and
 * a diag message) if it cannot be loaded.
 */
export function hookCommonJsFiles(names: string[], onRequire: OnRequire): RequireHook | undefined {
  try {
    const instrumentation = packageRequire().resolve('@opentelemetry/instrumentation');
    const ritm = createRequire(instrumentation)('require-in-the-middle') as {
      Hook: HookConstructor;
    };
    return new ritm.Hook(names, { internals: false }, onRequire);
  } catch (error) {
    diag.warn(
      '@agc/otel: MCP CommonJS hook unavailable; CommonJS MCP apps are not governed',
      error,
    );
    return undefined;
  }
}
