import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { PatchTarget } from '../patch-target.js';

/** Which build of a dual package a module file belongs to. */
export type ModuleCopy = 'cjs' | 'esm';

/** Patches one copy's module exports; returns what the loader should hand out. */
export type CopyPatch = (exports: unknown, copy: ModuleCopy) => unknown;

/**
 * Like `moduleDefinition()`, but PATCH is told which copy (CommonJS or ESM) it patches, so a
 * class captured from one file of a copy is used with the other files of the same copy only
 * (the two builds' classes are distinct, and `instanceof` tells them apart).
 */
export function copyDefinition(
  target: PatchTarget,
  patch: CopyPatch,
): InstrumentationNodeModuleDefinition {
  const versions = [...target.versions];
  const files: InstrumentationNodeModuleFile[] = [];
  const file = (path: string, copy: ModuleCopy): InstrumentationNodeModuleFile =>
    new InstrumentationNodeModuleFile(
      `${target.package}/${path}`,
      versions,
      (exports: unknown) => patch(exports, copy),
      noop,
    );
  if (target.cjs !== undefined) files.push(file(target.cjs, 'cjs'));
  files.push(file(target.esm, 'esm'));
  return new InstrumentationNodeModuleDefinition(
    target.package,
    versions,
    undefined,
    undefined,
    files,
  );
}

// Unpatching is done by AgcInstrumentation.disable(), as for moduleDefinition().
function noop(): void {}
