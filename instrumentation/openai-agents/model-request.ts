import type { ModelCall } from '../model-call.js';
import { agentOfActiveSpan } from '../with-agent.js';

/** What the patch reads from the SDK's `ModelRequest`. */
export interface ModelRequestLike {
  readonly systemInstructions?: unknown;
  readonly prompt?: unknown;
  readonly input?: unknown;
  readonly tools?: unknown;
  readonly handoffs?: unknown;
  readonly outputType?: unknown;
}

/** Fields of a `Model` that name the model it calls (`OpenAIResponsesModel._model`, ...). */
const MODEL_NAME_FIELDS = ['model', '_model', 'modelId', 'modelName', 'name'] as const;

/**
 * The model call the run loop is about to make, for `recordModelCall()`: the model's name
 * (its own `model`-like string field, else its class name: a `Model` need not know its name),
 * `openai` as the provider for the SDK's OpenAI model classes, the agent of the active
 * `invoke_agent` span, and as the request what the model is given —
 * instructions, prompt, input items without their `id`s, tool and handoff names, output type.
 * Left out: `previousResponseId`/`conversationId` (server state), settings, signal, tracing.
 */
export function describeModelCall(model: unknown, request: ModelRequestLike): ModelCall {
  const name = modelName(model);
  const agent = agentOfActiveSpan();
  return {
    model: name,
    ...(/^OpenAI/.test(className(model) ?? '') && { provider: 'openai' }),
    request: {
      instructions: request.systemInstructions ?? null,
      prompt: request.prompt ?? null,
      input: Array.isArray(request.input) ? request.input.map(withoutId) : (request.input ?? null),
      tools: names(request.tools),
      handoffs: names(request.handoffs),
      outputType: request.outputType ?? null,
    },
    ...(agent !== undefined && { agent }),
  };
}

function modelName(model: unknown): string {
  if (typeof model === 'string') return model;
  const fields = model as Record<string, unknown> | null | undefined;
  for (const field of MODEL_NAME_FIELDS) {
    const value = fields?.[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return className(model) ?? 'unknown';
}

function className(model: unknown): string | undefined {
  const name = (model as { constructor?: { name?: unknown } } | null | undefined)?.constructor
    ?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

// Item ids are generated (by the provider or the SDK); the content is what identifies a turn.
function withoutId(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || !('id' in item)) return item;
  const { id: _id, ...rest } = item as Record<string, unknown>;
  return rest;
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => {
    const tool = entry as { name?: unknown; toolName?: unknown; type?: unknown } | null;
    const name = tool?.toolName ?? tool?.name ?? tool?.type;
    return typeof name === 'string' ? name : '?';
  });
}
