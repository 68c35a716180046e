import type { Verdict } from '../policy/index.js';

/**
 * The one error `@agc/otel` throws into host code on purpose: a tool call denied by policy in
 * enforce mode. The tool body did not run. Framework instrumentations turn it into the
 * framework's own "tool refused" shape so the model sees the refusal.
 */
export class PolicyDeniedError extends Error {
  /** Stable code for callers that cannot use `instanceof` (two package copies). */
  readonly code = 'AGC_POLICY_DENIED';
  /** The verdict that denied the call. */
  readonly verdict: Verdict;
  /** The denied tool. */
  readonly tool: string;
  /** The framework's call id, when known. */
  readonly callId: string | undefined;

  constructor(verdict: Verdict, tool: string, callId?: string) {
    super(
      `tool '${tool}' denied by ${verdict.source}${verdict.rule ? ` rule '${verdict.rule}'` : ''}: ${verdict.reason}`,
    );
    this.name = 'PolicyDeniedError';
    this.verdict = verdict;
    this.tool = tool;
    this.callId = callId;
  }
}

/** True for a {@link PolicyDeniedError}, also one thrown by another copy of the package. */
export function isPolicyDeniedError(error: unknown): error is PolicyDeniedError {
  return (
    error instanceof PolicyDeniedError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === 'AGC_POLICY_DENIED')
  );
}
