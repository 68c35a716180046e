import type { ModelResponseCodec } from '../model-call.js';

/** The SDK's `Usage` (what the run loop calls `usage.add()` on). */
export interface UsageLike {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** The constructor of `Usage` in one copy of `@openai/agents-core` (`new Usage(json)`). */
export type UsageClass = new (input?: unknown) => UsageLike;

/**
 * The SDK's `ModelResponse`: `usage` is a `Usage` instance, `output` the protocol items (plain
 * JSON), plus `responseId`, `requestId`, `providerData`, `rawUsage` (plain JSON).
 */
export interface ModelResponseLike {
  readonly usage: UsageLike;
  readonly output: readonly unknown[];
  readonly responseId?: string;
  readonly [field: string]: unknown;
}

/**
 * How a `ModelResponse` of `getResponseWithRetry` is recorded and served back: recorded as its
 * JSON (the recorder keeps token counts), rebuilt with `new Usage(fields)` of the same copy of the SDK as
 * the patched run loop (USAGE; when that class was not captured, the fields are served as a
 * plain object, which the loop's `Usage.add()` accepts).
 */
export function modelResponseCodec(
  usage: UsageClass | undefined,
): ModelResponseCodec<ModelResponseLike> {
  return {
    encode: (response) => response,
    decode(recorded) {
      if (!isRecord(recorded) || !Array.isArray(recorded.output)) {
        throw new TypeError('the recorded model response has no output items');
      }
      const fields = isRecord(recorded.usage) ? recorded.usage : {};
      return {
        ...recorded,
        output: recorded.output as unknown[],
        usage: usage === undefined ? fields : new usage(fields),
      };
    },
    usage: (response) => ({
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
    }),
  };
}

/** One event of `getStreamedResponseWithRetry` (plain protocol JSON). */
export type StreamEventLike = Readonly<Record<string, unknown>>;

/** What `getStreamedResponseWithRetry` returns. */
export type ModelStream = AsyncIterable<StreamEventLike>;

/**
 * How a streamed model response is recorded and served back: the events, in order, recorded
 * once the stream has ended (the run loop consumes a tee) and served back as a stream. The
 * events are plain JSON (the loop builds its `Usage` from `response_done` itself). Consecutive
 * text deltas are joined and raw provider events (`type: 'model'`) are not recorded, so the
 * recorder's redaction sees whole texts: a secret split across deltas would escape it (the
 * whole response, tool-call arguments included, is in `response_done`). A stream stopped early
 * is recorded as far as it went.
 */
export const streamedResponseCodec: ModelResponseCodec<ModelStream> = {
  tee(stream) {
    const events: StreamEventLike[] = [];
    let resolve: (events: StreamEventLike[]) => void = noop;
    let reject: (error: unknown) => void = noop;
    const recorded = new Promise<StreamEventLike[]>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    async function* teed(): AsyncGenerator<StreamEventLike> {
      try {
        for await (const event of stream) {
          events.push(event);
          yield event;
        }
      } catch (error) {
        reject(error);
        throw error;
      } finally {
        resolve(recordable(events));
      }
    }
    const usage = () => usageOfDone(events);
    return { response: teed(), recorded, usage };
  },
  decode(recorded) {
    if (!Array.isArray(recorded)) throw new TypeError('the recorded model stream is not a list');
    return replayStream(recorded as StreamEventLike[]);
  },
};

/** Token usage of a stream: its `response_done` event's response usage. */
function usageOfDone(
  events: readonly StreamEventLike[],
): { inputTokens?: number; outputTokens?: number } | undefined {
  const done = events.find((event) => event.type === 'response_done');
  const usage = isRecord(done?.response) ? done.response.usage : undefined;
  if (!isRecord(usage)) return undefined;
  const count = (value: unknown): number | undefined =>
    typeof value === 'number' ? value : undefined;
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  return {
    ...(inputTokens !== undefined && { inputTokens }),
    ...(outputTokens !== undefined && { outputTokens }),
  };
}

/** EVENTS as recorded: raw provider events left out, consecutive text deltas joined. */
export function recordable(events: readonly StreamEventLike[]): StreamEventLike[] {
  const out: StreamEventLike[] = [];
  for (const event of events) {
    if (event.type === 'model') continue;
    const last = out.at(-1);
    if (
      last?.type === 'output_text_delta' &&
      event.type === 'output_text_delta' &&
      typeof last.delta === 'string' &&
      typeof event.delta === 'string'
    ) {
      out[out.length - 1] = { ...last, delta: last.delta + event.delta };
    } else out.push(event);
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/require-await -- the loop expects an async stream
async function* replayStream(events: readonly StreamEventLike[]): AsyncGenerator<StreamEventLike> {
  for (const event of events) yield event;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function noop(): void {}
