import { recordModelCall } from '../model-call.js';
import type { ModelRequestLike } from './model-request.js';
import { describeModelCall } from './model-request.js';
import { modelResponseCodec, streamedResponseCodec } from './model-response-codec.js';
import type {
  ModelResponseLike,
  ModelStream,
  StreamEventLike,
  UsageClass,
} from './model-response-codec.js';

/** `getResponseWithRetry(model, request, handlers)` of `runner/modelRetry`. */
export type GetResponseWithRetry = (
  model: unknown,
  request: ModelRequestLike,
  handlers?: unknown,
) => Promise<ModelResponseLike>;

/** `getStreamedResponseWithRetry(model, request, handlers)` of `runner/modelRetry`. */
export type GetStreamedResponseWithRetry = (
  model: unknown,
  request: ModelRequestLike,
  handlers?: unknown,
) => AsyncIterable<StreamEventLike>;

/**
 * `getResponseWithRetry` recorded and replayed as one model call (`recordModelCall()`): one
 * `chat {model}` span per logical call, around the SDK's retries, so a re-run serves the
 * response the run loop finally got. USAGE is the `Usage` class of the same SDK copy.
 * ENABLED off → the original, untouched.
 */
export function recordedGetResponse(
  original: GetResponseWithRetry,
  usage: UsageClass | undefined,
  enabled: () => boolean,
): GetResponseWithRetry {
  const codec = modelResponseCodec(usage);
  return function getResponseWithRetry(this: unknown, model, request, handlers) {
    const call = () => original.call(this, model, request, handlers);
    if (!enabled()) return call();
    return recordModelCall(() => describeModelCall(model, request), call, codec);
  };
}

/**
 * `getStreamedResponseWithRetry` recorded and replayed as one model call: the stream's events
 * are recorded when it ends and a re-run streams the recorded events. Still an async generator
 * that does nothing until first stepped, like the original.
 */
export function recordedGetStreamedResponse(
  original: GetStreamedResponseWithRetry,
  enabled: () => boolean,
): GetStreamedResponseWithRetry {
  return async function* getStreamedResponseWithRetry(
    this: unknown,
    model,
    request,
    handlers,
  ): AsyncGenerator<StreamEventLike> {
    const call = () => original.call(this, model, request, handlers);
    if (!enabled()) {
      yield* call();
      return;
    }
    const stream: ModelStream = await recordModelCall(
      () => describeModelCall(model, request),
      () => Promise.resolve(call()),
      streamedResponseCodec,
    );
    yield* stream;
  };
}
