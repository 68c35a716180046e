import { types } from 'node:util';
import type { AgentRef } from '../../policy/index.js';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { moduleDefinition } from '../patch-target.js';
import { frameworkToolSpan } from '../framework-tool-span.js';
import { governTools } from '../govern-tools.js';
import type { ToolDispatch } from '../govern-tools.js';
import { withRecordedModels } from './recorded-options.js';
import type { ModelResolver } from './recorded-options.js';
import { AI_SDK_TARGETS } from './targets.js';

/** Options of {@link AiSdkInstrumentation}. */
export type AiSdkInstrumentationConfig = AgcInstrumentationConfig;

type Generate = (this: unknown, options: unknown, ...rest: unknown[]) => unknown;
type PrepareCall = (this: unknown, options: unknown) => Promise<unknown>;

/** The exports that run tool loops with a `tools` map. */
const TOOL_LOOP_FUNCTIONS = ['generateText', 'streamText'] as const;

/**
 * Governs every tool the Vercel AI SDK 6 and 7 (`ai`) executes: the `tools` of `generateText` and
 * `streamText`, and of `ToolLoopAgent` (`generate` / `stream` call the bundle's own
 * `generateText`, so its `prepareCall` is patched; the agent is the SDK's own `ToolLoopAgent`
 * `id`). Each tool's `execute` runs inside an `execute_tool` span; in ai 6 with
 * `experimental_telemetry` on, that span is a child of the SDK's `ai.toolCall` span. In ai 7 with
 * the `@ai-sdk/otel` integration registered, the integration's own `execute_tool` span is governed
 * (one span per call, under its `invoke_agent` / step spans).
 *
 * A deny is thrown from `execute`, which the SDK turns into a `tool-error` part the model sees
 * (its own failed-tool shape); the loop goes on. `throwOnDeny` changes nothing here: the SDK
 * never lets a tool error escape the loop.
 *
 * With content capture or replay on, the `model` of those calls (and a model `prepareStep`
 * returns) is wrapped so every `doGenerate` / `doStream` goes through `recordModelCall()`:
 * recorded, and served from the recording in a re-run (`AGC_REPLAY`).
 *
 * The CommonJS bundle exports non-configurable getters, so its exports are replaced by a copy
 * with configurable properties (require-in-the-middle hands the copy to every later `require`).
 */
export class AiSdkInstrumentation extends AgcInstrumentation<AiSdkInstrumentationConfig> {
  constructor(config: AiSdkInstrumentationConfig = {}) {
    super('ai-sdk', config);
  }

  protected init() {
    return AI_SDK_TARGETS.map((target) =>
      moduleDefinition(target, (exports) => this._patch(exports)),
    );
  }

  private _patch(moduleExports: unknown): unknown {
    if (typeof moduleExports !== 'object' || moduleExports === null) return moduleExports;
    const exports = patchableExports(moduleExports);
    const resolve = modelResolver(exports);
    for (const name of TOOL_LOOP_FUNCTIONS) {
      this._patchMethod(exports, name, (original) => {
        const generate = original as Generate;
        const govern = (options: unknown): unknown =>
          this._governOptions(options, undefined, resolve);
        return function governedToolLoop(this: unknown, options: unknown, ...rest: unknown[]) {
          return generate.call(this, govern(options), ...rest);
        };
      });
    }
    const agentProto = this._prototypeOf(exports, 'ToolLoopAgent');
    if (agentProto !== undefined) {
      this._patchMethod(agentProto, 'prepareCall', (original) => {
        const prepareCall = original as PrepareCall;
        const govern = (agent: unknown, prepared: unknown): unknown =>
          this._governOptions(prepared, agentOf(agent), resolve);
        return async function governedPrepareCall(this: unknown, options: unknown) {
          return govern(this, await prepareCall.call(this, options));
        };
      });
    }
    return exports;
  }

  /**
   * OPTIONS with its `tools` governed and its model calls recorded; OPTIONS unchanged when
   * disabled, and each part unchanged on any failure of its own.
   */
  private _governOptions(
    options: unknown,
    agent: AgentRef | undefined,
    resolve: ModelResolver,
  ): unknown {
    if (!this.isEnabled() || typeof options !== 'object' || options === null) return options;
    let governed = options;
    try {
      const tools = (options as { tools?: unknown }).tools;
      // ai 7's OpenTelemetry integration opens its own execute_tool span: that one is governed.
      const dispatch: ToolDispatch = (call, run, tool, callId) =>
        this._dispatch(call, run, undefined, frameworkToolSpan(tool, callId));
      const governedTools = tools === undefined ? tools : governTools(tools, dispatch, agent);
      if (governedTools !== tools) governed = { ...options, tools: governedTools };
    } catch (error) {
      this._warnOnce('ai tools', error);
    }
    try {
      const warn = (where: string, error: unknown) => this._warnOnce(where, error);
      return withRecordedModels(governed, agent, resolve, warn);
    } catch (error) {
      this._warnOnce('ai model', error);
      return governed;
    }
  }
}

/**
 * Resolves a model id string as the bundle's own `resolveLanguageModel` does: the global
 * default provider, else the bundle's `gateway` export.
 */
function modelResolver(exports: object): ModelResolver {
  return (id) => {
    const provider =
      (globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER ??
      (exports as { gateway?: unknown }).gateway;
    const languageModel = (provider as { languageModel?: unknown } | null | undefined)
      ?.languageModel;
    return typeof languageModel === 'function'
      ? (languageModel as (id: string) => unknown).call(provider, id)
      : undefined;
  };
}

/** The `ToolLoopAgent`'s own identity: its `id` setting. */
function agentOf(agent: unknown): AgentRef | undefined {
  const id = (agent as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? { id, name: id } : undefined;
}

/**
 * EXPORTS itself when its tool-loop functions can be redefined (ESM namespace proxy of the
 * loader, plain objects), else a copy with configurable properties (esbuild CommonJS bundles
 * export non-configurable getters, which cannot be wrapped in place).
 */
function patchableExports(exports: object): object {
  if (types.isProxy(exports)) return exports;
  const descriptor = Object.getOwnPropertyDescriptor(exports, TOOL_LOOP_FUNCTIONS[0]);
  if (descriptor === undefined || descriptor.configurable === true) return exports;
  const copy = Object.create(Object.getPrototypeOf(exports) as object | null) as object;
  const descriptors = Object.getOwnPropertyDescriptors(exports);
  for (const key of Reflect.ownKeys(descriptors)) {
    const value = descriptors[key as keyof typeof descriptors];
    if (value !== undefined) Object.defineProperty(copy, key, { ...value, configurable: true });
  }
  return copy;
}
