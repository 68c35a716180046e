import type { LangChainToolLike } from './describe-tool-call.js';

/** The unpatched `StructuredTool.prototype.call`. */
export type ToolCallMethod = (
  this: unknown,
  arg: unknown,
  config?: unknown,
  tags?: unknown,
) => unknown;

/** One call of `StructuredTool.call(arg, config, tags)`, with the unpatched method. */
export interface ToolInvocation {
  readonly call: ToolCallMethod;
  readonly tool: LangChainToolLike;
  readonly arg: unknown;
  readonly config: unknown;
  readonly tags: unknown;
}

/** What the patch reads from a `ToolMessage` (structural). */
interface ToolMessageLike {
  status?: unknown;
  lc_kwargs?: Record<string, unknown>;
}

/**
 * Runs LangChain's own `call` with the tool body (`_call`) replaced by one that returns OUTPUT,
 * so the result has the shape LangChain gives for this input (a `ToolMessage` for a `ToolCall`,
 * the content otherwise), input validation and callbacks included; the tool's body never runs.
 * OUTPUT is what `_call` returns: the content, or `[content, artifact]` for a tool whose
 * `responseFormat` is `content_and_artifact`.
 */
export async function callWithOutput(
  invocation: ToolInvocation,
  output: unknown,
): Promise<unknown> {
  const { call, tool, arg, config, tags } = invocation;
  const standIn = Object.create(tool, {
    _call: { value: () => Promise.resolve(output) },
  }) as unknown;
  return Promise.resolve(call.call(standIn, arg, config, tags));
}

/** True for a LangChain `ToolMessage` (any copy of `@langchain/core`). */
export function isToolMessage(value: unknown): value is ToolMessageLike {
  if (typeof value !== 'object' || value === null || !('tool_call_id' in value)) return false;
  const message = value as { getType?: unknown; type?: unknown };
  const type =
    typeof message.getType === 'function'
      ? (message.getType as () => unknown).call(value)
      : message.type;
  return type === 'tool';
}

/** Marks MESSAGE (a `ToolMessage`) as an error, also in its serialised fields. */
export function markToolError(message: ToolMessageLike): void {
  setToolMessageField(message, 'status', 'error');
}

/** Sets field NAME of MESSAGE (a `ToolMessage`), also in its serialised fields. */
export function setToolMessageField(message: ToolMessageLike, name: string, value: unknown): void {
  (message as Record<string, unknown>)[name] = value;
  if (message.lc_kwargs !== undefined) message.lc_kwargs[name] = value;
}
