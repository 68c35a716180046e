import { context } from '@opentelemetry/api';
import { AGENT_CONTEXT_KEY } from '../processors/index.js';
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
