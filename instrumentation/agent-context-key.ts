import { createContextKey } from '@opentelemetry/api';

/** Context key carrying the agent set by `withAgent()`. */
export const AGENT_CONTEXT_KEY = createContextKey('@agc/otel agent');
