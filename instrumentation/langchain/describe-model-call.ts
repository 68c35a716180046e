import type { ModelCall } from '../model-call.js';

/** What the patch reads from a LangChain chat model (structural: no framework types). */
export interface ChatModelLike {
  readonly model?: unknown;
  readonly modelName?: unknown;
  getLsParams?(options: unknown): unknown;
  _llmType?(): unknown;
}

interface LsParams {
  readonly ls_model_name?: unknown;
  readonly ls_provider?: unknown;
}

/**
 * The model call of `BaseChatModel._generateUncached(messages, options, config)`: the model
 * (LangChain's `ls_model_name`, else the model's `model` / `modelName`, else its `_llmType()`),
 * the provider (`ls_provider`), the agent (`metadata.lc_agent_name`) and the request to match a
 * re-run by: each prompt's messages by type, content, name, tool calls (name and arguments) and
 * tool status, and the names of the bound tools. Ids are left out — message ids (LangGraph's
 * `add_messages` gives every message without one a fresh uuid), tool call ids and the
 * provider's metadata differ between two runs of the same conversation.
 */
export function describeModelCall(
  model: ChatModelLike,
  messages: unknown,
  options: unknown,
  config: unknown,
): ModelCall {
  const ls = lsParams(model, options);
  const name =
    text(ls?.ls_model_name) ??
    text(model.model) ??
    text(model.modelName) ??
    text(model._llmType?.()) ??
    'unknown';
  const provider = text(ls?.ls_provider);
  const agentName = text(field(field(config, 'metadata'), 'lc_agent_name'));
  const tools = field(options, 'tools');
  return {
    model: name,
    ...(provider !== undefined && { provider }),
    ...(agentName !== undefined && { agent: { id: agentName, name: agentName } }),
    request: {
      messages: Array.isArray(messages)
        ? messages.map((list: unknown) => (Array.isArray(list) ? list.map(requestMessage) : list))
        : messages,
      ...(Array.isArray(tools) && { tools: tools.map(toolName) }),
    },
  };
}

function requestMessage(message: unknown): unknown {
  if (typeof message === 'string') return { type: 'human', content: message };
  if (!isRecord(message)) return message;
  const getType = message.getType;
  const type: unknown =
    typeof getType === 'function' ? (getType as () => unknown).call(message) : message.type;
  const out: Record<string, unknown> = { type, content: message.content };
  if (typeof message.name === 'string') out.name = message.name;
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    out.tool_calls = message.tool_calls.map((call: unknown) => ({
      name: field(call, 'name'),
      args: field(call, 'args'),
    }));
  }
  if (type === 'tool' && typeof message.status === 'string') out.status = message.status;
  return out;
}

/** A bound tool's name: a LangChain tool, an OpenAI-style function tool, or a named object. */
function toolName(tool: unknown): unknown {
  return text(field(tool, 'name')) ?? text(field(field(tool, 'function'), 'name')) ?? null;
}

function lsParams(model: ChatModelLike, options: unknown): LsParams | undefined {
  if (typeof model.getLsParams !== 'function') return undefined;
  try {
    const params = model.getLsParams(options ?? {});
    return isRecord(params) ? params : undefined;
  } catch {
    // A provider's own metadata failing must not cost the call its recording.
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
