import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { runInAgentRun, startAgentRun } from '../agent-run-span.js';
import type { AgentRun } from '../agent-run-span.js';
import type { GovernedCall } from '../govern.js';
import { getGlobalGovernor } from '../../processors/index.js';
import { moduleDefinition } from '../patch-target.js';
import { takeStepRecordingChat } from './model-replay.js';
import type { TakeStep } from './model-replay.js';
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
type Run = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Governs every tool call of LlamaIndex.TS agents (`@llamaindex/workflow`: `agent()`,
 * `multiAgent()`, `AgentWorkflow`): `AgentWorkflow.prototype.callTool`. The agent is the
 * workflow's own (`toolCall.agentName`), the call id the model's `toolId`.
 *
 * A deny is thrown from `callTool`, which the workflow records as the tool's error output
 * (`isError: true`, the text the model sees) before the loop goes on; that is LlamaIndex's own
 * failed-tool shape, so `throwOnDeny` changes nothing here.
 *
 * A workflow's `run()` is an `invoke_agent {root agent}` span, active while the run executes
 * and ended when it settles, so its tool spans are its children (`runStream()` used directly
 * is not covered). A nested run of the same agent opens no second span.
 *
 * In a re-run the workflow's `handOff` tool is served like any tool, then run again for the
 * workflow state it sets (the next agent).
 *
 * The model call of every agent step (`FunctionAgent.prototype.takeStep`, the one place the
 * loop calls `llm.chat` whatever the provider) is recorded with content capture and served
 * back in replay (`AGC_REPLAY`): see {@link takeStepRecordingChat}.
 */
export class LlamaIndexInstrumentation extends AgcInstrumentation<LlamaIndexInstrumentationConfig> {
  constructor(config: LlamaIndexInstrumentationConfig = {}) {
    super('llamaindex', config);
  }

  protected init() {
    return moduleDefinition(LLAMAINDEX_WORKFLOW, (exports) => this._patch(exports));
  }

  private _patch(exports: unknown): unknown {
    this._patchWorkflow(exports);
    this._patchAgent(exports);
    return exports;
  }

  private _patchWorkflow(exports: unknown): void {
    const proto = this._prototypeOf(exports, 'AgentWorkflow');
    if (proto === undefined) return;
    this._patchMethod(proto, 'callTool', (original) => {
      const callTool = original as CallTool;
      const call = async (workflow: unknown, toolCall: AgentToolCall): Promise<unknown> => {
        let ran = false;
        const output = await this._dispatch(
          () => describe(toolCall),
          () => {
            ran = true;
            return callTool.call(workflow, toolCall);
          },
        );
        // A replayed handoff still hands off: its body only moves the workflow's own state.
        return ran || !isServedHandoff(toolCall) ? output : callTool.call(workflow, toolCall);
      };
      return function governedCallTool(this: unknown, toolCall: AgentToolCall) {
        return call(this, toolCall);
      };
    });
    this._patchMethod(proto, 'run', (original) => {
      const run = original as Run;
      const runWorkflow = (workflow: unknown, args: unknown[]) => this._run(workflow, args, run);
      return function agentRun(this: unknown, ...args: unknown[]) {
        return runWorkflow(this, args);
      };
    });
  }

  /** `FunctionAgent.prototype.takeStep`: its model call, for deterministic re-execution. */
  private _patchAgent(exports: unknown): void {
    const proto = this._prototypeOf(exports, 'FunctionAgent');
    if (proto === undefined) return;
    this._patchMethod(proto, 'takeStep', (original) => {
      const takeStep = original as TakeStep;
      const step = (agent: unknown, args: unknown[]): unknown =>
        this.isEnabled()
          ? takeStepRecordingChat(agent, takeStep, args, (where, error) =>
              this._warnOnce(where, error),
            )
          : takeStep.apply(agent, args);
      return function recordedTakeStep(this: unknown, ...args: unknown[]) {
        return step(this, args);
      };
    });
  }

  /** One workflow run in its `invoke_agent` span (fail open: any setup error runs it bare). */
  private _run(workflow: unknown, args: unknown[], original: Run): unknown {
    const bare = () => original.apply(workflow, args);
    if (!this.isEnabled()) return bare();
    let run: AgentRun | undefined;
    try {
      const name = (workflow as { rootAgentName?: unknown } | null)?.rootAgentName;
      if (typeof name === 'string' && name !== '') run = startAgentRun({ name });
    } catch (error) {
      this._warnOnce('agent run', error);
    }
    return run === undefined ? bare() : runInAgentRun(run, bare);
  }
}

/**
 * The workflow's own `handOff` tool (the name `AgentWorkflow` itself tests) in a re-run: its
 * recorded result was served, but its body is what sets the next agent, in process, with no
 * effect outside the workflow, so it is run again (same result text).
 */
function isServedHandoff(toolCall: AgentToolCall | undefined): boolean {
  return toolCall?.toolName === 'handOff' && getGlobalGovernor()?.cassette !== undefined;
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
