import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of this compiled file, in both builds. The source is compiled to CommonJS
 * (`__filename` exists) and to ESM (no `__filename`, and `import.meta` cannot be written in a
 * source the CommonJS build also compiles), so the ESM case asks V8 for the file of the current
 * stack frame.
 */
export function ownModuleFile(): string {
  if (typeof __filename === 'string') return __filename;
  const descriptor = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  let file: string | null | undefined;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    file = sites[0]?.getFileName();
  } finally {
    if (descriptor === undefined) Reflect.deleteProperty(Error, 'prepareStackTrace');
    else Object.defineProperty(Error, 'prepareStackTrace', descriptor);
  }
  if (file === undefined || file === null) return `${process.cwd()}/`;
  return file.startsWith('file:') ? fileURLToPath(file) : file;
}

/**
 * A `require` that resolves the way this package does (its own `node_modules` first), whatever
 * the app's working directory: used to locate the loader hook and the libraries
 * `@opentelemetry/instrumentation` depends on.
 */
export function packageRequire(): NodeJS.Require {
  return createRequire(ownModuleFile());
}

let version: string | undefined;

/**
 * This package's version, read once from its own `package.json` (found by walking up from this
 * file, so the source tree and both builds agree); `0.0.0` if it cannot be read.
 */
export function packageVersion(): string {
  if (version !== undefined) return version;
  version = '0.0.0';
  let dir = dirname(ownModuleFile());
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === '@agc/otel' && typeof manifest.version === 'string') {
        version = manifest.version;
        break;
      }
    } catch {
      // no manifest here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return version;
}
