import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_AGC_GOVERNED,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_USAGE_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ERROR_TYPE_OTHER,
  ERROR_TYPE_POLICY_DENIED,
  EVENT_AGC_POLICY_DENIED,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_TOOL_TYPE_FUNCTION,
} from '../conventions/index.js';
import type { AgentRef, ToolCall, Verdict } from '../policy/index.js';
import {
  applyChaos,
  ATTR_AGC_REPLAY_MISSING,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_AGC_REPLAY_STEP,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  canonicalHash,
  Governor,
  getGlobalGovernor,
  redactedJson,
  ReplayDivergenceError,
  setGlobalGovernor,
  verdictAttributes,
} from '../processors/index.js';
import type { GovernedCall } from './govern.js';
import { PolicyDeniedError } from './policy-denied-error.js';
import { currentAgent } from './with-agent.js';

const UNKNOWN_AGENT: AgentRef = Object.freeze({ id: 'unknown' });

/**
 * `govern()` for a tool span the framework opened itself (Google ADK's `execute_tool`): the same
 * decision, enforcement, replay and chaos as `govern()`, stamped on SPAN instead of a second
 * span. SPAN gets the attributes `govern()` starts its spans with and the verdict; a deny sets
 * `agc.policy.enforced`, `error.type`, status ERROR and the `agc.policy.denied` event; a failing
 * RUN sets status ERROR and `error.type`. The framework ends SPAN, and the span processor then
 * feeds it to metrics and detectors like any `execute_tool` span (so nothing is observed here).
 *
 * @throws {@link PolicyDeniedError} when the verdict is `deny` (enforce mode); RUN is not called.
 */
export function governExistingSpan<T>(span: Span, call: GovernedCall, run: () => T): T {
  let verdict: Verdict;
  let governor: Governor | undefined;
  let toolCall: ToolCall | undefined;
  try {
    governor = getGlobalGovernor();
    if (governor === undefined) setGlobalGovernor((governor = new Governor()));
    const agent = call.agent ?? currentAgent() ?? UNKNOWN_AGENT;
    toolCall = {
      agent,
      tool: call.tool,
      args: call.args,
      callId: call.callId,
      tokens: call.tokens,
      costUsd: call.costUsd,
      labels: call.labels,
    };
    const replay = governor.cassette !== undefined;
    span.setAttributes(callAttributes(call, agent, governor.captureContent, replay));
    verdict = governor.decide(toolCall);
    span.setAttributes(verdictAttributes(verdict));
  } catch (error) {
    governor ??= new Governor();
    governor.internalError('governExistingSpan', error);
    verdict = governor.failClosed(error);
    trySet(span, verdictAttributes(verdict));
  }

  if (verdict.decision === 'deny') {
    trySet(span, { [ATTR_AGC_POLICY_ENFORCED]: true, [ATTR_ERROR_TYPE]: ERROR_TYPE_POLICY_DENIED });
    try {
      span.setStatus({ code: SpanStatusCode.ERROR, message: verdict.reason });
      span.addEvent(EVENT_AGC_POLICY_DENIED, {
        'agc.policy.source': verdict.source,
        ...(verdict.rule !== undefined && { 'agc.policy.rule': verdict.rule }),
      });
    } catch {
      // Best effort: the deny itself stands.
    }
    // Keep the replay ordinals aligned: the recording has this (denied) call too.
    governor.cassette?.take(call.tool, canonicalHash(call.args ?? {}));
    throw new PolicyDeniedError(verdict, call.tool, call.callId);
  }

  const failed = (error: unknown): void =>
    trySet(span, { [ATTR_ERROR_TYPE]: errorType(error) }, () =>
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) }),
    );
  let result: T;
  try {
    result = bodyOf(governor, call, toolCall, span, run)() as T;
  } catch (error) {
    failed(error);
    throw error;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        if (governor?.captureContent === true && value !== undefined) {
          trySet(span, { [ATTR_GEN_AI_TOOL_CALL_RESULT]: redactedJson(value) });
        }
        return value;
      },
      (error: unknown) => {
        failed(error);
        throw error;
      },
    ) as T;
  }
  return result;
}

/** RUN, or the recorded result in replay, or RUN with the chosen fault in chaos mode. */
function bodyOf(
  governor: Governor,
  call: GovernedCall,
  toolCall: ToolCall | undefined,
  span: Span,
  run: () => unknown,
): () => unknown {
  const cassette = governor.cassette;
  if (cassette !== undefined) {
    const argsHash = canonicalHash(call.args ?? {});
    const { step, recorded, expected } = cassette.take(call.tool, argsHash);
    if (recorded === undefined || recorded.blocked) {
      if (cassette.mode === 'strict') {
        const divergence = new ReplayDivergenceError(
          step,
          { tool: call.tool, argsHash },
          expected ?? recorded,
        );
        return () => {
          throw divergence;
        };
      }
      trySet(span, { [ATTR_AGC_REPLAY_MISSING]: true });
      return run;
    }
    trySet(span, { [ATTR_AGC_REPLAY_SERVED]: true, [ATTR_AGC_REPLAY_STEP]: recorded.step });
    if (recorded.error !== undefined) {
      const { type, message } = recorded.error;
      return () => {
        const error = new Error(message);
        error.name = type === ERROR_TYPE_OTHER ? 'Error' : type;
        return Promise.reject(error);
      };
    }
    const value: unknown = recorded.result === undefined ? undefined : JSON.parse(recorded.result);
    return () => Promise.resolve(value);
  }
  const decision = toolCall === undefined ? undefined : governor.chaos?.choose(toolCall);
  if (decision) {
    trySet(span, decision.attributes);
    return () => applyChaos(decision, run);
  }
  return run;
}

/** The attributes `govern()` starts a tool span with. */
function callAttributes(
  call: GovernedCall,
  agent: AgentRef,
  capture: boolean,
  replay: boolean,
): Attributes {
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: call.tool,
    [ATTR_GEN_AI_TOOL_TYPE]: call.toolType ?? GEN_AI_TOOL_TYPE_FUNCTION,
    [ATTR_GEN_AI_AGENT_ID]: agent.id,
    [ATTR_AGC_GOVERNED]: true,
  };
  if (agent.name !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent.name;
  if (call.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = call.callId;
  if (call.conversationId !== undefined) {
    attributes[ATTR_GEN_AI_CONVERSATION_ID] = call.conversationId;
  }
  if (call.costUsd !== undefined) attributes[ATTR_AGC_USAGE_COST_USD] = call.costUsd;
  if (capture || replay) attributes[ATTR_GEN_AI_ARGUMENTS_HASH] = canonicalHash(call.args ?? {});
  if (capture && call.args !== undefined) {
    attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = redactedJson(call.args);
  }
  return attributes;
}

function trySet(span: Span, attributes: Attributes, then?: () => void): void {
  try {
    span.setAttributes(attributes);
    then?.();
  } catch {
    // Attributes are best effort on a failing path.
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorType(error: unknown): string {
  return error instanceof Error && error.name && error.name !== 'Error'
    ? error.name
    : ERROR_TYPE_OTHER;
}
