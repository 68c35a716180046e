import type { ToolCall, Verdict } from '../policy/index.js';
import type { VerdictSource } from './types.js';

/**
 * Bound identity wins: inside `withAgent({ id: 'a' })` the call's agent is `a`, and a caller that
 * names another agent (`govern({ agent: { id: 'b' } })`) is refused with source `identity`,
 * before quarantines and the policy (a quarantined agent cannot act under another name).
 * `govern()` puts the differing claim in {@link ToolCall.claimedAgent}; nothing else sets it.
 */
export class IdentityGuard implements VerdictSource {
  readonly name = 'identity';

  check(call: ToolCall): Verdict | undefined {
    const claimed = call.claimedAgent;
    if (claimed === undefined || claimed.id === call.agent.id) return undefined;
    return {
      decision: 'deny',
      source: 'identity',
      reason: 'the call names an agent other than the one bound by withAgent()',
      mode: 'enforce',
    };
  }
}
