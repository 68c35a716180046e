import type { PatchTarget } from '../patch-target.js';

/** `invokeFunctionTool`: the run loop's one call into a function tool. */
export const OPENAI_AGENTS_TOOL: PatchTarget = {
  package: '@openai/agents-core',
  versions: ['>=0.20.0 <1'],
  cjs: 'dist/tool.js',
  esm: 'dist/tool.mjs',
};

/** `Agent.prototype.getAllTools`: tells which agent offered a tool to the model. */
export const OPENAI_AGENTS_AGENT: PatchTarget = {
  package: '@openai/agents-core',
  versions: ['>=0.20.0 <1'],
  cjs: 'dist/agent.js',
  esm: 'dist/agent.mjs',
};

/** `Runner.prototype.run` (under `run(agent, input)`): one agent run, the parent of its tools. */
export const OPENAI_AGENTS_RUNNER: PatchTarget = {
  package: '@openai/agents-core',
  versions: ['>=0.20.0 <1'],
  cjs: 'dist/run.js',
  esm: 'dist/run.mjs',
};

/**
 * `getResponseWithRetry` / `getStreamedResponseWithRetry`: the run loop's one call into the
 * model (every `Model`, every provider), around the SDK's retries.
 */
export const OPENAI_AGENTS_MODEL_RETRY: PatchTarget = {
  package: '@openai/agents-core',
  versions: ['>=0.20.0 <1'],
  cjs: 'dist/runner/modelRetry.js',
  esm: 'dist/runner/modelRetry.mjs',
};

/** `Usage`: captured (not patched) to rebuild replayed model responses with this copy's class. */
export const OPENAI_AGENTS_USAGE: PatchTarget = {
  package: '@openai/agents-core',
  versions: ['>=0.20.0 <1'],
  cjs: 'dist/usage.js',
  esm: 'dist/usage.mjs',
};
