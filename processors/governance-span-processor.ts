import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../conventions/index.js';
import type { ToolCall } from '../policy/index.js';
import type { Governor } from './governor.js';
import { verdictAttributes } from './verdict-attributes.js';

/**
 * Puts governance on `execute_tool` spans. `onStart` asks the {@link Governor} for the verdict
 * and stamps it on the span (`agc.policy.*` and the GenAI guardrail attributes), handing it to
 * `govern()` through the Governor's side channel; `onEnding` feeds the finished call to the
 * observers and metrics while the span can still take their events.
 *
 * Never throws: the SDK calls these hooks synchronously from the host's `startSpan`/`end`.
 */
export class GovernanceSpanProcessor implements SpanProcessor {
  constructor(private readonly _governor: Governor) {}

  onStart(span: Span, _parentContext: Context): void {
    try {
      if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] !== GEN_AI_OPERATION_EXECUTE_TOOL) return;
      const preset = this._governor.takePendingVerdict();
      const call = this._governor.takePendingCall() ?? callFromSpan(span);
      const verdict = preset ?? this._governor.decide(call);
      span.setAttributes(verdictAttributes(verdict));
      this._governor.stamp(span, verdict);
    } catch (error) {
      this._governor.internalError('processor.onStart', error);
      try {
        const verdict = this._governor.failClosed(error);
        span.setAttributes(verdictAttributes(verdict));
        this._governor.stamp(span, verdict);
      } catch {
        // govern() decides directly when nothing was stamped.
      }
    }
  }

  onEnding(span: Span): void {
    try {
      if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] !== GEN_AI_OPERATION_EXECUTE_TOOL) return;
      // Only decided calls count: a framework's aggregate span (ADK's `execute_tool (merged)`)
      // carries the operation name but no verdict, and is not a call.
      if (span.attributes[ATTR_AGC_POLICY_DECISION] === undefined) return;
      for (const event of this._governor.observe(span)) span.addEvent(event.name, event.attributes);
    } catch (error) {
      this._governor.internalError('processor.onEnding', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A call rebuilt from span attributes, for `execute_tool` spans not started by `govern()`. */
function callFromSpan(span: Span): ToolCall {
  const a = span.attributes;
  const id = typeof a[ATTR_GEN_AI_AGENT_ID] === 'string' ? a[ATTR_GEN_AI_AGENT_ID] : undefined;
  const name =
    typeof a[ATTR_GEN_AI_AGENT_NAME] === 'string' ? a[ATTR_GEN_AI_AGENT_NAME] : undefined;
  const callId = a[ATTR_GEN_AI_TOOL_CALL_ID];
  return {
    agent: { id: id ?? name ?? '', ...(name !== undefined && { name }) },
    tool: typeof a[ATTR_GEN_AI_TOOL_NAME] === 'string' ? a[ATTR_GEN_AI_TOOL_NAME] : 'unknown',
    ...(typeof callId === 'string' && { callId }),
  };
}
