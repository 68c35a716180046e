import { getGlobalGovernor } from '../../processors/index.js';
import { recordModelCall } from '../model-call.js';
import { chatStreamCodec } from './chat-stream-codec.js';
import type { ChatStream } from './chat-stream-codec.js';
import { describeChat } from './chat-request.js';
import type { ChatModel, ChatParams } from './chat-request.js';

/** `FunctionAgent.prototype.takeStep` of `@llamaindex/workflow`. */
export type TakeStep = (this: unknown, ...args: unknown[]) => unknown;

/** Logs an internal failure once per place (the instrumentation's `_warnOnce`). */
export type WarnOnce = (where: string, error: unknown) => void;

type Chat = (this: unknown, params: ChatParams) => Promise<unknown>;

interface Agent {
  llm?: unknown;
  readonly name?: unknown;
}

/**
 * Runs one step of a LlamaIndex.TS `FunctionAgent` (TAKE_STEP on AGENT with ARGS) with its model
 * call going through `recordModelCall`, so it is recorded with content capture and served back
 * in replay (`AGC_REPLAY`). The step is the one place every agent loop calls its LLM, whatever
 * the provider class (`this.llm.chat({ messages, tools, stream: true })`): for the step's
 * synchronous start, where it makes that call, the agent's `llm` is a view of the LLM whose
 * `chat` records; it is restored before the step's promise is returned, so no other code sees
 * it and the agent and LLM objects are otherwise untouched.
 *
 * With neither capture nor replay on, or when the agent cannot be given the view (frozen,
 * accessor `llm`), the step runs as it is (the latter logged once through WARN).
 */
export function takeStepRecordingChat(
  agent: unknown,
  takeStep: TakeStep,
  args: readonly unknown[],
  warn: WarnOnce,
): unknown {
  const bare = (): unknown => takeStep.apply(agent, args as unknown[]);
  const governor = getGlobalGovernor();
  if (governor === undefined || (!governor.captureContent && !governor.cassette)) return bare();
  let restore: (() => void) | undefined;
  try {
    restore = lendRecordingLlm(agent as Agent);
  } catch (error) {
    warn('record model call', error);
    return bare();
  }
  try {
    return bare();
  } finally {
    try {
      restore?.();
    } catch (error) {
      // The view stays: it still answers every call through the real LLM.
      warn('restore llm', error);
    }
  }
}

/** Gives AGENT a recording view of its LLM; returns what puts the original back. */
function lendRecordingLlm(agent: Agent): (() => void) | undefined {
  const llm = agent.llm;
  const chat = (llm as { chat?: unknown } | null | undefined)?.chat;
  if (typeof llm !== 'object' || llm === null || typeof chat !== 'function') return undefined;
  const original = chat as Chat;
  const recordingChat = (params: ChatParams): Promise<unknown> => {
    const run = () => original.call(llm, params) as Promise<ChatStream>;
    // The agent step always streams; anything else is not a call this codec knows.
    if (params?.stream !== true) return run();
    return recordModelCall(
      () => describeChat(llm as ChatModel, params, agent.name),
      run,
      chatStreamCodec,
    );
  };
  const view: unknown = Object.create(llm, { chat: { value: recordingChat } });
  const own = Object.getOwnPropertyDescriptor(agent, 'llm');
  Object.defineProperty(agent, 'llm', {
    value: view,
    writable: true,
    enumerable: own?.enumerable ?? true,
    configurable: true,
  });
  return () => {
    if (own === undefined) delete agent.llm;
    else Object.defineProperty(agent, 'llm', own);
  };
}
