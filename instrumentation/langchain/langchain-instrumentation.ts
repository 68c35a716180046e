import { context } from '@opentelemetry/api';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { iterateInAgentRun, startAgentRun } from '../agent-run-span.js';
import type { AgentRun } from '../agent-run-span.js';
import { moduleDefinition } from '../patch-target.js';
import type { PolicyDeniedError } from '../policy-denied-error.js';
import { describeToolCall } from './describe-tool-call.js';
import type { LangChainToolLike } from './describe-tool-call.js';
import { LANGCHAIN_TOOLS, LANGGRAPH_PREGEL } from './targets.js';

/** Options of {@link LangChainInstrumentation}. */
export type LangChainInstrumentationConfig = AgcInstrumentationConfig;

type ToolCallMethod = (this: unknown, arg: unknown, config?: unknown, tags?: unknown) => unknown;
type StreamIterator = (this: unknown, input: unknown, options?: unknown) => unknown;

/** LangGraph's default graph name: not an agent name. */
const UNNAMED_GRAPH = 'LangGraph';

/**
 * Governs every LangChain.js tool call: `StructuredTool.prototype.call` of `@langchain/core`
 * (every `tool()`, `DynamicTool`, `DynamicStructuredTool` and subclass; `invoke()` and
 * LangGraph's `ToolNode` go through it), in both the CommonJS and the ESM copy.
 *
 * A deny answers like LangChain itself: the tool's own formatting runs with the refusal as the
 * content (the body is replaced, never run), so a `ToolCall` input gets a `ToolMessage` with
 * `status: 'error'` and the refusal text, and the agent loop goes on. `throwOnDeny` throws the
 * `PolicyDeniedError` instead (LangGraph's `ToolNode` still turns it into an error message
 * unless `handleToolErrors: false`).
 *
 * The agent is LangChain's own: `metadata.lc_agent_name` (`createAgent`), and for a named
 * compiled LangGraph graph (`createReactAgent({ name })`) its name, which the `Pregel` patch
 * puts into that metadata for the graph's run.
 *
 * A named graph's run (`Pregel._streamIterator`, under `invoke()` and `stream()`) is an
 * `invoke_agent {name}` span, active while the graph runs, so its tool spans are its children.
 * A nested run of the same graph name (already inside our run span) opens no second span.
 */
export class LangChainInstrumentation extends AgcInstrumentation<LangChainInstrumentationConfig> {
  constructor(config: LangChainInstrumentationConfig = {}) {
    super('langchain', config);
  }

  protected init() {
    return [
      moduleDefinition(LANGCHAIN_TOOLS, (exports) => this._patchTools(exports)),
      moduleDefinition(LANGGRAPH_PREGEL, (exports) => this._patchPregel(exports)),
    ];
  }

  private _patchTools(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'StructuredTool');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'call', (original) => {
      const call = original as ToolCallMethod;
      const dispatch = (tool: LangChainToolLike, arg: unknown, config: unknown, tags: unknown) =>
        this._dispatch(
          () => describeToolCall(tool, arg, config),
          () => call.call(tool, arg, config, tags),
          (denied) => refuseWithToolFormatting(call, tool, denied, arg, config, tags),
        );
      return function governedCall(this: unknown, arg: unknown, config?: unknown, tags?: unknown) {
        return dispatch(this as LangChainToolLike, arg, config, tags);
      };
    });
    return exports;
  }

  private _patchPregel(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'Pregel');
    if (proto === undefined) return exports;
    this._patchMethod(proto, '_streamIterator', (original) => {
      const iterate = original as StreamIterator;
      const runGraph = (graph: unknown, input: unknown, options: unknown) =>
        this._runGraph(graph, input, options, iterate);
      return function namedGraphRun(this: unknown, input: unknown, options?: unknown) {
        return runGraph(this, input, options);
      };
    });
    return exports;
  }

  /**
   * One run of a compiled graph: a named graph's name goes into the run's metadata (the agent
   * of its tool calls) and the run is an `invoke_agent {name}` span, active while the graph's
   * iterator is stepped and ended when it completes, throws or is returned early.
   */
  private _runGraph(
    graph: unknown,
    input: unknown,
    options: unknown,
    iterate: StreamIterator,
  ): unknown {
    if (!this.isEnabled()) return iterate.call(graph, input, options);
    let name: string | undefined;
    let named = options;
    let run: AgentRun | undefined;
    try {
      name = graphAgentName((graph as { name?: unknown }).name);
      if (name !== undefined) {
        named = withAgentName(name, options);
        run = startAgentRun({ name });
      }
    } catch (error) {
      this._warnOnce('langgraph agent run', error);
    }
    if (run === undefined) return iterate.call(graph, input, named);
    let iterator: AsyncIterator<unknown>;
    try {
      iterator = context.with(run.context, () =>
        iterate.call(graph, input, named),
      ) as AsyncIterator<unknown>;
    } catch (error) {
      run.end(error);
      throw error;
    }
    return iterateInAgentRun(run, iterator);
  }
}

/**
 * Runs LangChain's own `call` with the tool body replaced by the refusal, so the result has the
 * shape LangChain gives (a `ToolMessage` for a `ToolCall`, callbacks fired), then marks a
 * `ToolMessage` as an error.
 */
async function refuseWithToolFormatting(
  call: ToolCallMethod,
  tool: LangChainToolLike,
  denied: PolicyDeniedError,
  arg: unknown,
  config: unknown,
  tags: unknown,
): Promise<unknown> {
  const content = denied.message;
  const refusal = tool.responseFormat === 'content_and_artifact' ? [content, undefined] : content;
  const standIn = Object.create(tool, {
    _call: { value: () => Promise.resolve(refusal) },
  }) as unknown;
  const result = await call.call(standIn, arg, config, tags);
  if (typeof result === 'object' && result !== null && 'tool_call_id' in result) {
    const message = result as { status?: unknown; lc_kwargs?: Record<string, unknown> };
    message.status = 'error';
    if (message.lc_kwargs !== undefined) message.lc_kwargs.status = 'error';
  }
  return result;
}

/** The agent name of a graph named NAME, or undefined for an unnamed graph. */
function graphAgentName(name: unknown): string | undefined {
  return typeof name !== 'string' || name === '' || name === UNNAMED_GRAPH ? undefined : name;
}

function withAgentName(name: string, options: unknown): unknown {
  const config = (typeof options === 'object' && options !== null ? options : {}) as {
    metadata?: Record<string, unknown>;
  };
  if (config.metadata?.lc_agent_name === name) return options;
  return { ...config, metadata: { ...config.metadata, lc_agent_name: name } };
}
