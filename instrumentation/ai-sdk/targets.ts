import type { PatchTarget } from '../patch-target.js';

/**
 * The `ai` 6 bundle (one file per format): `generateText` / `streamText` and
 * `ToolLoopAgent.prototype.prepareCall`. Hooked as the package's main export because the bundle
 * has no per-function files.
 */
export const AI_SDK_6: PatchTarget = {
  package: 'ai',
  versions: ['>=6.0.0 <7'],
  cjs: 'dist/index.js',
  esm: 'dist/index.mjs',
  main: true,
};

/**
 * The `ai` 7 bundle: the same exports as 6, ESM only (`dist/index.js`; a CommonJS app loads it
 * with `require(esm)`), Node >= 22.
 */
export const AI_SDK_7: PatchTarget = {
  package: 'ai',
  versions: ['>=7.0.0 <8'],
  esm: 'dist/index.js',
  main: true,
};

/** Every `ai` line governed. */
export const AI_SDK_TARGETS: readonly PatchTarget[] = [AI_SDK_6, AI_SDK_7];
