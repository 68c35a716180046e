import type { PatchTarget } from '../patch-target.js';

/**
 * `PluginManager.prototype.runBeforeToolCallback`: ADK calls it for every tool call just before
 * its own `execute_tool` span runs the tool, which is where the patch reaches the tool.
 */
export const ADK_PLUGIN_MANAGER: PatchTarget = {
  package: '@google/adk',
  versions: ['>=2.0.0 <3'],
  cjs: 'dist/cjs/plugins/plugin_manager.js',
  esm: 'dist/esm/plugins/plugin_manager.js',
};

/**
 * `LlmAgent.prototype.canonicalModel`: the getter through which ADK's LLM flow (`callLlmAsync`)
 * obtains the `BaseLlm` it calls, for every model class, which is where the model-call replay
 * wrapper reaches the model instance.
 */
export const ADK_LLM_AGENT: PatchTarget = {
  package: '@google/adk',
  versions: ['>=2.0.0 <3'],
  cjs: 'dist/cjs/agents/llm_agent.js',
  esm: 'dist/esm/agents/llm_agent.js',
};
