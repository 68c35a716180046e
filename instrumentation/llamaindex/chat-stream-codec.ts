import type { ModelResponseCodec } from '../model-call.js';

/** One chunk of a streamed LlamaIndex chat (`ChatResponseChunk` of `@llamaindex/core/llms`). */
export interface ChatChunk {
  readonly delta: string;
  readonly raw?: object | null;
  readonly options?: unknown;
}

/** A streamed chat response: what `llm.chat({ ..., stream: true })` resolves to. */
export type ChatStream = AsyncIterable<ChatChunk>;

/** A chunk as recorded: the text and the message options (tool calls); never `raw`. */
interface RecordedChunk {
  delta: string;
  options?: unknown;
}

/**
 * Records and serves back the streamed chat responses of LlamaIndex.TS agents. Recorded:
 * `{ chunks: [{ delta, options? }] }`, each chunk's text and message options (the tool calls
 * the agent acts on) in stream order, with consecutive text-only chunks joined into one (so a
 * secret split across tokens is one string for redaction, and the record stays small). The
 * provider's `raw` chunk is not recorded. Served back as an async iterable of fresh chunks
 * (`raw: null`), which is all the agent step reads (`for await`, `delta`, `options.toolCall`).
 */
export const chatStreamCodec: ModelResponseCodec<ChatStream> = {
  tee(stream) {
    const chunks: RecordedChunk[] = [];
    let settle!: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
    const recorded = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    async function* passThrough(): AsyncGenerator<ChatChunk> {
      let failed = false;
      try {
        for await (const chunk of stream) {
          append(chunks, chunk);
          yield chunk;
        }
      } catch (error) {
        failed = true;
        settle.reject(error);
        throw error;
      } finally {
        // Also when the consumer stops early: what it read is what it acted on.
        if (!failed) settle.resolve({ chunks });
      }
    }
    return { response: passThrough(), recorded };
  },
  decode(recorded) {
    return servedStream(recordedChunks(recorded));
  },
};

/** The recorded CHUNKS as a stream of fresh chunks, one per `next()`. */
function servedStream(chunks: readonly RecordedChunk[]): ChatStream {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
      let next = 0;
      return {
        next(): Promise<IteratorResult<ChatChunk>> {
          const chunk = chunks[next++];
          if (chunk === undefined) return Promise.resolve({ done: true, value: undefined });
          const { delta, options } = chunk;
          const value =
            options === undefined ? { raw: null, delta } : { raw: null, delta, options };
          return Promise.resolve({ done: false, value });
        },
      };
    },
  };
}

function append(chunks: RecordedChunk[], chunk: ChatChunk): void {
  const delta = typeof chunk.delta === 'string' ? chunk.delta : '';
  const options = chunk.options ?? undefined;
  const last = chunks.at(-1);
  if (options === undefined && last !== undefined && last.options === undefined) {
    last.delta += delta;
  } else {
    chunks.push(options === undefined ? { delta } : { delta, options });
  }
}

/** The chunks of a recorded response. @throws TypeError when it is not one this codec wrote. */
function recordedChunks(recorded: unknown): readonly RecordedChunk[] {
  const chunks = (recorded as { chunks?: unknown } | null)?.chunks;
  if (!Array.isArray(chunks)) throw new TypeError('not a recorded LlamaIndex chat stream');
  return chunks.map((chunk: unknown) => {
    const { delta, options } = (chunk ?? {}) as { delta?: unknown; options?: unknown };
    if (typeof delta !== 'string') throw new TypeError('recorded chat chunk without text');
    return options === undefined || options === null ? { delta } : { delta, options };
  });
}
