import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../../conventions/index.js';
import type { ModelResponseCodec } from '../model-call.js';

/**
 * An ADK `LlmResponse`: a plain object (ADK declares it as an interface and builds it as an
 * object literal), so a parsed JSON copy of one is the native value.
 */
export type LlmResponse = Readonly<Record<string, unknown>>;

/** What `BaseLlm.generateContentAsync()` returns: the model's responses, one or streamed. */
export type LlmResponseStream = AsyncGenerator<LlmResponse, void, undefined>;

interface Usage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/**
 * Records and serves back the responses of ONE ADK model call (`generateContentAsync()`, an
 * async generator). Recorded: the array of every response the generator yielded, each a JSON
 * snapshot taken as it passed (before ADK adds its own ids to it). Served: an async generator
 * yielding fresh copies of the recorded responses, so partial (SSE) responses replay as partial
 * responses too. Token usage and the response model come from the last response that has them
 * (Gemini repeats cumulative usage on every chunk).
 *
 * One instance per call: {@link LlmResponseStreamCodec.start} remembers the call's `chat` span
 * (the active span while `recordModelCall()` runs the model) so usage can be set once the
 * stream ends, which is after `recordModelCall()` asked for it.
 */
export class LlmResponseStreamCodec implements ModelResponseCodec<LlmResponseStream> {
  private _span: Span | undefined;
  private readonly _served = new WeakMap<LlmResponseStream, readonly LlmResponse[]>();

  /** Starts the model call (GENERATE) inside `recordModelCall()`'s run. */
  start(generate: () => LlmResponseStream): Promise<LlmResponseStream> {
    this._span = trace.getActiveSpan();
    return Promise.resolve(generate());
  }

  /** Passes STREAM through unchanged; settles with the snapshots once it ended. */
  tee(stream: LlmResponseStream): {
    readonly response: LlmResponseStream;
    readonly recorded: Promise<unknown>;
  } {
    let settle!: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
    const recorded = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    const seen: LlmResponse[] = [];
    let unrecordable: unknown;
    const done = (): void => {
      if (unrecordable !== undefined) {
        settle.reject(new Error(`the model response is not JSON: ${errorMessage(unrecordable)}`));
        return;
      }
      this._annotate(seen);
      settle.resolve(seen);
    };
    async function* passThrough(): LlmResponseStream {
      try {
        for await (const response of stream) {
          try {
            seen.push(JSON.parse(JSON.stringify(response)) as LlmResponse);
          } catch (error) {
            unrecordable ??= error;
          }
          yield response;
        }
      } catch (error) {
        settle.reject(error);
        throw error;
      } finally {
        // A consumer that stops early (abort) records what it saw; after a throw this is a no-op.
        done();
      }
    }
    return { response: passThrough(), recorded };
  }

  /**
   * The served stream from RECORDED (the array recorded by {@link tee}).
   * @throws Error when RECORDED is not an array of objects.
   */
  decode(recorded: unknown): LlmResponseStream {
    if (!Array.isArray(recorded) || !recorded.every(isObject)) {
      throw new Error('the recorded ADK model response is not an array of LlmResponse objects');
    }
    const responses = recorded as LlmResponse[];
    // Each copy is handed out on the consumer's next(), as a model's own stream would.
    const stream = (async function* served(): LlmResponseStream {
      for (const response of responses) yield await Promise.resolve(structuredClone(response));
    })();
    this._served.set(stream, responses);
    return stream;
  }

  /** Token usage of a served stream (a live stream's is set when it ends). */
  usage(stream: LlmResponseStream): Usage | undefined {
    const responses = this._served.get(stream);
    return responses && usageOf(responses);
  }

  /** The model version of a served stream (a live stream's is set when it ends). */
  responseModel(stream: LlmResponseStream): string | undefined {
    const responses = this._served.get(stream);
    return responses && modelOf(responses);
  }

  private _annotate(responses: readonly LlmResponse[]): void {
    try {
      const usage = usageOf(responses);
      const model = modelOf(responses);
      if (usage.inputTokens !== undefined)
        this._span?.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
      if (usage.outputTokens !== undefined)
        this._span?.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
      if (model !== undefined) this._span?.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
    } catch {
      // Usage is best effort; the recording itself does not depend on it.
    }
  }
}

function usageOf(responses: readonly LlmResponse[]): Usage {
  const metadata = responses.findLast((r) => isObject(r.usageMetadata))?.usageMetadata as
    { promptTokenCount?: unknown; candidatesTokenCount?: unknown } | undefined;
  const input = metadata?.promptTokenCount;
  const output = metadata?.candidatesTokenCount;
  return {
    ...(typeof input === 'number' && { inputTokens: input }),
    ...(typeof output === 'number' && { outputTokens: output }),
  };
}

function modelOf(responses: readonly LlmResponse[]): string | undefined {
  const version = responses.findLast((r) => typeof r.modelVersion === 'string')?.modelVersion;
  return typeof version === 'string' ? version : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
