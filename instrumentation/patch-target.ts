import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';

/**
 * One module of a framework package that an instrumentation patches, as data: the loader include
 * list, the module definitions and the docs' version table are all derived from these.
 */
export interface PatchTarget {
  /** The npm package. */
  readonly package: string;
  /** Supported versions (semver ranges); other versions are left alone. */
  readonly versions: readonly string[];
  /** Path of the CommonJS file inside the package, if the package ships one. */
  readonly cjs?: string;
  /** Path of the ESM file inside the package (also used for the loader include list). */
  readonly esm: string;
  /**
   * Hook the package's main export instead of its files (single-file bundles such as `ai`); the
   * ESM path still feeds the loader include list.
   */
  readonly main?: boolean;
}

/** Which build of a dual package a patched module belongs to (`main`: a package's main export). */
export type ModuleCopy = 'cjs' | 'esm' | 'main';

/**
 * Patches module exports; returns what the loader should hand out (usually the same object).
 * COPY says which build it is, so a class captured from one file of a copy is used with the
 * other files of the same copy only (the two builds' classes are distinct).
 */
export type ExportsPatch = (exports: unknown, copy: ModuleCopy) => unknown;

/**
 * The OpenTelemetry module definition of TARGET: the package's main export, or its CommonJS and
 * ESM files (both, since an app can load both copies of a dual package).
 */
export function moduleDefinition(
  target: PatchTarget,
  patch: ExportsPatch,
): InstrumentationNodeModuleDefinition {
  const versions = [...target.versions];
  if (target.main === true) {
    return new InstrumentationNodeModuleDefinition(
      target.package,
      versions,
      (exports: unknown) => patch(exports, 'main'),
      noop,
    );
  }
  const file = (path: string, copy: ModuleCopy): InstrumentationNodeModuleFile =>
    new InstrumentationNodeModuleFile(
      `${target.package}/${path}`,
      versions,
      (exports: unknown) => patch(exports, copy),
      noop,
    );
  const files = [file(target.esm, 'esm')];
  if (target.cjs !== undefined) files.unshift(file(target.cjs, 'cjs'));
  return new InstrumentationNodeModuleDefinition(
    target.package,
    versions,
    undefined,
    undefined,
    files,
  );
}

/**
 * The loader include pattern of TARGET's ESM file: matches the file URL under any
 * `node_modules` (npm, yarn and pnpm layouts).
 */
export function esmIncludePattern(target: PatchTarget): RegExp {
  return new RegExp(`/node_modules/${escape(target.package)}/${escape(target.esm)}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Unpatching is done by AgcInstrumentation.disable() for every target it wrapped, also those
// patched before a second copy of the module replaced `moduleExports` in the definition.
function noop(): void {}
