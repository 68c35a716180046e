import type { ToolCall, Verdict } from '../policy/index.js';
import type { VerdictSource } from './types.js';

/** One quarantined agent. */
export interface Quarantine {
  readonly agentId: string;
  readonly reason: string;
  /** Epoch ms after which the quarantine lapses; Infinity until released. */
  readonly untilMs: number;
}

/**
 * Quarantined agents. A quarantine is a verdict: every call of the agent is denied with source
 * `quarantine` until the TTL passes or it is released, whatever framework makes the call.
 */
export class QuarantineRegistry implements VerdictSource {
  readonly name = 'quarantine';
  private readonly _entries = new Map<string, { entry: Quarantine; verdict: Verdict }>();

  /** @param _onChange - told when an agent enters or leaves quarantine (metrics). */
  constructor(private readonly _onChange?: (agentId: string, quarantined: boolean) => void) {}

  /** Quarantines AGENT for TTLMS (Infinity = until released). */
  add(agentId: string, reason: string, ttlMs: number, nowMs: number): Quarantine {
    const entry = { agentId, reason, untilMs: nowMs + ttlMs };
    const verdict: Verdict = Object.freeze({
      decision: 'deny',
      source: 'quarantine',
      rule: 'quarantine',
      reason: `agent '${agentId}' is quarantined: ${reason}`,
      mode: 'enforce',
    });
    this._entries.set(agentId, { entry, verdict });
    this._onChange?.(agentId, true);
    return entry;
  }

  /** Releases AGENT; true when it was quarantined. */
  release(agentId: string): boolean {
    const released = this._entries.delete(agentId);
    if (released) this._onChange?.(agentId, false);
    return released;
  }

  /** Current quarantines (expired ones are dropped). */
  list(nowMs: number): Quarantine[] {
    this._expire(nowMs);
    return [...this._entries.values()].map((e) => e.entry);
  }

  check(call: ToolCall, timeMs: number): Verdict | undefined {
    if (this._entries.size === 0) return undefined;
    const hit = this._entries.get(call.agent.id);
    if (hit === undefined) return undefined;
    if (timeMs >= hit.entry.untilMs) {
      this.release(call.agent.id);
      return undefined;
    }
    return hit.verdict;
  }

  private _expire(nowMs: number): void {
    for (const [id, { entry }] of this._entries) if (nowMs >= entry.untilMs) this.release(id);
  }
}
