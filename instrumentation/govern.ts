import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import {
  ATTR_AGC_GOVERNED,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_REPLAY_KEY,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  ATTR_AGC_USAGE_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ERROR_TYPE_OTHER,
  ERROR_TYPE_POLICY_DENIED,
  EVENT_AGC_POLICY_DENIED,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_TOOL_TYPE_FUNCTION,
  TRACER_NAME,
  toolSpanName,
} from '../conventions/index.js';
import type { AgentRef, ToolCall, Verdict } from '../policy/index.js';
import {
  applyChaos,
  Governor,
  getGlobalGovernor,
  setGlobalGovernor,
  verdictAttributes,
} from '../processors/index.js';
import { canonicalHash, redactedJson } from '../common/index.js';
import { replayKey } from '../recording/index.js';
import { PolicyDeniedError } from './policy-denied-error.js';
import { replayBody } from './replay-serve.js';
import { agentOfActiveSpan, currentAgent } from './with-agent.js';

/** One tool call as an instrumentation (or an app) hands it to {@link govern}. */
export interface GovernedCall {
  /** Tool name (`gen_ai.tool.name`). */
  readonly tool: string;
  /** Arguments; visible to policy conditions, recorded only with content capture on (redacted). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** The framework's call id. */
  readonly callId?: string;
  /** The agent; @default the one set by `withAgent()`, else the active span's `gen_ai.agent.*`. */
  readonly agent?: AgentRef;
  /** `gen_ai.tool.type`. @default 'function' */
  readonly toolType?: string;
  /** `gen_ai.tool.description`. */
  readonly description?: string;
  /** `gen_ai.conversation.id`. */
  readonly conversationId?: string;
  /** Tokens the call will spend, for budgets. */
  readonly tokens?: number;
  /** Cost of the call in USD, for budgets. */
  readonly costUsd?: number;
  /** Labels visible to policy conditions. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of {@link govern}. */
export interface GovernOptions {
  /**
   * A tool span the framework opened itself (Google ADK's `execute_tool`): the call and the
   * verdict are stamped on it instead of a second span, and the framework ends it (the span
   * processor then observes it like any tool span).
   */
  readonly span?: Span;
  /**
   * How the tool's outcome is recorded (content capture) and served back in a re-run
   * (`AGC_REPLAY`), for frameworks whose tool results are not plain JSON (a LangChain
   * `ToolMessage`): `encode` turns the result into what is recorded, `decode` turns the
   * recorded value back into the result the framework expects. @default the value itself
   */
  readonly codec?: ResultCodec;
  /**
   * Who named `call.agent`. `caller` (the default): an app asserting an identity, which must
   * match the agent bound by `withAgent()` or the call is denied (source `identity`).
   * `framework`: an instrumentation reporting the framework's agent name, which names the agent
   * but never overrides the bound id.
   */
  readonly agentFrom?: 'caller' | 'framework';
}

/** See {@link GovernOptions.codec}. */
export interface ResultCodec {
  /** The result as a JSON-able value to record. */
  encode(result: unknown): unknown;
  /** The framework's result from the recorded value (parsed JSON, redacted as recorded). */
  decode(recorded: unknown): unknown;
}

/** No agent known: no `gen_ai.agent.id` is recorded (never a made-up `unknown`). */
const NO_AGENT: AgentRef = Object.freeze({ id: '' });

/**
 * The one wrapper every governed tool call goes through. Starts the `execute_tool {tool}` span
 * (GenAI attributes), obtains the verdict (stamped by the span processor, or decided here when
 * the processor is not in the app's provider — enforcement never depends on sampling), enforces
 * it, runs the tool in the span's context and ends the span when the result settles.
 *
 * Returns what RUN returns (a promise stays a promise). A failure inside governance itself
 * denies in enforce mode (source `error`) and says so on the span.
 *
 * @throws {@link PolicyDeniedError} when the verdict is `deny` (enforce mode); RUN is not called.
 */
export function govern<T>(call: GovernedCall, run: () => T, options: GovernOptions = {}): T {
  const existing = options.span;
  let governor: Governor | undefined;
  let span: Span | undefined;
  let verdict: Verdict;
  let toolCall: ToolCall | undefined;
  let spanContext: Context = context.active();
  let seenByProcessor = false;
  let startMs = 0;
  // False for a call run for real in passthrough replay: its result is not recorded.
  let record = true;
  try {
    governor = defaultGovernor();
    const { agent, claimed } = resolveAgent(call.agent, options.agentFrom ?? 'caller');
    toolCall = {
      agent,
      ...(claimed !== undefined && { claimedAgent: claimed }),
      tool: call.tool,
      args: call.args,
      callId: call.callId,
      tokens: call.tokens,
      costUsd: call.costUsd,
      labels: call.labels,
    };
    const parent = context.active();
    const attributes = startAttributes(call, agent, governor);
    if (existing !== undefined) {
      span = existing;
      span.setAttributes(attributes);
      verdict = governor.decide(toolCall);
      span.setAttributes(verdictAttributes(verdict));
      seenByProcessor = true;
    } else {
      governor.setPendingCall(toolCall);
      try {
        span = trace
          .getTracer(TRACER_NAME)
          .startSpan(toolSpanName(call.tool), { kind: SpanKind.INTERNAL, attributes }, parent);
      } finally {
        governor.setPendingCall(undefined);
      }
      const stamped = governor.stampedVerdict(span);
      seenByProcessor = stamped !== undefined;
      if (stamped !== undefined) verdict = stamped;
      else {
        startMs = Date.now();
        verdict = governor.decide(toolCall);
        span.setAttributes(verdictAttributes(verdict));
      }
    }
    spanContext = trace.setSpan(parent, span);
  } catch (error) {
    governor ??= new Governor();
    governor.internalError('govern', error);
    verdict = governor.failClosed(error);
    // The failure may have come before the span (a span processor's onStart threw): the
    // decision still goes on a span when the provider can make one, and is counted either way.
    if (span === undefined) {
      span = failureSpan(governor, call, toolCall, verdict);
      seenByProcessor = span !== undefined && governor.stampedVerdict(span) !== undefined;
    }
    trySet(span, verdictAttributes(verdict));
  }

  const finish = (outcome: 'ok' | 'error' | 'denied', value?: unknown): void => {
    try {
      if (span === undefined) {
        // No span at all: the call is still counted and seen by the detectors.
      } else if (outcome === 'ok' && record && governor?.captureContent && value !== undefined) {
        const recorded = options.codec ? options.codec.encode(value) : value;
        span.setAttribute(
          ATTR_GEN_AI_TOOL_CALL_RESULT,
          redactedJson(recorded, governor.captureMaxChars),
        );
      } else if (outcome === 'error') {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(value) });
        span.setAttribute(ATTR_ERROR_TYPE, errorType(value));
      }
      if (existing === undefined) span?.end();
      if (!seenByProcessor && governor && toolCall) {
        governor.observeEvent({
          timeMs: Date.now(),
          agentId: toolCall.agent.id,
          ...(toolCall.agent.name !== undefined && { agentName: toolCall.agent.name }),
          tool: toolCall.tool,
          decision: verdict.decision,
          source: verdict.source,
          blocked: outcome === 'denied',
          error: outcome === 'error',
          durationMs: Date.now() - startMs,
          ...(call.tokens !== undefined && { tokens: call.tokens }),
          ...(call.costUsd !== undefined && { costUsd: call.costUsd }),
        });
      }
    } catch (error) {
      governor?.internalError('govern.finish', error);
    }
  };

  if (verdict.decision === 'deny') {
    trySet(span, { [ATTR_AGC_POLICY_ENFORCED]: true, [ATTR_ERROR_TYPE]: ERROR_TYPE_POLICY_DENIED });
    try {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: verdict.reason });
      span?.addEvent(EVENT_AGC_POLICY_DENIED, {
        'agc.policy.source': verdict.source,
        ...(verdict.rule !== undefined && { 'agc.policy.rule': verdict.rule }),
      });
    } catch {
      // Status and event are best effort; the deny itself stands.
    }
    finish('denied');
    // Keep the replay ordinals aligned: the recording has this (denied) call too.
    if (governor?.cassette) governor.cassette.take('tool', call.tool, toolKey(call));
    throw new PolicyDeniedError(verdict, call.tool, call.callId);
  }

  let body: () => unknown = run;
  try {
    if (governor?.cassette) {
      const decode = options.codec && ((v: unknown) => options.codec?.decode(v));
      ({ body, record } = replayBody(
        governor.cassette,
        'tool',
        call.tool,
        toolKey(call),
        span,
        run,
        decode,
      ));
    } else if (governor?.chaos && toolCall) {
      const decision = governor.chaos.choose(toolCall);
      if (decision) {
        span?.setAttributes(decision.attributes);
        body = () => applyChaos(decision, run);
      }
    }
  } catch (error) {
    // A divergence in strict replay is reported like a failed tool (the agent sees it).
    finish('error', error);
    throw error;
  }

  let result: T;
  try {
    result = context.with(spanContext, body) as T;
  } catch (error) {
    finish('error', error);
    throw error;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        finish('ok', value);
        return value;
      },
      (error: unknown) => {
        finish('error', error);
        throw error;
      },
    ) as T;
  }
  finish('ok', result);
  return result;
}

/** The replay key of a call: the hash of its redacted arguments. */
function toolKey(call: GovernedCall): string {
  return replayKey(call.args ?? {});
}

function defaultGovernor(): Governor {
  let governor = getGlobalGovernor();
  if (governor === undefined) {
    // No preload: observe only, so a plain import never blocks anything by surprise — and say
    // so once, loudly: an app that set AGC_POLICY but forgot the preload must not think it is
    // governed.
    process.stderr.write(
      '@agc/otel: govern() ran without a started runtime: no policy is enforced and nothing is recorded. Start it with `node --require @agc/otel` (or `--import @agc/otel/register`), or call startFromEnvironment() from @agc/otel before the first tool call.\n',
    );
    governor = new Governor();
    setGlobalGovernor(governor);
  }
  return governor;
}

function startAttributes(call: GovernedCall, agent: AgentRef, governor: Governor): Attributes {
  const capture = governor.captureContent;
  const replay = governor.cassette !== undefined;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: call.tool,
    [ATTR_GEN_AI_TOOL_TYPE]: call.toolType ?? GEN_AI_TOOL_TYPE_FUNCTION,
    [ATTR_AGC_GOVERNED]: true,
  };
  if (agent.id !== '') attributes[ATTR_GEN_AI_AGENT_ID] = agent.id;
  if (agent.name !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent.name;
  if (call.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = call.callId;
  if (call.description !== undefined) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = call.description;
  if (call.conversationId !== undefined)
    attributes[ATTR_GEN_AI_CONVERSATION_ID] = call.conversationId;
  if (call.costUsd !== undefined) attributes[ATTR_AGC_USAGE_COST_USD] = call.costUsd;
  // The replay keys: recorded with content capture, and in replay itself. The raw hash tells
  // runs apart even where redaction hides a difference; the redacted key matches re-runs.
  if (capture || replay) {
    attributes[ATTR_GEN_AI_ARGUMENTS_HASH] = canonicalHash(call.args ?? {});
    attributes[ATTR_AGC_REPLAY_KEY] = replayKey(call.args ?? {});
  }
  if (capture && call.args !== undefined)
    attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = redactedJson(call.args, governor.captureMaxChars);
  return attributes;
}

/**
 * The call's agent. Bound identity (`withAgent()`) wins over a named one; a caller's differing
 * claim is returned as CLAIMED (the call is then denied), a framework's name is kept as the
 * name. Empty ids count as none.
 */
function resolveAgent(
  named: AgentRef | undefined,
  from: 'caller' | 'framework',
): { agent: AgentRef; claimed?: AgentRef } {
  const bound = known(currentAgent());
  const own = known(named);
  if (bound === undefined) return { agent: own ?? known(agentOfActiveSpan()) ?? NO_AGENT };
  if (own === undefined || own.id === bound.id) return { agent: bound };
  if (from === 'caller') return { agent: bound, claimed: own };
  const name = bound.name ?? own.name;
  return { agent: name === undefined ? bound : { id: bound.id, name } };
}

function known(agent: AgentRef | undefined): AgentRef | undefined {
  return typeof agent?.id === 'string' && agent.id !== '' ? agent : undefined;
}

/** A span for a call whose governance failed before its own span existed; undefined if none. */
function failureSpan(
  governor: Governor,
  call: GovernedCall,
  toolCall: ToolCall | undefined,
  verdict: Verdict,
): Span | undefined {
  try {
    governor.setPendingCall(toolCall, verdict);
    return trace.getTracer(TRACER_NAME).startSpan(toolSpanName(call.tool), {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: call.tool,
        [ATTR_AGC_GOVERNED]: true,
        ...verdictAttributes(verdict),
      },
    });
  } catch {
    return undefined;
  } finally {
    governor.setPendingCall(undefined);
  }
}

function trySet(span: Span | undefined, attributes: Attributes): void {
  try {
    span?.setAttributes(attributes);
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
