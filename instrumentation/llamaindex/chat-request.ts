import type { AgentRef } from '../../policy/index.js';
import type { ModelCall } from '../model-call.js';

/** The parameters of `llm.chat()` an agent step passes (`LLMChatParamsStreaming`). */
export interface ChatParams {
  readonly messages?: unknown;
  readonly tools?: unknown;
  readonly stream?: unknown;
}

/** The part of a LlamaIndex LLM (`BaseLLM` or any provider class) the description reads. */
export interface ChatModel {
  readonly metadata?: { readonly model?: unknown };
}

/**
 * The {@link ModelCall} of one `llm.chat(PARAMS)` of agent AGENT_NAME: the model from the LLM's
 * `metadata.model` (else its class name), and as the request the messages (`role`, `content`,
 * `options`) and the names of the tools offered. The call ids in `options.toolCall` and
 * `options.toolResult` are left out: providers generate them, and some generate them client-side.
 */
export function describeChat(llm: ChatModel, params: ChatParams, agentName: unknown): ModelCall {
  const request = { messages: messagesOf(params.messages), tools: toolNames(params.tools) };
  const model = modelName(llm);
  const agent: AgentRef | undefined =
    typeof agentName === 'string' && agentName !== ''
      ? { id: agentName, name: agentName }
      : undefined;
  return agent === undefined ? { model, request } : { model, request, agent };
}

function modelName(llm: ChatModel): string {
  const model = llm.metadata?.model;
  if (typeof model === 'string' && model !== '') return model;
  const name = (llm as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'unknown';
}

function messagesOf(messages: unknown): unknown[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((message: unknown) => {
    const { role, content, options } = (message ?? {}) as Record<string, unknown>;
    return options === undefined || options === null
      ? { role, content }
      : { role, content, options: withoutCallIds(options) };
  });
}

function withoutCallIds(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return options;
  const { toolCall, toolResult, ...rest } = options as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (Array.isArray(toolCall)) out.toolCall = toolCall.map(withoutId);
  else if (toolCall !== undefined) out.toolCall = toolCall;
  if (toolResult !== undefined) out.toolResult = withoutId(toolResult);
  return out;
}

function withoutId(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { id: _id, ...rest } = value as Record<string, unknown>;
  return rest;
}

function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: unknown) => {
    const name = (tool as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    return typeof name === 'string' ? name : '';
  });
}
