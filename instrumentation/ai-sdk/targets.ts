import type { PatchTarget } from '../patch-target.js';

/**
 * The `ai` bundle (one file per format): `generateText` / `streamText` and
 * `ToolLoopAgent.prototype.prepareCall`. Hooked as the package's main export because the bundle
 * has no per-function files.
 */
export const AI_SDK: PatchTarget = {
  package: 'ai',
  versions: ['>=6.0.0 <7'],
  cjs: 'dist/index.js',
  esm: 'dist/index.mjs',
  main: true,
};
