import type { PatchTarget } from '../patch-target.js';

/**
 * The `@mastra/core/agent` entry: `Agent.prototype.convertTools`, where an agent assembles every
 * tool it offers the model (assigned tools, memory, toolsets, client tools, sub-agents,
 * workflows, workspace, skills, browser, input-processor tools) into one executable map. The
 * `Agent` class itself lives in a content-hashed chunk; this entry re-exports it under a stable
 * path in both builds.
 */
export const MASTRA_AGENT: PatchTarget = {
  package: '@mastra/core',
  versions: ['>=1.71.0 <2'],
  cjs: 'dist/agent/index.cjs',
  esm: 'dist/agent/index.js',
};
