import { context } from '@opentelemetry/api';
import type { AgentRef } from '../../policy/index.js';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { runInAgentRun, startAgentRun } from '../agent-run-span.js';
import type { AgentRun } from '../agent-run-span.js';
import type { GovernedCall } from '../govern.js';
import { moduleDefinition } from '../patch-target.js';
import type { PolicyDeniedError } from '../policy-denied-error.js';
import type { ModuleCopy } from '../patch-target.js';
import { recordedGetResponse, recordedGetStreamedResponse } from './model-replay.js';
import type { GetResponseWithRetry, GetStreamedResponseWithRetry } from './model-replay.js';
import type { UsageClass } from './model-response-codec.js';
import {
  OPENAI_AGENTS_AGENT,
  OPENAI_AGENTS_MODEL_RETRY,
  OPENAI_AGENTS_RUNNER,
  OPENAI_AGENTS_TOOL,
  OPENAI_AGENTS_USAGE,
} from './targets.js';

/** Options of {@link OpenAIAgentsInstrumentation}. */
export type OpenAIAgentsInstrumentationConfig = AgcInstrumentationConfig;

/** What the patch reads from `invokeFunctionTool({ tool, runContext, input, details })`. */
interface InvokeArgs {
  readonly tool?: FunctionToolLike;
  readonly runContext?: unknown;
  readonly input?: unknown;
  readonly details?: { readonly toolCall?: { readonly callId?: unknown } };
}

interface FunctionToolLike {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly outputSchema?: unknown;
  readonly errorFunction?:
    ((context: unknown, error: unknown, details?: unknown) => unknown) | null;
}

type InvokeFunctionTool = (args: InvokeArgs) => Promise<unknown>;
type GetAllTools = (this: unknown, ...args: unknown[]) => Promise<unknown>;
type RunnerRun = (this: unknown, agent: unknown, input: unknown, options?: unknown) => unknown;

/** `gen_ai.provider.name` of the SDK's runs. */
const PROVIDER = 'openai';

/**
 * Governs every function tool the OpenAI Agents SDK (`@openai/agents`, `@openai/agents-core`)
 * runs: the run loop's `invokeFunctionTool` (hosted and MCP tools of the SDK are executed
 * elsewhere and are not covered). The agent is the SDK's own: the `Agent` whose `getAllTools()`
 * offered the tool to the model (its `name`).
 *
 * A deny answers the way the SDK answers a rejecting tool input guardrail: the refusal text is
 * the tool output the model sees (through the tool's `errorFunction` when it has an output
 * schema), and the run goes on. `throwOnDeny` throws the `PolicyDeniedError` out of the run.
 *
 * Every run (`Runner.prototype.run`, under `run(agent, input)`) is an `invoke_agent {agent}`
 * span, active while the run executes, ended when it settles (a streamed run: when its
 * `completed` promise settles). A nested run of the same agent opens no second span.
 *
 * Model calls (`getResponseWithRetry` / `getStreamedResponseWithRetry`, the run loop's one
 * path into any `Model`) go through `recordModelCall()`: recorded with content capture on,
 * served from the recording with `AGC_REPLAY`. Replayed responses are rebuilt with the
 * `Usage` class of the same copy (CommonJS or ESM) of the SDK.
 */
export class OpenAIAgentsInstrumentation extends AgcInstrumentation<OpenAIAgentsInstrumentationConfig> {
  // Tool object → agent that listed it last (an agent lists its tools every turn).
  declare private _owners: WeakMap<object, AgentRef> | undefined;
  // `Usage` of each copy of the SDK, captured when its usage module loads.
  declare private _usage: Partial<Record<ModuleCopy, UsageClass>> | undefined;

  constructor(config: OpenAIAgentsInstrumentationConfig = {}) {
    super('openai-agents', config);
  }

  protected init() {
    return [
      moduleDefinition(OPENAI_AGENTS_TOOL, (exports) => this._patchInvoke(exports)),
      moduleDefinition(OPENAI_AGENTS_AGENT, (exports) => this._patchAgent(exports)),
      moduleDefinition(OPENAI_AGENTS_RUNNER, (exports) => this._patchRunner(exports)),
      moduleDefinition(OPENAI_AGENTS_USAGE, (exports, copy) => this._captureUsage(exports, copy)),
      moduleDefinition(OPENAI_AGENTS_MODEL_RETRY, (exports, copy) =>
        this._patchModelRetry(exports, copy),
      ),
    ];
  }

  private _captureUsage(exports: unknown, copy: ModuleCopy): unknown {
    try {
      const usage = (exports as { Usage?: unknown } | null)?.Usage;
      if (typeof usage === 'function') {
        this._usage ??= {};
        this._usage[copy] = usage as UsageClass;
      }
    } catch (error) {
      this._warnOnce('usage class', error);
    }
    return exports;
  }

  // The usage module loads first (modelRetry imports it): its class is this copy's.
  private _patchModelRetry(exports: unknown, copy: ModuleCopy): unknown {
    if (typeof exports !== 'object' || exports === null) return exports;
    const usage = this._usage?.[copy];
    const enabled = () => this.isEnabled();
    this._patchMethod(exports, 'getResponseWithRetry', (original) =>
      recordedGetResponse(original as GetResponseWithRetry, usage, enabled),
    );
    this._patchMethod(exports, 'getStreamedResponseWithRetry', (original) =>
      recordedGetStreamedResponse(original as GetStreamedResponseWithRetry, enabled),
    );
    return exports;
  }

  private _patchInvoke(exports: unknown): unknown {
    if (typeof exports !== 'object' || exports === null) return exports;
    this._patchMethod(exports, 'invokeFunctionTool', (original) => {
      const invoke = original as InvokeFunctionTool;
      return (args: InvokeArgs) =>
        this._dispatch(
          () => this._describe(args),
          () => invoke(args),
          (denied) => refusal(args, denied),
        );
    });
    return exports;
  }

  private _patchAgent(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'Agent');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'getAllTools', (original) => {
      const getAllTools = original as GetAllTools;
      const remember = (agent: unknown, tools: unknown): void => this._remember(agent, tools);
      return async function ownedTools(this: unknown, ...args: unknown[]) {
        const tools = await getAllTools.apply(this, args);
        remember(this, tools);
        return tools;
      };
    });
    return exports;
  }

  private _patchRunner(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'Runner');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'run', (original) => {
      const run = original as RunnerRun;
      const runAgent = (runner: unknown, agent: unknown, input: unknown, options: unknown) =>
        this._run(runner, agent, input, options, run);
      return function agentRun(this: unknown, agent: unknown, input: unknown, options?: unknown) {
        return runAgent(this, agent, input, options);
      };
    });
    return exports;
  }

  /** One `Runner.run`: in its `invoke_agent` span (fail open: any setup error runs it bare). */
  private _run(
    runner: unknown,
    agent: unknown,
    input: unknown,
    options: unknown,
    original: RunnerRun,
  ): unknown {
    const bare = () => original.call(runner, agent, input, options);
    if (!this.isEnabled()) return bare();
    let run: AgentRun | undefined;
    try {
      const name = agentName(input, agent);
      if (name !== undefined) run = startAgentRun({ name, provider: PROVIDER });
    } catch (error) {
      this._warnOnce('agent run', error);
    }
    if (run === undefined) return bare();
    const started = run;
    if (!isStreamed(options)) return runInAgentRun(started, bare);
    // A streamed run returns at once and goes on in the background: end at `completed`.
    let result: Promise<unknown>;
    try {
      result = context.with(started.context, bare) as Promise<unknown>;
    } catch (error) {
      started.end(error);
      throw error;
    }
    return Promise.resolve(result).then(
      (streamed) => {
        endWhenCompleted(started, streamed);
        return streamed;
      },
      (error: unknown) => {
        started.end(error);
        throw error;
      },
    );
  }

  private _remember(agent: unknown, tools: unknown): void {
    try {
      const name = (agent as { name?: unknown }).name;
      if (typeof name !== 'string' || !Array.isArray(tools)) return;
      this._owners ??= new WeakMap();
      const ref: AgentRef = { id: name, name };
      for (const tool of tools as unknown[]) {
        if (typeof tool === 'object' && tool !== null) this._owners.set(tool, ref);
      }
    } catch (error) {
      this._warnOnce('agent tools', error);
    }
  }

  private _describe(args: InvokeArgs): GovernedCall | undefined {
    const tool = args.tool;
    if (typeof tool?.name !== 'string' || tool.name === '') return undefined;
    const callId = args.details?.toolCall?.callId;
    return {
      tool: tool.name,
      args: parseArguments(args.input),
      callId: typeof callId === 'string' ? callId : undefined,
      agent: this._owners?.get(tool),
      description: typeof tool.description === 'string' ? tool.description : undefined,
    };
  }
}

/** What a rejecting tool input guardrail gives the model (`resolveFunctionFailureOutput`). */
function refusal(args: InvokeArgs, denied: PolicyDeniedError): Promise<unknown> {
  const tool = args.tool;
  if (tool?.outputSchema === undefined || tool.outputSchema === null) {
    return Promise.resolve(denied.message);
  }
  if (typeof tool.errorFunction !== 'function') return Promise.reject(denied);
  return Promise.resolve(tool.errorFunction(args.runContext, denied, args.details));
}

/** The run's agent name: a resumed `RunState`'s current agent, else AGENT's. */
function agentName(input: unknown, agent: unknown): string | undefined {
  const current = (input as { _currentAgent?: { name?: unknown } } | null)?._currentAgent;
  const name = (current ?? (agent as { name?: unknown } | null))?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function isStreamed(options: unknown): boolean {
  return (options as { stream?: unknown } | null | undefined)?.stream === true;
}

/** Ends RUN when a streamed result's `completed` settles (right away if it has none). */
function endWhenCompleted(run: AgentRun, streamed: unknown): void {
  try {
    const completed = (streamed as { completed?: unknown } | null)?.completed;
    if (typeof (completed as { then?: unknown } | undefined)?.then !== 'function') {
      run.end();
      return;
    }
    (completed as Promise<unknown>).then(
      () => run.end(),
      (error: unknown) => run.end(error),
    );
  } catch (error) {
    run.end(error);
  }
}

/** The model's JSON arguments as an object for policy conditions. */
function parseArguments(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'string') return undefined;
  try {
    const parsed = JSON.parse(input) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { input: parsed };
  } catch {
    return { input };
  }
}
