import type { AgentState } from './agent-state.js';

/**
 * Agent states keyed by id with a least-recently-seen cap: a map for lookup plus an intrusive
 * doubly linked list for recency, so a hit is one map lookup and a few pointer writes (no map
 * re-insertion) and an eviction is O(1).
 */
export class AgentRegistry {
  private readonly states = new Map<string, AgentState>();
  private newest: AgentState | undefined;
  private oldest: AgentState | undefined;

  constructor(private readonly cap: number) {}

  /** Number of agents held. */
  get size(): number {
    return this.states.size;
  }

  /** The state of AGENTID, marked most recently seen; undefined when not held. */
  touch(agentId: string): AgentState | undefined {
    const state = this.states.get(agentId);
    if (state !== undefined && state !== this.newest) {
      this.unlink(state);
      this.pushNewest(state);
    }
    return state;
  }

  /** State of AGENTID without changing its recency. */
  peek(agentId: string): AgentState | undefined {
    return this.states.get(agentId);
  }

  /** Adds STATE (whose agent is not held) as most recently seen. */
  add(state: AgentState): void {
    this.states.set(state.agentId, state);
    this.pushNewest(state);
  }

  /** Removes and returns the least recently seen state when the cap is reached. */
  evictIfFull(): AgentState | undefined {
    const oldest = this.oldest;
    if (this.states.size < this.cap || oldest === undefined) return undefined;
    this.delete(oldest.agentId);
    return oldest;
  }

  /** Forgets AGENTID; true when it was held. */
  delete(agentId: string): boolean {
    const state = this.states.get(agentId);
    if (state === undefined) return false;
    this.states.delete(agentId);
    this.unlink(state);
    return true;
  }

  /** Agent ids, most recently seen first. */
  *ids(): IterableIterator<string> {
    for (let s = this.newest; s !== undefined; s = s.older) yield s.agentId;
  }

  private pushNewest(state: AgentState): void {
    state.older = this.newest;
    state.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = state;
    this.newest = state;
    if (this.oldest === undefined) this.oldest = state;
  }

  private unlink(state: AgentState): void {
    if (state.newer !== undefined) state.newer.older = state.older;
    else this.newest = state.older;
    if (state.older !== undefined) state.older.newer = state.newer;
    else this.oldest = state.newer;
    state.newer = state.older = undefined;
  }
}
