import type { AgcInstrumentation, AgcInstrumentationConfig } from './agc-instrumentation.js';
import { AiSdkInstrumentation } from './ai-sdk/ai-sdk-instrumentation.js';
import { AI_SDK_TARGETS } from './ai-sdk/targets.js';
import { GoogleAdkInstrumentation } from './google-adk/google-adk-instrumentation.js';
import { ADK_LLM_AGENT, ADK_PLUGIN_MANAGER } from './google-adk/targets.js';
import { LangChainInstrumentation } from './langchain/langchain-instrumentation.js';
import { LANGCHAIN_CHAT_MODELS, LANGCHAIN_TOOLS, LANGGRAPH_PREGEL } from './langchain/targets.js';
import { LlamaIndexInstrumentation } from './llamaindex/llamaindex-instrumentation.js';
import { LLAMAINDEX_WORKFLOW } from './llamaindex/targets.js';
import { MastraInstrumentation } from './mastra/mastra-instrumentation.js';
import { MASTRA_AGENT } from './mastra/targets.js';
import { McpInstrumentation } from './mcp/mcp-instrumentation.js';
import { MCP_CLIENT, MCP_SERVER } from './mcp/targets.js';
import { OpenAIAgentsInstrumentation } from './openai-agents/openai-agents-instrumentation.js';
import {
  OPENAI_AGENTS_AGENT,
  OPENAI_AGENTS_MODEL_RETRY,
  OPENAI_AGENTS_RUNNER,
  OPENAI_AGENTS_TOOL,
  OPENAI_AGENTS_USAGE,
} from './openai-agents/targets.js';
import type { FrameworkName } from './framework-names.js';
import type { PatchTarget } from './patch-target.js';

/** One supported framework: its name (as in `AGC_INSTRUMENTATIONS`), what it patches, its class. */
export interface FrameworkInstrumentation {
  /** Name used by `AGC_INSTRUMENTATIONS` / `AGC_DISABLED_INSTRUMENTATIONS`. */
  readonly name: FrameworkName;
  /** The modules it patches (versions, CommonJS and ESM files). */
  readonly targets: readonly PatchTarget[];
  /** Builds the instrumentation (enabled). */
  readonly create: (config: AgcInstrumentationConfig) => AgcInstrumentation;
}

/** Every framework `@agc/otel` instruments, in registration order. */
export const FRAMEWORK_INSTRUMENTATIONS: readonly FrameworkInstrumentation[] = [
  {
    name: 'langchain',
    targets: [LANGCHAIN_TOOLS, LANGGRAPH_PREGEL, LANGCHAIN_CHAT_MODELS],
    create: (config) => new LangChainInstrumentation(config),
  },
  {
    name: 'openai-agents',
    targets: [
      OPENAI_AGENTS_TOOL,
      OPENAI_AGENTS_AGENT,
      OPENAI_AGENTS_RUNNER,
      OPENAI_AGENTS_MODEL_RETRY,
      OPENAI_AGENTS_USAGE,
    ],
    create: (config) => new OpenAIAgentsInstrumentation(config),
  },
  {
    name: 'ai-sdk',
    targets: AI_SDK_TARGETS,
    create: (config) => new AiSdkInstrumentation(config),
  },
  {
    name: 'mcp',
    targets: [MCP_CLIENT, MCP_SERVER],
    create: (config) => new McpInstrumentation(config),
  },
  {
    name: 'google-adk',
    targets: [ADK_PLUGIN_MANAGER, ADK_LLM_AGENT],
    create: (config) => new GoogleAdkInstrumentation(config),
  },
  {
    name: 'llamaindex',
    targets: [LLAMAINDEX_WORKFLOW],
    create: (config) => new LlamaIndexInstrumentation(config),
  },
  {
    name: 'mastra',
    targets: [MASTRA_AGENT],
    create: (config) => new MastraInstrumentation(config),
  },
];
