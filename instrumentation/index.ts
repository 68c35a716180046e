export { govern } from './govern.js';
export type { GovernedCall, GovernOptions, ResultCodec } from './govern.js';
export { recordModelCall } from './model-call.js';
export type { ModelCall, ModelResponseCodec, ModelUsage } from './model-call.js';
export { withAgent, currentAgent } from './with-agent.js';
export { PolicyDeniedError, isPolicyDeniedError } from './policy-denied-error.js';
export { enableInstrumentations } from './register-instrumentations.js';
export type {
  EnableInstrumentationsOptions,
  EnabledInstrumentations,
} from './register-instrumentations.js';
export { FRAMEWORK_NAMES } from './framework-names.js';
export type { EsmHookMode, FrameworkName } from './framework-names.js';
export { FRAMEWORK_INSTRUMENTATIONS } from './frameworks.js';
export type { FrameworkInstrumentation } from './frameworks.js';
export { frameworkCensus } from './framework-census.js';
export type { FrameworkPackage } from './framework-census.js';
export type { PatchTarget } from './patch-target.js';
export { AgcInstrumentation } from './agc-instrumentation.js';
export type { AgcInstrumentationConfig } from './agc-instrumentation.js';
export { LangChainInstrumentation } from './langchain/langchain-instrumentation.js';
export type { LangChainInstrumentationConfig } from './langchain/langchain-instrumentation.js';
export { OpenAIAgentsInstrumentation } from './openai-agents/openai-agents-instrumentation.js';
export type { OpenAIAgentsInstrumentationConfig } from './openai-agents/openai-agents-instrumentation.js';
export { AiSdkInstrumentation } from './ai-sdk/ai-sdk-instrumentation.js';
export type { AiSdkInstrumentationConfig } from './ai-sdk/ai-sdk-instrumentation.js';
export { McpInstrumentation } from './mcp/mcp-instrumentation.js';
export type { McpInstrumentationConfig } from './mcp/mcp-instrumentation.js';
export { GoogleAdkInstrumentation } from './google-adk/google-adk-instrumentation.js';
export type { GoogleAdkInstrumentationConfig } from './google-adk/google-adk-instrumentation.js';
export { LlamaIndexInstrumentation } from './llamaindex/llamaindex-instrumentation.js';
export type { LlamaIndexInstrumentationConfig } from './llamaindex/llamaindex-instrumentation.js';
export { MastraInstrumentation } from './mastra/mastra-instrumentation.js';
export type { MastraInstrumentationConfig } from './mastra/mastra-instrumentation.js';
