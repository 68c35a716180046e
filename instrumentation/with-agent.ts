import { context, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_AGENT_ID, ATTR_GEN_AI_AGENT_NAME } from '../conventions/index.js';
import { AGENT_CONTEXT_KEY } from './agent-context-key.js';
import type { AgentRef } from '../policy/index.js';

/**
 * Runs FN with AGENT as the agent of every tool call made inside it (through OTel context, so it
 * follows async work and is correct with thousands of concurrent agents).
 */
export function withAgent<T>(agent: AgentRef, fn: () => T): T {
  return context.with(context.active().setValue(AGENT_CONTEXT_KEY, agent), fn);
}

/** The agent set by the innermost {@link withAgent}, if any. */
export function currentAgent(): AgentRef | undefined {
  return context.active().getValue(AGENT_CONTEXT_KEY) as AgentRef | undefined;
}

/**
 * The agent of the active span (`gen_ai.agent.id` / `gen_ai.agent.name`, e.g. of an
 * `invoke_agent` run span), if it names one; a name alone is also the id.
 */
export function agentOfActiveSpan(): AgentRef | undefined {
  const attributes = (trace.getActiveSpan() as { attributes?: Attributes } | undefined)?.attributes;
  const id = attributes?.[ATTR_GEN_AI_AGENT_ID];
  const name = attributes?.[ATTR_GEN_AI_AGENT_NAME];
  if (typeof id === 'string') return typeof name === 'string' ? { id, name } : { id };
  if (typeof name === 'string') return { id: name, name };
  return undefined;
}
