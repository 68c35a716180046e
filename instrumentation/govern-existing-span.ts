import type { Span } from '@opentelemetry/api';
import { govern } from './govern.js';
import type { GovernedCall } from './govern.js';

/**
 * `govern()` for a tool span the framework opened itself (Google ADK's `execute_tool`): the same
 * decision, enforcement, replay and chaos, stamped on SPAN instead of a second span. The
 * framework ends SPAN, and the span processor then feeds it to metrics and detectors.
 *
 * @throws {@link PolicyDeniedError} when the verdict is `deny` (enforce mode); RUN is not called.
 */
export function governExistingSpan<T>(span: Span, call: GovernedCall, run: () => T): T {
  return govern(call, run, { span, agentFrom: 'framework' });
}
