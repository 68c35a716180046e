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
