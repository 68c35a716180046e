import { createContextKey } from '@opentelemetry/api';

/**
 * Context key carrying the {@link ToolCall} from `govern()` to the span processor's `onStart`, so
 * the Governor can decide on the arguments without putting them in span attributes.
 */
export const TOOL_CALL_CONTEXT_KEY = createContextKey('@agc/otel tool call');
/** Context key carrying the agent set by `withAgent()`. */
export const AGENT_CONTEXT_KEY = createContextKey('@agc/otel agent');
