import type { ModelCall } from '../model-call.js';

/** The part of an ADK `LlmRequest` that identifies a model call. */
export interface AdkLlmRequest {
  readonly model?: unknown;
  readonly contents?: unknown;
  readonly config?: {
    readonly systemInstruction?: unknown;
    readonly labels?: Readonly<Record<string, unknown>>;
  };
  readonly toolsDict?: Readonly<Record<string, unknown>>;
}

/** The prefix of the function call ids ADK generates client-side (`adk-<uuid>`). */
const CLIENT_CALL_ID_PREFIX = 'adk-';
/** The label ADK's `callLlmAsync` sets to the calling agent's name before calling the model. */
const AGENT_NAME_LABEL = 'adk_agent_name';

/**
 * Describes one ADK model call to `recordModelCall()`: the requested model (the request's,
 * else the `BaseLlm`'s `model`), the calling agent (ADK's `adk_agent_name` label), and as the
 * replay request the system instruction, the contents and the sorted tool names. Function call
 * ids ADK generated itself (`adk-<uuid>`, fresh in every run) are left out; ADK strips them from
 * the contents before sending too, this keeps the key stable if one slips through.
 */
export function adkModelCall(llmModel: unknown, request: AdkLlmRequest): ModelCall {
  const model = nonEmpty(request.model) ?? nonEmpty(llmModel) ?? 'unknown';
  const agent = nonEmpty(request.config?.labels?.[AGENT_NAME_LABEL]);
  return {
    model,
    request: {
      system: request.config?.systemInstruction ?? null,
      contents: Array.isArray(request.contents) ? request.contents.map(withoutClientIds) : [],
      tools: Object.keys(request.toolsDict ?? {}).sort(),
    },
    ...(agent !== undefined && { agent: { id: agent, name: agent } }),
  };
}

/** A copy of CONTENT (a `Content`) without client-generated function call and response ids. */
function withoutClientIds(content: unknown): unknown {
  const parts = (content as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts)) return content;
  return { ...(content as object), parts: parts.map(partWithoutClientIds) };
}

function partWithoutClientIds(part: unknown): unknown {
  if (typeof part !== 'object' || part === null) return part;
  const copy: Record<string, unknown> = { ...(part as Record<string, unknown>) };
  for (const field of ['functionCall', 'functionResponse']) {
    const call = copy[field];
    const id = (call as { id?: unknown } | null | undefined)?.id;
    if (typeof id === 'string' && id.startsWith(CLIENT_CALL_ID_PREFIX)) {
      const { id: _generated, ...rest } = call as Record<string, unknown>;
      copy[field] = rest;
    }
  }
  return copy;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
