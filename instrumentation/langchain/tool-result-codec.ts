import type { ResultCodec } from '../govern.js';
import { callWithOutput, isToolMessage, setToolMessageField } from './tool-stand-in.js';
import type { ToolInvocation } from './tool-stand-in.js';

/** A `ToolMessage` as recorded: LangChain's own `StoredMessage` shape (`message.toDict()`). */
interface StoredToolMessage {
  readonly type: 'tool';
  readonly data: {
    readonly content?: unknown;
    readonly artifact?: unknown;
    readonly status?: unknown;
    readonly tool_call_id?: unknown;
    readonly name?: unknown;
    readonly metadata?: unknown;
  };
}

/** The fields of a `ToolMessage` that a tool answering with its own message may set otherwise. */
const OWN_FIELDS = ['status', 'name', 'metadata'] as const;

/**
 * How the result of one `StructuredTool.call` is recorded and served back in a re-run. A
 * `ToolMessage` (the result for a `ToolCall` input, as LangGraph's `ToolNode` passes) is recorded
 * as LangChain's `StoredMessage` (`{ type: 'tool', data }`); any other result as it is. Served
 * back, the recorded content goes through LangChain's own `call` in place of the tool body (see
 * {@link callWithOutput}), so the agent gets a real `ToolMessage` again (callbacks fire, the body
 * never runs) with the recorded status, name and
 * metadata.
 */
export function toolResultCodec(invocation: ToolInvocation): ResultCodec {
  return {
    encode: (result) => (isToolMessage(result) ? storedToolMessage(result) : result),
    decode: (recorded) => serve(invocation, recorded),
  };
}

async function serve(invocation: ToolInvocation, recorded: unknown): Promise<unknown> {
  const stored = isStoredToolMessage(recorded) ? recorded.data : undefined;
  const content = stored === undefined ? recorded : stored.content;
  const output =
    invocation.tool.responseFormat === 'content_and_artifact'
      ? [content, stored?.artifact]
      : content;
  const result = await callWithOutput(invocation, output);
  // A tool may answer with a ToolMessage of its own (its status, no name, no metadata): the
  // served one says what the recorded one said.
  if (stored !== undefined && isToolMessage(result)) {
    const message = result as Record<string, unknown>;
    for (const name of OWN_FIELDS) {
      if (JSON.stringify(message[name]) !== JSON.stringify(stored[name])) {
        setToolMessageField(result, name, stored[name]);
      }
    }
  }
  return result;
}

function storedToolMessage(message: object): unknown {
  const toDict = (message as { toDict?: unknown }).toDict;
  if (typeof toDict === 'function') return toDict.call(message) as unknown;
  const { content, artifact, status, tool_call_id, name } = message as Record<string, unknown>;
  return { type: 'tool', data: { content, artifact, status, tool_call_id, name } };
}

function isStoredToolMessage(value: unknown): value is StoredToolMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, data } = value as { type?: unknown; data?: unknown };
  return type === 'tool' && typeof data === 'object' && data !== null && 'tool_call_id' in data;
}
