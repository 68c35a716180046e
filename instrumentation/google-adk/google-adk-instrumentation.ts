import { AgcInstrumentation } from '../agc-instrumentation.js';
import { frameworkToolSpan } from '../framework-tool-span.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import type { GovernedCall } from '../govern.js';
import { moduleDefinition } from '../patch-target.js';
import { patchModelGetter } from './model-getter.js';
import { recordModelCalls } from './model-replay.js';
import { ADK_LLM_AGENT, ADK_PLUGIN_MANAGER } from './targets.js';

/** Options of {@link GoogleAdkInstrumentation}. */
export type GoogleAdkInstrumentationConfig = AgcInstrumentationConfig;

interface AdkTool {
  readonly name?: unknown;
  readonly description?: unknown;
  runAsync?: (request: AdkRunRequest) => Promise<unknown>;
}

interface AdkRunRequest {
  readonly args?: unknown;
  readonly toolContext?: {
    readonly functionCallId?: unknown;
    readonly invocationContext?: {
      readonly agent?: { readonly name?: unknown };
      readonly session?: { readonly id?: unknown };
    };
  };
}

type BeforeToolCallback = (this: unknown, request: { tool?: unknown }) => Promise<unknown>;

/**
 * Governs every tool call of Google's Agent Development Kit (`@google/adk`). ADK opens its own
 * `execute_tool {tool}` span around `tool.runAsync()`; the patch enriches that span (GenAI tool
 * and agent attributes, the verdict) instead of opening a second one, and enforces the verdict
 * inside it. The agent is ADK's own: the invocation's agent name; the call id is ADK's function
 * call id and the conversation its session id.
 *
 * The patch point is `PluginManager.prototype.runBeforeToolCallback`, which ADK calls with the
 * tool right before running it: the tool instance's `runAsync` is wrapped there, once (so tool
 * subclasses with their own `runAsync` are covered too; after `disable()` the wrapper passes
 * straight through).
 *
 * Model calls: `LlmAgent.prototype.canonicalModel` (the getter ADK's LLM flow reads the
 * `BaseLlm` from, for every model class) is wrapped so each model instance it hands out has its
 * `generateContentAsync` recorded and replayed (`recordModelCalls`, deterministic re-execution).
 *
 * A deny answers with ADK's tool error response (`{ error: '<refusal>' }`, what ADK itself
 * returns to the model for a failed tool); `throwOnDeny` throws instead (ADK then reports it
 * through its `onToolErrorCallback` plugins, or the same error response).
 */
export class GoogleAdkInstrumentation extends AgcInstrumentation<GoogleAdkInstrumentationConfig> {
  declare private _governedTools: WeakSet<object> | undefined;
  declare private _recordedModels: WeakSet<object> | undefined;
  declare private _restoreGetters: (() => void)[] | undefined;

  constructor(config: GoogleAdkInstrumentationConfig = {}) {
    super('google-adk', config);
  }

  protected init() {
    return [
      moduleDefinition(ADK_PLUGIN_MANAGER, (exports) => this._patch(exports)),
      moduleDefinition(ADK_LLM_AGENT, (exports) => this._patchLlmAgent(exports)),
    ];
  }

  /** Also restores the `canonicalModel` getters (model instances then pass straight through). */
  override disable(): void {
    super.disable();
    for (const restore of this._restoreGetters?.splice(0) ?? []) restore();
  }

  private _patchLlmAgent(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'LlmAgent');
    if (proto === undefined) return exports;
    try {
      const restore = patchModelGetter(proto, 'canonicalModel', (model) => {
        this._recordModel(model);
        return model;
      });
      if (restore !== undefined) (this._restoreGetters ??= []).push(restore);
    } catch (error) {
      this._warnOnce('patch canonicalModel', error, 'ADK model calls are not recorded');
    }
    return exports;
  }

  /** Wraps MODEL's `generateContentAsync` (an own property on the instance), once per instance. */
  private _recordModel(model: unknown): void {
    if (!this.isEnabled()) return;
    try {
      recordModelCalls(model, (this._recordedModels ??= new WeakSet()), () => this.isEnabled());
    } catch (error) {
      this._warnOnce('adk model', error, 'this model is not recorded');
    }
  }

  private _patch(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'PluginManager');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'runBeforeToolCallback', (original) => {
      const before = original as BeforeToolCallback;
      const reach = (tool: unknown): void => this._governTool(tool);
      return function governedBeforeTool(this: unknown, request: { tool?: unknown }) {
        reach(request?.tool);
        return before.call(this, request);
      };
    });
    return exports;
  }

  /** Wraps TOOL's `runAsync` (an own property on the instance), once per instance. */
  private _governTool(tool: unknown): void {
    if (!this.isEnabled() || typeof tool !== 'object' || tool === null) return;
    try {
      const governed = (this._governedTools ??= new WeakSet());
      const runAsync = (tool as AdkTool).runAsync;
      if (governed.has(tool) || typeof runAsync !== 'function') return;
      governed.add(tool);
      const adkTool = tool as AdkTool;
      const run = (request: AdkRunRequest): Promise<unknown> =>
        this._dispatch(
          () => describe(adkTool, request),
          () => runAsync.call(adkTool, request),
          (denied) => Promise.resolve({ error: denied.message }),
          frameworkToolSpan(String(adkTool.name)),
        );
      Object.defineProperty(tool, 'runAsync', {
        value: run,
        writable: true,
        configurable: true,
        enumerable: false,
      });
    } catch (error) {
      this._warnOnce('adk tool', error);
    }
  }
}

function describe(tool: AdkTool, request: AdkRunRequest): GovernedCall | undefined {
  if (typeof tool.name !== 'string' || tool.name === '') return undefined;
  const context = request?.toolContext;
  const agent = context?.invocationContext?.agent?.name;
  const session = context?.invocationContext?.session?.id;
  const callId = context?.functionCallId;
  const args = request?.args;
  return {
    tool: tool.name,
    args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : undefined,
    callId: typeof callId === 'string' ? callId : undefined,
    agent: typeof agent === 'string' && agent !== '' ? { id: agent, name: agent } : undefined,
    description: typeof tool.description === 'string' ? tool.description : undefined,
    conversationId: typeof session === 'string' ? session : undefined,
  };
}
