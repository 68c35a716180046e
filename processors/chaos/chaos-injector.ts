import { createHash } from 'node:crypto';
import {
  ATTR_AGC_CHAOS_DELAY_MS,
  ATTR_AGC_CHAOS_EXPERIMENT,
  ATTR_AGC_CHAOS_FAULT,
  ATTR_AGC_CHAOS_KIND,
} from '../../conventions/index.js';
import type { ToolCall } from '../../policy/index.js';
import type { ChaosFault, ChaosSpec } from './chaos-spec.js';

/** The fault chosen for one call, with what to record on its span. */
export interface ChaosDecision {
  readonly fault: ChaosFault;
  /** Span attributes (`agc.chaos.*`). */
  readonly attributes: Record<string, string | number>;
}

/**
 * Chooses faults for calls, deterministically: the roll for a call is a hash of (seed, fault,
 * agent, tool, the call's ordinal among that agent's calls of that tool), so the same agent run
 * gets the same faults whatever the interleaving with other agents — a chaos run replays exactly.
 */
export class ChaosInjector {
  private readonly _ordinals = new Map<string, number>();

  constructor(readonly spec: ChaosSpec) {}

  /** The fault to inject into CALL, if any (advances the call's ordinal). */
  choose(call: ToolCall): ChaosDecision | undefined {
    const key = `${call.agent.id}\u0000${call.tool}`;
    const ordinal = this._ordinals.get(key) ?? 0;
    this._ordinals.set(key, ordinal + 1);
    for (const fault of this.spec.faults) {
      if (!matches(fault.tools, call.tool) || !matchesAgent(fault.agents, call)) continue;
      if (roll(this.spec.seed, fault.id, key, ordinal) >= fault.probability) continue;
      return {
        fault,
        attributes: {
          [ATTR_AGC_CHAOS_EXPERIMENT]: this.spec.name,
          [ATTR_AGC_CHAOS_FAULT]: fault.id,
          [ATTR_AGC_CHAOS_KIND]: fault.kind,
          [ATTR_AGC_CHAOS_DELAY_MS]: fault.delayMs,
        },
      };
    }
    return undefined;
  }
}

/** Runs RUN under DECISION's fault: adds latency, or fails (after a delay, for timeouts). */
export async function applyChaos<T>(decision: ChaosDecision, run: () => T): Promise<Awaited<T>> {
  const { fault } = decision;
  if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.kind === 'latency') return await run();
  const error = new Error(fault.message);
  error.name = fault.errorType;
  throw error;
}

function roll(seed: number, fault: string, key: string, ordinal: number): number {
  const digest = createHash('sha256')
    .update(`${seed}\u0000${fault}\u0000${key}\u0000${ordinal}`)
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

function matches(patterns: readonly string[] | undefined, name: string): boolean {
  return (
    patterns === undefined ||
    patterns.some(
      (p) => p === '*' || p === name || (p.endsWith('*') && name.startsWith(p.slice(0, -1))),
    )
  );
}

function matchesAgent(patterns: readonly string[] | undefined, call: ToolCall): boolean {
  return (
    patterns === undefined ||
    matches(patterns, call.agent.id) ||
    (call.agent.name !== undefined && matches(patterns, call.agent.name))
  );
}
