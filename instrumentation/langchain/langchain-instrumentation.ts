import { context } from '@opentelemetry/api';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { iterateInAgentRun, startAgentRun } from '../agent-run-span.js';
import type { AgentRun } from '../agent-run-span.js';
import { recordModelCall } from '../model-call.js';
import { moduleDefinition } from '../patch-target.js';
import type { PolicyDeniedError } from '../policy-denied-error.js';
import { chatResultCodec } from './chat-result-codec.js';
import type { MessageBuilder } from './chat-result-codec.js';
import { describeModelCall } from './describe-model-call.js';
import type { ChatModelLike } from './describe-model-call.js';
import { describeToolCall } from './describe-tool-call.js';
import type { LangChainToolLike } from './describe-tool-call.js';
import { LANGCHAIN_CHAT_MODELS, LANGCHAIN_TOOLS, LANGGRAPH_PREGEL } from './targets.js';
import { toolResultCodec } from './tool-result-codec.js';
import { callWithOutput, isToolMessage, markToolError } from './tool-stand-in.js';
import type { ToolCallMethod, ToolInvocation } from './tool-stand-in.js';

/** Options of {@link LangChainInstrumentation}. */
export type LangChainInstrumentationConfig = AgcInstrumentationConfig;

type StreamIterator = (this: unknown, input: unknown, options?: unknown) => unknown;
type GenerateMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

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
 *
 * Model calls (`BaseChatModel.prototype._generateUncached`, under every chat model's `invoke()`
 * and `generate()`) go through `recordModelCall()`: with content capture on they are
 * `chat {model}` spans carrying the response, and in a re-run (`AGC_REPLAY`) the recorded
 * response is served through LangChain's own generation path (callbacks fire, the provider is
 * never called). Tool results are recorded and served back as real `ToolMessage`s the same way.
 */
export class LangChainInstrumentation extends AgcInstrumentation<LangChainInstrumentationConfig> {
  constructor(config: LangChainInstrumentationConfig = {}) {
    super('langchain', config);
  }

  protected init() {
    return [
      moduleDefinition(LANGCHAIN_TOOLS, (exports) => this._patchTools(exports)),
      moduleDefinition(LANGGRAPH_PREGEL, (exports) => this._patchPregel(exports)),
      moduleDefinition(LANGCHAIN_CHAT_MODELS, (exports) => this._patchChatModels(exports)),
    ];
  }

  private _patchTools(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'StructuredTool');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'call', (original) => {
      const call = original as ToolCallMethod;
      const dispatch = (tool: LangChainToolLike, arg: unknown, config: unknown, tags: unknown) => {
        const invocation: ToolInvocation = { call, tool, arg, config, tags };
        return this._dispatch(
          () => describeToolCall(tool, arg, config),
          () => call.call(tool, arg, config, tags),
          (denied) => refuseWithToolFormatting(invocation, denied),
          undefined,
          toolResultCodec(invocation),
        );
      };
      return function governedCall(this: unknown, arg: unknown, config?: unknown, tags?: unknown) {
        return dispatch(this as LangChainToolLike, arg, config, tags);
      };
    });
    return exports;
  }

  private _patchChatModels(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'BaseChatModel');
    if (proto === undefined) return exports;
    const build = messageBuilder((exports as Record<string, unknown>).BaseChatModel);
    this._patchMethod(proto, '_generateUncached', (original) => {
      const generate = original as GenerateMethod;
      const record = (model: ChatModelLike, args: unknown[]) =>
        this._recordGeneration(model, args, generate, build);
      return function recordedGenerate(this: unknown, ...args: unknown[]) {
        return record(this as ChatModelLike, args);
      };
    });
    return exports;
  }

  /**
   * One `_generateUncached(messages, options, config, runManagers)` call as a recorded model
   * call. Served from a recording, LangChain's own `_generateUncached` runs on a stand-in of the
   * model whose `_generate` answers with the recorded generations (streaming off), so the run's
   * callbacks, message ids and metadata come out as in the live call.
   */
  private _recordGeneration(
    model: ChatModelLike,
    args: unknown[],
    generate: GenerateMethod,
    build: MessageBuilder,
  ): Promise<unknown> {
    if (!this.isEnabled()) return generate.apply(model, args);
    const [messages, options, config] = args;
    return recordModelCall(
      () => describeModelCall(model, messages, options, config),
      () => generate.apply(model, args),
      chatResultCodec(build, (result) => generate.apply(recordedModel(model, result), args)),
    );
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
  invocation: ToolInvocation,
  denied: PolicyDeniedError,
): Promise<unknown> {
  const content = denied.message;
  const refusal =
    invocation.tool.responseFormat === 'content_and_artifact' ? [content, undefined] : content;
  const result = await callWithOutput(invocation, refusal);
  if (isToolMessage(result)) markToolError(result);
  return result;
}

/**
 * A stand-in of MODEL whose generation answers RESULT: `_generate` returns the recorded
 * generations of each prompt (`promptIndex`), streaming is off so LangChain takes that path, and
 * the combined `llmOutput` is the recorded one.
 */
function recordedModel(
  model: object,
  result: { readonly generations: readonly unknown[]; readonly llmOutput?: unknown },
): object {
  const single = result.generations.length === 1;
  return Object.create(model, {
    disableStreaming: { value: true },
    _generate: {
      value: (_messages: unknown, options?: { promptIndex?: unknown }) => {
        const index = typeof options?.promptIndex === 'number' ? options.promptIndex : 0;
        return Promise.resolve({
          generations: result.generations[index] ?? [],
          llmOutput: single ? result.llmOutput : undefined,
        });
      },
    },
    _combineLLMOutput: { value: () => result.llmOutput },
  }) as object;
}

/**
 * Message construction of the patched copy of `@langchain/core`: its `BaseChatModel`'s own
 * coercion of message-like values (`{ type: 'ai', ... }`), so a served message is a real
 * `AIMessage` of the copy the app uses.
 */
function messageBuilder(chatModelClass: unknown): MessageBuilder {
  return (messageLikes) => {
    const convert = (chatModelClass as { _convertInputToPromptValue?: unknown } | undefined)
      ?._convertInputToPromptValue;
    if (typeof convert !== 'function') {
      throw new TypeError('BaseChatModel._convertInputToPromptValue is missing in this version');
    }
    const prompt = (convert as (input: unknown) => { toChatMessages(): unknown[] }).call(
      chatModelClass,
      messageLikes,
    );
    return prompt.toChatMessages();
  };
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
