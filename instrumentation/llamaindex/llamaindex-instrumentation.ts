import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import type { GovernedCall } from '../govern.js';
import { moduleDefinition } from '../patch-target.js';
import { LLAMAINDEX_WORKFLOW } from './targets.js';

/** Options of {@link LlamaIndexInstrumentation}. */
export type LlamaIndexInstrumentationConfig = AgcInstrumentationConfig;

interface AgentToolCall {
  readonly agentName?: unknown;
  readonly toolName?: unknown;
  readonly toolKwargs?: unknown;
  readonly toolId?: unknown;
}

type CallTool = (this: unknown, toolCall: AgentToolCall) => Promise<unknown>;

/**
 * Governs every tool call of LlamaIndex.TS agents (`@llamaindex/workflow`: `agent()`,
 * `multiAgent()`, `AgentWorkflow`): `AgentWorkflow.prototype.callTool`. The agent is the
 * workflow's own (`toolCall.agentName`), the call id the model's `toolId`.
 *
 * A deny is thrown from `callTool`, which the workflow records as the tool's error output
 * (`isError: true`, the text the model sees) before the loop goes on; that is LlamaIndex's own
 * failed-tool shape, so `throwOnDeny` changes nothing here.
 */
export class LlamaIndexInstrumentation extends AgcInstrumentation<LlamaIndexInstrumentationConfig> {
  constructor(config: LlamaIndexInstrumentationConfig = {}) {
    super('llamaindex', config);
  }

  protected init() {
    return moduleDefinition(LLAMAINDEX_WORKFLOW, (exports) => this._patch(exports));
  }

  private _patch(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'AgentWorkflow');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'callTool', (original) => {
      const callTool = original as CallTool;
      const call = (workflow: unknown, toolCall: AgentToolCall): Promise<unknown> =>
        this._dispatch(
          () => describe(toolCall),
          () => callTool.call(workflow, toolCall),
        );
      return function governedCallTool(this: unknown, toolCall: AgentToolCall) {
        return call(this, toolCall);
      };
    });
    return exports;
  }
}

function describe(toolCall: AgentToolCall | undefined): GovernedCall | undefined {
  const tool = toolCall?.toolName;
  if (typeof tool !== 'string' || tool === '') return undefined;
  const agent = toolCall?.agentName;
  const args = toolCall?.toolKwargs;
  return {
    tool,
    args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : undefined,
    callId: typeof toolCall?.toolId === 'string' ? toolCall.toolId : undefined,
    agent: typeof agent === 'string' && agent !== '' ? { id: agent, name: agent } : undefined,
  };
}
