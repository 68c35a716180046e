import type { PatchTarget } from '../patch-target.js';

/**
 * `AgentWorkflow.prototype.callTool` / `.run` and `FunctionAgent.prototype.takeStep` of
 * `@llamaindex/workflow` (one bundle per format).
 */
export const LLAMAINDEX_WORKFLOW: PatchTarget = {
  package: '@llamaindex/workflow',
  versions: ['>=1.1.0 <2'],
  cjs: 'dist/index.cjs',
  esm: 'dist/index.js',
  main: true,
};
