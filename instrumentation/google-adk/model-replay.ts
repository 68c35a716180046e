import { recordModelCall } from '../model-call.js';
import { adkModelCall } from './adk-model-call.js';
import type { AdkLlmRequest } from './adk-model-call.js';
import { LlmResponseStreamCodec } from './llm-response-codec.js';
import type { LlmResponseStream } from './llm-response-codec.js';

/** `BaseLlm.generateContentAsync(llmRequest, stream?, abortSignal?)`. */
type GenerateContent = (
  this: unknown,
  request: AdkLlmRequest,
  ...rest: unknown[]
) => LlmResponseStream;

/** The part of an ADK `BaseLlm` the model-call wrapper uses. */
interface AdkLlm {
  readonly model?: unknown;
  generateContentAsync?: unknown;
}

/**
 * Makes the model calls of ONE ADK `BaseLlm` instance recordable and replayable: its
 * `generateContentAsync` (whatever class defines it) is replaced by an own property that runs
 * the call through `recordModelCall()` with {@link LlmResponseStreamCodec}; with neither content
 * capture nor replay on, or when ENABLED says no (after `disable()`), it is the original call.
 * Wraps an instance once; returns false when LLM is not an object with such a method.
 */
export function recordModelCalls(
  llm: unknown,
  wrapped: WeakSet<object>,
  enabled: () => boolean,
): boolean {
  if (typeof llm !== 'object' || llm === null || wrapped.has(llm)) return false;
  const original = (llm as AdkLlm).generateContentAsync;
  if (typeof original !== 'function') return false;
  wrapped.add(llm);
  const generate = original as GenerateContent;
  const adkLlm = llm as AdkLlm;
  async function* recordedGenerateContent(
    this: unknown,
    request: AdkLlmRequest,
    ...rest: unknown[]
  ): LlmResponseStream {
    if (!enabled()) {
      yield* generate.call(this, request, ...rest);
      return;
    }
    const codec = new LlmResponseStreamCodec();
    yield* await recordModelCall(
      () => adkModelCall(adkLlm.model, request),
      () => codec.start(() => generate.call(this, request, ...rest)),
      codec,
    );
  }
  Object.defineProperty(llm, 'generateContentAsync', {
    value: recordedGenerateContent,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return true;
}
