import type { ModelResponseCodec } from '../model-call.js';

/** LangChain's `LLMResult` / `ChatResult`, as far as the codec reads it. */
interface ChatResultLike {
  readonly generations: readonly (readonly GenerationLike[])[];
  readonly llmOutput?: Record<string, unknown>;
}

interface GenerationLike {
  readonly text?: unknown;
  readonly generationInfo?: unknown;
  readonly message?: unknown;
}

/** A message as recorded: LangChain's own `StoredMessage` shape (`message.toDict()`). */
interface StoredMessage {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Builds messages of the patched copy of `@langchain/core` from message-like values. */
export type MessageBuilder = (messageLikes: readonly unknown[]) => unknown[];

/**
 * Serves a recorded result: runs LangChain's own generation with the model's `_generate`
 * answering RESULT (so callbacks, message ids and metadata are handled as in the live call).
 */
export type ServeChatResult = (result: ChatResultLike) => Promise<unknown>;

/**
 * How the `LLMResult` of `BaseChatModel._generateUncached` is recorded and served back. Each
 * generation is recorded as its text, `generationInfo` and message (LangChain's `StoredMessage`,
 * `{ type: 'ai', data }`: content, tool calls, usage, response metadata, id), with the result's
 * `llmOutput`. Served back, the messages are rebuilt by BUILD (real `AIMessage`s of the same copy
 * of `@langchain/core`) and handed to SERVE.
 */
export function chatResultCodec(
  build: MessageBuilder,
  serve: ServeChatResult,
): ModelResponseCodec<unknown> {
  return {
    encode: (response) => encode(response as ChatResultLike),
    decode: (recorded) => serve(decode(recorded, build)),
    usage: (response) => usage(response as ChatResultLike),
    responseModel: (response) => responseModel(response as ChatResultLike),
  };
}

function encode(result: ChatResultLike): unknown {
  return {
    generations: result.generations.map((list) =>
      list.map((generation) => ({
        text: generation.text,
        ...(generation.generationInfo !== undefined && {
          generationInfo: generation.generationInfo,
        }),
        message: storedMessage(generation.message),
      })),
    ),
    ...(result.llmOutput !== undefined && { llmOutput: result.llmOutput }),
  };
}

function decode(recorded: unknown, build: MessageBuilder): ChatResultLike {
  const value = recorded as { generations?: unknown; llmOutput?: unknown } | null;
  if (!Array.isArray(value?.generations)) {
    throw new TypeError('recorded model response has no generations');
  }
  const generations = (value.generations as unknown[]).map((list) =>
    (Array.isArray(list) ? (list as GenerationLike[]) : []).map((generation) => ({
      text: typeof generation.text === 'string' ? generation.text : '',
      ...(generation.generationInfo !== undefined && {
        generationInfo: generation.generationInfo,
      }),
      message: build([messageLike(generation.message)])[0],
    })),
  );
  const llmOutput = isRecord(value.llmOutput) ? value.llmOutput : undefined;
  return { generations, ...(llmOutput !== undefined && { llmOutput }) };
}

function storedMessage(message: unknown): unknown {
  const toDict = (message as { toDict?: unknown } | null)?.toDict;
  return typeof toDict === 'function' ? (toDict.call(message) as unknown) : message;
}

/** The message-like value LangChain coerces into a message (`{ type: 'ai', ...fields }`). */
function messageLike(stored: unknown): unknown {
  if (!isStoredMessage(stored)) return stored;
  // Chunk fields are rebuilt from tool_calls by the message itself.
  const { tool_call_chunks: _chunks, ...fields } = stored.data;
  return { ...fields, type: stored.type };
}

function usage(
  result: ChatResultLike,
): { readonly inputTokens?: number; readonly outputTokens?: number } | undefined {
  let input: number | undefined;
  let output: number | undefined;
  for (const list of result.generations) {
    for (const generation of list) {
      const metadata = field(generation.message, 'usage_metadata');
      const i = field(metadata, 'input_tokens');
      const o = field(metadata, 'output_tokens');
      if (typeof i === 'number') input = (input ?? 0) + i;
      if (typeof o === 'number') output = (output ?? 0) + o;
    }
  }
  if (input === undefined && output === undefined) {
    const tokens = field(result.llmOutput, 'tokenUsage');
    const i = field(tokens, 'promptTokens');
    const o = field(tokens, 'completionTokens');
    if (typeof i === 'number') input = i;
    if (typeof o === 'number') output = o;
  }
  if (input === undefined && output === undefined) return undefined;
  return {
    ...(input !== undefined && { inputTokens: input }),
    ...(output !== undefined && { outputTokens: output }),
  };
}

function responseModel(result: ChatResultLike): string | undefined {
  const metadata = field(result.generations[0]?.[0]?.message, 'response_metadata');
  const name = field(metadata, 'model_name') ?? field(metadata, 'model');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function isStoredMessage(value: unknown): value is StoredMessage {
  return isRecord(value) && typeof value.type === 'string' && isRecord(value.data);
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
