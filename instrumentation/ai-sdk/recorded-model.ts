import type { AgentRef } from '../../policy/index.js';
import { recordModelCall } from '../model-call.js';
import type { ModelCall, ModelResponseCodec } from '../model-call.js';
import { GENERATE_CODEC, STREAM_CODEC } from './model-codec.js';
import { toPlain } from './plain-value.js';

/** A language model as the patch sees it (LanguageModelV3 or V2, structurally). */
interface LanguageModelLike {
  readonly modelId?: unknown;
  readonly provider?: unknown;
  readonly doGenerate?: unknown;
  readonly doStream?: unknown;
}

/** The call options the SDK passes to `doGenerate` / `doStream` (what identifies a request). */
interface CallOptionsLike {
  readonly prompt?: unknown;
  readonly tools?: unknown;
}

type ModelMethod = (this: unknown, options: unknown, ...rest: unknown[]) => Promise<unknown>;

// Marks models already wrapped, so a model passed through two patched layers is recorded once.
const RECORDED = Symbol.for('@agc/otel.ai-sdk.recorded-model');

const CODECS: Record<'doGenerate' | 'doStream', ModelResponseCodec<never>> = {
  doGenerate: GENERATE_CODEC as ModelResponseCodec<never>,
  doStream: STREAM_CODEC as ModelResponseCodec<never>,
};

/**
 * MODEL with its `doGenerate` and `doStream` going through `recordModelCall()` (recorded with
 * content capture, served in replay): a proxy, so the provider's own object (class, getters,
 * `supportedUrls`) is what the SDK sees otherwise. Everything but the two methods is read from
 * MODEL itself. Non-objects and already recorded models are returned as they are.
 */
export function recordedModel(model: unknown, agent: AgentRef | undefined): unknown {
  if (typeof model !== 'object' || model === null) return model;
  if ((model as Record<symbol, unknown>)[RECORDED] === true) return model;
  const wrappers = new Map<PropertyKey, ModelMethod>();
  return new Proxy(model, {
    get(target, property) {
      if (property === RECORDED) return true;
      const value: unknown = Reflect.get(target, property);
      if ((property !== 'doGenerate' && property !== 'doStream') || typeof value !== 'function') {
        return value;
      }
      // A proxy may not answer another value for a frozen own property (Proxy invariant).
      const own = Object.getOwnPropertyDescriptor(target, property);
      if (own?.configurable === false && own.writable === false) return value;
      let wrapper = wrappers.get(property);
      if (wrapper === undefined) {
        const original = value as ModelMethod;
        const codec = CODECS[property];
        wrapper = function recordedModelCall(this: unknown, options: unknown, ...rest: unknown[]) {
          return recordModelCall(
            () => describeCall(target as LanguageModelLike, options, agent),
            () => original.call(target, options, ...rest),
            codec,
          );
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

/** The call as `recordModelCall` needs it: the model id, provider, prompt and tool names. */
function describeCall(
  model: LanguageModelLike,
  options: unknown,
  agent: AgentRef | undefined,
): ModelCall {
  const { prompt, tools } = (options ?? {}) as CallOptionsLike;
  const names: string[] = [];
  for (const tool of Array.isArray(tools) ? (tools as readonly unknown[]) : []) {
    const name = (tool as { name?: unknown } | null | undefined)?.name;
    if (typeof name === 'string') names.push(name);
  }
  return {
    model: typeof model.modelId === 'string' ? model.modelId : 'unknown',
    ...(typeof model.provider === 'string' ? { provider: model.provider } : {}),
    // The prompt's only generated values (tool call ids, provider item ids) come from model
    // responses, which a re-run is served, so the prompt is stable as it is. Tool names are
    // sorted: the order of the `tools` map carries no meaning.
    request: { prompt: toPlain(prompt), tools: names.sort() },
    ...(agent === undefined ? {} : { agent }),
  };
}
