import { context, createContextKey, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import {
  agentSpanName,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION_INVOKE_AGENT,
  TRACER_NAME,
} from '../conventions/index.js';

// The agent name of our run span in a context (the span itself may be non-recording).
const AGENT_RUN_KEY = createContextKey('@agc/otel agent run');

/** The agent of a run span, as a framework patch knows it. */
export interface AgentRunRef {
  /** `gen_ai.agent.name` (also the span name's suffix). */
  readonly name: string;
  /** `gen_ai.agent.id`, when the framework has one apart from the name. */
  readonly id?: string;
  /** `gen_ai.provider.name`, when cheap to know. */
  readonly provider?: string;
}

/**
 * One agent run: the `invoke_agent {agent}` span and the context it is active in. `end()` is
 * idempotent and never throws; with an error it marks the span ERROR with `error.type`.
 */
export class AgentRun {
  private _ended = false;

  /** The context that makes the run span active (tool spans started in it are its children). */
  readonly context: Context;

  constructor(
    readonly span: Span,
    readonly agent: string,
  ) {
    this.context = trace.setSpan(context.active(), span).setValue(AGENT_RUN_KEY, agent);
  }

  /** Ends the run span (once); ERROR with `error.type` when ERROR is given. */
  end(error?: unknown): void {
    if (this._ended) return;
    this._ended = true;
    try {
      if (error !== undefined) {
        const message =
          error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
        this.span.setStatus({
          code: SpanStatusCode.ERROR,
          ...(message !== undefined && { message }),
        });
        this.span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
      }
      this.span.end();
    } catch {
      // Ending is best effort; the host's run goes on.
    }
  }
}

/**
 * Starts the run span of AGENT as a child of the active span, or returns undefined when one of
 * ours is already active for the same agent (a nested call of the same run). May throw; the
 * patches call it inside their fail-open `try`.
 */
export function startAgentRun(agent: AgentRunRef): AgentRun | undefined {
  if (isAgentRunActive(agent.name)) return undefined;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: agent.name,
  };
  if (agent.id !== undefined) attributes[ATTR_GEN_AI_AGENT_ID] = agent.id;
  if (agent.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = agent.provider;
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(agentSpanName(agent.name), { kind: SpanKind.INTERNAL, attributes });
  return new AgentRun(span, agent.name);
}

/**
 * Runs RUN with the run span active and ends the span when RUN returns, throws, or (a promise)
 * settles. The result is returned as RUN gave it (a promise is observed, not replaced by
 * anything but its own chained value).
 */
export function runInAgentRun<T>(run: AgentRun, body: () => T): T {
  let result: T;
  try {
    result = context.with(run.context, body);
  } catch (error) {
    run.end(error);
    throw error;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        run.end();
        return value;
      },
      (error: unknown) => {
        run.end(error);
        throw error;
      },
    ) as T;
  }
  run.end();
  return result;
}

/**
 * An async iterator that steps ITERATOR with the run span active and ends the span when
 * iteration completes, throws, or is returned early (`return()`, `break` in `for await`).
 */
export function iterateInAgentRun<T>(
  run: AgentRun,
  iterator: AsyncIterator<T>,
): AsyncIterableIterator<T> {
  const step = async (
    call: () => Promise<IteratorResult<T>> | undefined,
    last: boolean,
  ): Promise<IteratorResult<T>> => {
    try {
      const result = await context.with(run.context, call);
      if (result === undefined || result.done === true || last) run.end();
      return result ?? { done: true, value: undefined };
    } catch (error) {
      run.end(error);
      throw error;
    }
  };
  return {
    next: (...args: [] | [unknown]) => step(() => iterator.next(...args), false),
    return: (value?: unknown) =>
      step(() => iterator.return?.(value) ?? Promise.resolve({ done: true, value }), true),
    throw: (error?: unknown) =>
      step(async () => {
        if (iterator.throw) return iterator.throw(error);
        throw error;
      }, false),
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncIterableIterator<T>;
}

/** True when the active context is inside one of our run spans of agent NAME. */
function isAgentRunActive(name: string): boolean {
  return context.active().getValue(AGENT_RUN_KEY) === name;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function errorType(error: unknown): string {
  return error instanceof Error && error.name && error.name !== 'Error'
    ? error.name
    : ERROR_TYPE_OTHER;
}
