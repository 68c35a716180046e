import { createRequire } from 'node:module';
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
