import type { ToolCallEvent } from '../conventions/index.js';
import { AgentRegistry } from './agent-registry.js';
import { AgentState } from './agent-state.js';
import { resolveAnomalyOptions } from './options.js';
import { combineRisk } from './risk.js';
import { riskLevelOf, riskRank } from './score.js';
import { DETECTOR_KINDS } from './types.js';
import type {
  AnomalyAssessment,
  AnomalyFinding,
  AnomalyOptions,
  AnomalyOptionsInput,
  DetectorKind,
  DetectorSignal,
} from './types.js';

const CAPABILITY = DETECTOR_KINDS.indexOf('capability');
const FREQUENCY = DETECTOR_KINDS.indexOf('frequency');
const ENTROPY = DETECTOR_KINDS.indexOf('entropy');
const LATENCY = DETECTOR_KINDS.indexOf('latency');
const ERROR_RATE = DETECTOR_KINDS.indexOf('error_rate');

/** Hooks of {@link AnomalyMonitor}. */
export interface AnomalyMonitorHooks {
  /** Called when the LRU cap evicts an agent (e.g. to drop its `agc_anomaly_score` series). */
  readonly onEvict?: (agentId: string) => void;
}

/**
 * All detectors for all agents. The runtime calls {@link AnomalyMonitor.observe} once per
 * finished tool call, synchronously; it returns undefined on the fast path (nothing fired: no
 * allocation) and an {@link AnomalyAssessment} when a detector fired. Time comes only from
 * `event.timeMs`, so replaying a recording gives the same findings. Memory is O(maxAgents ×
 * window): the least recently seen agent is evicted past `maxAgents` (and warms up again if it
 * returns). `observe` never throws; malformed events are counted in `droppedEvents`.
 */
export class AnomalyMonitor {
  /** The resolved options (defaults filled in). */
  readonly options: AnomalyOptions;
  private readonly agents: AgentRegistry;
  private readonly declared = new Map<string, ReadonlySet<string>>();
  private readonly riskScratch = new Float64Array(DETECTOR_KINDS.length);
  private dropped = 0;

  /**
   * @param options user options, validated and merged with the defaults.
   * @throws AnomalyConfigError when the options are invalid (configuration time).
   */
  constructor(
    options: AnomalyOptionsInput = {},
    private readonly hooks: AnomalyMonitorHooks = {},
  ) {
    this.options = resolveAnomalyOptions(options);
    this.agents = new AgentRegistry(this.options.maxAgents);
    for (const [agentId, tools] of Object.entries(this.options.capability.profiles)) {
      this.declared.set(agentId, new Set(tools));
    }
  }

  /** Feeds one finished call; an assessment when something fired, otherwise undefined. */
  observe(event: ToolCallEvent): AnomalyAssessment | undefined {
    try {
      const t = event.timeMs;
      if (
        typeof event.agentId !== 'string' ||
        typeof event.tool !== 'string' ||
        !Number.isFinite(t)
      ) {
        this.dropped++;
        return undefined;
      }
      const state = this.agents.touch(event.agentId) ?? this.admit(event.agentId);
      const slot = state.tools.slotOf(event.tool);
      let findings: AnomalyFinding[] | undefined;
      let signal = state.capability?.ingest(event, slot);
      if (signal !== undefined) findings = this.record(state, CAPABILITY, signal, t, findings);
      signal = state.frequency?.ingest(event);
      if (signal !== undefined) findings = this.record(state, FREQUENCY, signal, t, findings);
      signal = state.entropy?.ingest(event, slot);
      if (signal !== undefined) findings = this.record(state, ENTROPY, signal, t, findings);
      signal = state.latency?.ingest(event, slot);
      if (signal !== undefined) findings = this.record(state, LATENCY, signal, t, findings);
      signal = state.errorRate?.ingest(event, slot);
      if (signal !== undefined) findings = this.record(state, ERROR_RATE, signal, t, findings);
      if (t > state.lastMs) state.lastMs = t;
      return findings === undefined ? undefined : this.assess(state, findings, t);
    } catch {
      this.dropped++;
      return undefined;
    }
  }

  /**
   * Latest normalised score per detector for AGENTID (for the `agc_anomaly_score` gauge): the
   * detector's current score, or the score it last fired with while that firing is younger than
   * `corroborationMs` (so a scrape still sees a one-call capability finding). Undefined when
   * the agent is not held. Allocates; meant for scrape time, not the hot path.
   */
  scores(agentId: string): Readonly<Record<DetectorKind, number>> | undefined {
    const state = this.agents.peek(agentId);
    if (state === undefined) return undefined;
    const scores = { frequency: 0, entropy: 0, capability: 0, latency: 0, error_rate: 0 };
    for (let i = 0; i < state.detectors.length; i++) {
      const kind = state.kindIndex[i] as number;
      const held = this.isRecent(state, kind, state.lastMs)
        ? (state.firedScore[kind] as number)
        : 0;
      scores[DETECTOR_KINDS[kind] as DetectorKind] = Math.max(
        (state.detectors[i] as (typeof state.detectors)[number]).score,
        held,
      );
    }
    return scores;
  }

  /** Forgets everything learned about AGENTID (it warms up again); true when it was held. */
  reset(agentId: string): boolean {
    return this.agents.delete(agentId);
  }

  /** Ids of the agents held, most recently seen first. */
  agentIds(): IterableIterator<string> {
    return this.agents.ids();
  }

  /** Agents held (at most `maxAgents`). */
  get size(): number {
    return this.agents.size;
  }

  /** Events ignored because they were malformed or a detector failed. */
  get droppedEvents(): number {
    return this.dropped;
  }

  private admit(agentId: string): AgentState {
    const declared = this.declared.get(agentId);
    let state = this.agents.evictIfFull();
    if (state === undefined) {
      state = new AgentState(agentId, this.options, declared);
    } else {
      this.hooks.onEvict?.(state.agentId);
      state.rebind(agentId, declared);
    }
    this.agents.add(state);
    return state;
  }

  /** Remembers SIGNAL of detector KIND and appends it to FINDINGS as a finding. */
  private record(
    state: AgentState,
    kind: number,
    signal: DetectorSignal,
    t: number,
    findings: AnomalyFinding[] | undefined,
  ): AnomalyFinding[] {
    state.firedScore[kind] = signal.score;
    state.firedAt[kind] = t;
    const list = findings ?? [];
    list.push({
      agentId: state.agentId,
      detector: DETECTOR_KINDS[kind] as DetectorKind,
      score: signal.score,
      severity: riskLevelOf(signal.score, this.options.risk),
      reason: signal.reason,
      details: signal.details,
      timeMs: t,
      ...(signal.tool !== undefined ? { tool: signal.tool } : {}),
    });
    return list;
  }

  private isRecent(state: AgentState, kind: number, nowMs: number): boolean {
    return nowMs - (state.firedAt[kind] as number) <= this.options.corroborationMs;
  }

  private assess(state: AgentState, findings: AnomalyFinding[], t: number): AnomalyAssessment {
    const scratch = this.riskScratch;
    for (let kind = 0; kind < scratch.length; kind++) {
      scratch[kind] = this.isRecent(state, kind, t) ? (state.firedScore[kind] as number) : 0;
    }
    const risk = combineRisk(scratch);
    const level = riskLevelOf(risk, this.options.risk);
    const quarantine =
      this.options.action === 'quarantine' &&
      riskRank(level) >= riskRank(this.options.quarantineAt);
    return {
      agentId: state.agentId,
      timeMs: t,
      findings,
      risk,
      level,
      action: quarantine ? 'quarantine' : 'record',
      ...(quarantine ? { quarantineTtlMs: this.options.quarantineTtlMs } : {}),
    };
  }
}
