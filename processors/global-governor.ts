import type { Governor } from './governor.js';

// On globalThis under a registered symbol: the CJS preload and an ESM import of the package are
// two module instances, and both must find the same Governor.
const KEY = Symbol.for('@agc/otel.governor');

type Holder = { [KEY]?: Governor };

/** The process-wide Governor installed by the preload (or by `setGlobalGovernor`). */
export function getGlobalGovernor(): Governor | undefined {
  return (globalThis as Holder)[KEY];
}

/** Installs (or, with undefined, removes) the process-wide Governor. */
export function setGlobalGovernor(governor: Governor | undefined): void {
  if (governor === undefined) delete (globalThis as Holder)[KEY];
  else (globalThis as Holder)[KEY] = governor;
}
