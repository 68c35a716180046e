import type { ModelResponseCodec } from '../model-call.js';
import { fromPlain, toPlain } from './plain-value.js';

/**
 * What `LanguageModelV3.doGenerate` resolves to, as far as recording goes (structural: plain
 * objects by the provider spec; `response.timestamp` is a `Date`, file `data` may be bytes).
 */
export interface GenerateResult {
  readonly usage?: unknown;
  readonly request?: unknown;
  readonly response?: { readonly modelId?: unknown };
}

/** What `LanguageModelV3.doStream` resolves to: the stream of parts, request and response. */
export interface StreamResult {
  readonly stream: ReadableStream<unknown>;
  readonly request?: unknown;
  readonly response?: unknown;
}

/**
 * Records a `doGenerate` result as a plain value ({@link toPlain}: the response timestamp, bytes
 * and token counts survive the JSON and the redaction) and rebuilds it. The request body the
 * provider sent (`request.body`, a copy of the whole prompt) is not recorded: replays serve
 * `request: {}`.
 */
export const GENERATE_CODEC: ModelResponseCodec<GenerateResult> = {
  encode: (result) => toPlain({ ...result, request: undefined }),
  decode: (recorded) => fromPlain(recorded) as GenerateResult,
  usage: (result) => usageOf(result.usage),
  responseModel: (result) => stringOf(result.response?.modelId),
};

/**
 * Records a `doStream` result: the app reads one branch of a tee of the stream while the other
 * is collected ({@link toPlain}; consecutive deltas joined, {@link joinDeltas}) into
 * `{ parts, response }`; a replay rebuilds a
 * `ReadableStream` that enqueues the recorded parts and closes. Token usage comes from the
 * stream's `finish` part, read when the stream has ended.
 */
export const STREAM_CODEC: ModelResponseCodec<StreamResult> = {
  tee: (result) => {
    const [app, record] = result.stream.tee();
    let finish: { usage?: unknown } | undefined;
    const recorded = collect(record).then((parts) => {
      finish = parts.find((p) => (p as { type?: unknown } | null)?.type === 'finish') as
        { usage?: unknown } | undefined;
      return toPlain({
        ...result,
        stream: undefined,
        request: undefined,
        parts: joinDeltas(parts),
      });
    });
    return { response: { ...result, stream: app }, recorded, usage: () => usageOf(finish?.usage) };
  },
  decode: (recorded) => {
    const { parts, ...rest } = fromPlain(recorded) as { parts?: unknown };
    const chunks = Array.isArray(parts) ? (parts as unknown[]) : [];
    const stream = new ReadableStream<unknown>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return { ...rest, stream };
  },
};

const DELTA_TYPES: ReadonlySet<unknown> = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-delta',
]);

/**
 * PARTS with each run of consecutive deltas of one block (same type and id) joined into one
 * part, so the recorder's redaction sees whole texts and whole tool inputs: a secret or a
 * `"password": ...` field split across deltas would escape it. A replay streams the joined
 * deltas (fewer, larger chunks; the same text).
 */
export function joinDeltas(parts: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const part of parts) {
    const last = out.at(-1) as { type?: unknown; id?: unknown; delta?: unknown } | undefined;
    const next = part as { type?: unknown; id?: unknown; delta?: unknown } | null;
    if (
      last !== undefined &&
      next !== null &&
      DELTA_TYPES.has(next.type) &&
      typeof next.delta === 'string' &&
      last.type === next.type &&
      last.id === next.id &&
      typeof last.delta === 'string'
    ) {
      out[out.length - 1] = { ...last, delta: last.delta + next.delta };
    } else out.push(part);
  }
  return out;
}

async function collect(stream: ReadableStream<unknown>): Promise<unknown[]> {
  const parts: unknown[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

/** Input and output tokens of a V3 usage (`{ total }` objects) or a V2 one (numbers). */
function usageOf(usage: unknown): { inputTokens?: number; outputTokens?: number } | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const { inputTokens, outputTokens } = usage as { inputTokens?: unknown; outputTokens?: unknown };
  const input = countOf(inputTokens);
  const output = countOf(outputTokens);
  return {
    ...(input === undefined ? {} : { inputTokens: input }),
    ...(output === undefined ? {} : { outputTokens: output }),
  };
}

function countOf(tokens: unknown): number | undefined {
  if (typeof tokens === 'number') return tokens;
  const total = (tokens as { total?: unknown } | null | undefined)?.total;
  return typeof total === 'number' ? total : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
