import type { AgentRef } from '../../policy/index.js';
import { getGlobalGovernor } from '../../processors/index.js';
import { recordedModel } from './recorded-model.js';

/**
 * Resolves a model id (`'openai/gpt-5'`) to the SDK's model object as the SDK itself would
 * (`globalThis.AI_SDK_DEFAULT_PROVIDER`, else the AI Gateway); undefined when it cannot.
 */
export type ModelResolver = (id: string) => unknown;

/** Logs a failure of the patch once (the value is then used as the caller gave it). */
export type PatchWarning = (where: string, error: unknown) => void;

type PrepareStep = (this: unknown, ...args: unknown[]) => unknown;

/**
 * OPTIONS of `generateText` / `streamText` (or a `ToolLoopAgent` call) with their model calls
 * recorded and served in replay: the `model` option, and the `model` a `prepareStep` callback
 * returns for a step, are wrapped by {@link recordedModel} (a model id string is resolved first,
 * with RESOLVE). A model that cannot be wrapped is used as given (WARN is told). OPTIONS itself
 * when neither content capture nor replay is on, so an ordinary run keeps the caller's objects.
 * The caller's object is not modified.
 */
export function withRecordedModels(
  options: object,
  agent: AgentRef | undefined,
  resolve: ModelResolver,
  warn: PatchWarning,
): object {
  const governor = getGlobalGovernor();
  if (governor === undefined || (!governor.captureContent && !governor.cassette)) return options;
  const { model, prepareStep } = options as { model?: unknown; prepareStep?: unknown };
  const record = (value: unknown): unknown => {
    try {
      return recordedModel(typeof value === 'string' ? (resolve(value) ?? value) : value, agent);
    } catch (error) {
      warn('ai model', error);
      return value;
    }
  };
  const changed: Record<string, unknown> = {};
  if (model !== undefined) changed.model = record(model);
  if (typeof prepareStep === 'function') {
    const original = prepareStep as PrepareStep;
    changed.prepareStep = function recordedPrepareStep(this: unknown, ...args: unknown[]) {
      return Promise.resolve(original.apply(this, args)).then((step) => {
        const stepModel = (step as { model?: unknown } | null | undefined)?.model;
        return stepModel === undefined ? step : { ...(step as object), model: record(stepModel) };
      });
    };
  }
  return { ...options, ...changed };
}
