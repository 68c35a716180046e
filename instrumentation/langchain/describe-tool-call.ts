import type { GovernedCall } from '../govern.js';

/** What the patch reads from a LangChain tool (structural: no framework types in our API). */
export interface LangChainToolLike {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly responseFormat?: unknown;
}

interface ToolCallLike {
  readonly type: 'tool_call';
  readonly id?: unknown;
  readonly args?: unknown;
}

interface RunnableConfigLike {
  readonly metadata?: Record<string, unknown>;
  readonly configurable?: Record<string, unknown>;
  readonly toolCall?: { readonly id?: unknown };
  readonly toolCallId?: unknown;
}

/**
 * The governed call of `StructuredTool.call(arg, config)`: the tool name, the tool call id (from
 * a `ToolCall` input, `config.toolCall` or LangGraph's `runtime.toolCallId`), the arguments, the
 * agent (`metadata.lc_agent_name`, set by `createAgent` and by our LangGraph patch for named
 * graphs) and the conversation (LangGraph's `configurable.thread_id`). Undefined for a tool
 * without a name.
 */
export function describeToolCall(
  tool: LangChainToolLike,
  arg: unknown,
  configArg: unknown,
): GovernedCall | undefined {
  if (typeof tool.name !== 'string' || tool.name === '') return undefined;
  const toolCall = isToolCall(arg) ? arg : undefined;
  const config = isRecord(configArg) ? (configArg as RunnableConfigLike) : undefined;
  const input = toolCall ? toolCall.args : arg;
  const agentName = text(config?.metadata?.lc_agent_name);
  return {
    tool: tool.name,
    args: isRecord(input) ? input : input === undefined ? undefined : { input },
    callId: text(toolCall?.id) ?? text(config?.toolCall?.id) ?? text(config?.toolCallId),
    agent: agentName === undefined ? undefined : { id: agentName, name: agentName },
    description: text(tool.description),
    conversationId: text(config?.configurable?.thread_id),
  };
}

/** True for LangChain's `ToolCall` shape (`{ type: 'tool_call', id, name, args }`). */
export function isToolCall(value: unknown): value is ToolCallLike {
  return isRecord(value) && value.type === 'tool_call';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
