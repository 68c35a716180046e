import type { Attributes } from '@opentelemetry/api';
import type { ToolCallEvent } from '../conventions/index.js';
import type { ToolCall, Verdict } from '../policy/index.js';

/** A span event an observer wants added to the span of the call it observed. */
export interface ObserverEvent {
  readonly name: string;
  readonly attributes?: Attributes;
}

/**
 * Something that watches finished tool calls: anomaly detectors, SLO calculators. Called
 * synchronously by {@link Governor.observe} from the span processor's `onEnding`, so it must be
 * fast and must not throw (a throwing observer is caught, counted and skipped).
 */
export interface GovernanceObserver {
  /** Name for logs and the internal-error counter. */
  readonly name: string;
  /** Sees one finished call; may return span events to add to that call's span. */
  observe(event: ToolCallEvent): readonly ObserverEvent[] | undefined;
}

/**
 * A source of verdicts consulted before the policy: quarantines, circuit breakers. Returns a
 * verdict to override the policy, or undefined to let the policy decide.
 */
export interface VerdictSource {
  readonly name: string;
  check(call: ToolCall, timeMs: number): Verdict | undefined;
}
