import type { PatchTarget } from '../patch-target.js';

/** `StructuredTool` (every LangChain tool, and LangGraph's ToolNode calls through it). */
export const LANGCHAIN_TOOLS: PatchTarget = {
  package: '@langchain/core',
  versions: ['>=1.0.0 <2'],
  cjs: 'dist/tools/index.cjs',
  esm: 'dist/tools/index.js',
};

/** `Pregel` (compiled LangGraph graphs): carries a named graph's name to its tools as the agent. */
export const LANGGRAPH_PREGEL: PatchTarget = {
  package: '@langchain/langgraph',
  versions: ['>=1.0.0 <2'],
  cjs: 'dist/pregel/index.cjs',
  esm: 'dist/pregel/index.js',
};

/** `BaseChatModel` (every LangChain chat model): its model calls are recorded and replayed. */
export const LANGCHAIN_CHAT_MODELS: PatchTarget = {
  package: '@langchain/core',
  versions: ['>=1.0.0 <2'],
  cjs: 'dist/language_models/chat_models.cjs',
  esm: 'dist/language_models/chat_models.js',
};
