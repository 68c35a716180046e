import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_AGC_REPLAY_KEY,
  ATTR_AGC_REPLAY_RESPONSE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION_CHAT,
  TRACER_NAME,
  modelSpanName,
} from '../conventions/index.js';
import type { AgentRef } from '../policy/index.js';
import { getGlobalGovernor } from '../processors/index.js';
import { redactedJson } from '../common/index.js';
import { replayKey } from '../recording/index.js';
import type { Governor } from '../processors/index.js';
import { replayBody } from './replay-serve.js';
import { agentOfActiveSpan, currentAgent } from './with-agent.js';

/** One model call as a framework instrumentation describes it to {@link recordModelCall}. */
export interface ModelCall {
  /** The requested model (`gen_ai.request.model`); the replay match name. */
  readonly model: string;
  /** `gen_ai.provider.name`, when known. */
  readonly provider?: string;
  /**
   * What identifies the request for replay matching: the messages (and tool names) the model
   * is given, in the framework's shape, without volatile fields (generated ids, timestamps).
   * Hashed after redaction (`agc.replay.key`); never recorded itself.
   */
  readonly request: unknown;
  /** The agent; @default the one set by `withAgent()`, else the active span's `gen_ai.agent.*`. */
  readonly agent?: AgentRef;
}

/** Token usage of one model call (`gen_ai.usage.input_tokens` / `output_tokens`). */
export interface ModelUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** How a framework's model response is recorded and served back. */
export interface ModelResponseCodec<R> {
  /** The response as a JSON-able value to record. @default the response itself */
  encode?(response: R): unknown;
  /**
   * For a streamed response: hands the app a response to consume and settles with the value to
   * record once the stream has ended (a tee). Used instead of `encode` when given.
   */
  tee?(response: R): {
    readonly response: R;
    readonly recorded: Promise<unknown>;
    /** Token usage, read once `recorded` has settled (a stream reports it at its end). */
    readonly usage?: () => ModelUsage | undefined;
  };
  /** The framework's response from the recorded value (parsed JSON, redacted as recorded). */
  decode(recorded: unknown): R;
  /** Token usage of the response (`gen_ai.usage.*`). */
  usage?(response: R): ModelUsage | undefined;
  /** The model that answered (`gen_ai.response.model`). */
  responseModel?(response: R): string | undefined;
}

/**
 * Wraps one model call of a framework so a run can be re-executed from its recording: with
 * content capture on, the call is a `chat {model}` span carrying the replay key of its request
 * and the response (redacted, `agc.replay.response`); with `AGC_REPLAY`, the recorded response
 * is served instead of calling the model (no network), matched by (model, key) plus ordinal
 * like tool calls, and a call the recording lacks diverges (strict) or calls the model (other
 * modes). With neither, RUN is called as it is: no span, no cost.
 *
 * Never fails the host for reasons of its own: a failure to describe or record the call is
 * logged once and the call goes on; except in a strict re-run, which promises no model request,
 * where it rejects (fail closed). In strict replay an unmatched call rejects with
 * `ReplayDivergenceError`.
 */
export async function recordModelCall<R>(
  describe: () => ModelCall,
  run: () => Promise<R>,
  codec: ModelResponseCodec<R>,
): Promise<R> {
  const governor = getGlobalGovernor();
  if (governor === undefined || (!governor.captureContent && !governor.cassette)) return run();
  let span: Span | undefined;
  let body: () => unknown = run;
  let record = true;
  try {
    const call = describe();
    const key = replayKey(call.request ?? null);
    span = trace
      .getTracer(TRACER_NAME)
      .startSpan(
        modelSpanName(call.model),
        { kind: SpanKind.CLIENT, attributes: startAttributes(call, key) },
        context.active(),
      );
    if (governor.cassette) {
      const decode = (v: unknown): unknown => codec.decode(v);
      ({ body, record } = replayBody(
        governor.cassette,
        'model',
        call.model,
        key,
        span,
        run,
        decode,
      ));
    }
  } catch (error) {
    if (span !== undefined && isDivergence(error)) {
      endWithError(span, error);
      throw error;
    }
    governor.internalError('model call', error);
    if (span !== undefined) endWithError(span, error);
    // A strict re-run promises no model request: fail closed rather than call the model.
    if (governor.cassette?.mode === 'strict') {
      throw new Error(`@agc/otel: cannot replay this model call: ${errorText(error)}`, {
        cause: error,
      });
    }
    return run();
  }
  const started = span;
  const spanContext = trace.setSpan(context.active(), started);
  let pending: Promise<R>;
  try {
    pending = Promise.resolve(context.with(spanContext, body) as Promise<R>);
  } catch (error) {
    endWithError(started, error);
    throw error;
  }
  return pending.then(
    (response) => settle(governor, started, codec, response, record),
    (error: unknown) => {
      endWithError(started, error);
      throw error;
    },
  );
}

function settle<R>(
  governor: Governor,
  span: Span,
  codec: ModelResponseCodec<R>,
  response: R,
  recordResponse: boolean,
): R {
  try {
    describeResponse(governor, span, codec, response);
    if (!governor.captureContent || !recordResponse) {
      span.end();
      return response;
    }
    const record = (value: unknown): void => {
      span.setAttribute(ATTR_AGC_REPLAY_RESPONSE, redactedJson(value, governor.captureMaxChars));
    };
    if (codec.tee) {
      const teed = codec.tee(response);
      teed.recorded.then(
        (value) => {
          try {
            record(value);
            setUsage(span, teed.usage?.());
          } catch (error) {
            governor.internalError('model call record', error);
          }
          span.end();
        },
        (error: unknown) => {
          // The app's call succeeded; only recording it failed (a re-run will not serve it).
          governor.internalError('model call record', error);
          span.end();
        },
      );
      return teed.response;
    }
    record(codec.encode ? codec.encode(response) : response);
  } catch (error) {
    governor.internalError('model call record', error);
  }
  span.end();
  return response;
}

/** Response model and usage, best effort: a failure here must not lose the recorded response. */
function describeResponse<R>(
  governor: Governor,
  span: Span,
  codec: ModelResponseCodec<R>,
  response: R,
): void {
  try {
    const model = codec.responseModel?.(response);
    if (model !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
    setUsage(span, codec.usage?.(response));
  } catch (error) {
    governor.internalError('model call usage', error);
  }
}

function setUsage(span: Span, usage: ModelUsage | undefined): void {
  const attributes: Attributes = {};
  if (usage?.inputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  if (usage?.outputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  span.setAttributes(attributes);
}

function startAttributes(call: ModelCall, key: string): Attributes {
  const agent = call.agent ?? currentAgent() ?? agentOfActiveSpan();
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
    [ATTR_GEN_AI_REQUEST_MODEL]: call.model,
    [ATTR_AGC_REPLAY_KEY]: key,
  };
  if (call.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = call.provider;
  if (agent !== undefined) {
    attributes[ATTR_GEN_AI_AGENT_ID] = agent.id;
    if (agent.name !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent.name;
  }
  return attributes;
}

function endWithError(span: Span, error: unknown): void {
  try {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    span.setAttribute(
      ATTR_ERROR_TYPE,
      error instanceof Error && error.name && error.name !== 'Error'
        ? error.name
        : ERROR_TYPE_OTHER,
    );
    span.end();
  } catch {
    // Best effort on a failing path.
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDivergence(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'AGC_REPLAY_DIVERGENCE';
}
