import type { ToolCallEvent } from '../conventions/index.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { compileGlobs } from '../common/index.js';
import { SLI_BAD, SLI_IGNORED, isNativeSli } from './sli-classifier.js';
import { SloCalculator } from './slo-calculator.js';
import type {
  AlertState,
  CircuitDecision,
  CircuitState,
  SloSpec,
  SloStatus,
  SloTransition,
} from './types.js';

/** Options of {@link SloMonitor}. */
export interface SloMonitorOptions {
  /** Transitions kept between two `evaluate` calls; older ones beyond this are dropped. @default 1000 */
  readonly maxPendingTransitions?: number;
  /** Distinct agents remembered by the `circuitFor` selector cache before it is cleared. @default 10000 */
  readonly maxCachedAgents?: number;
}

/** What {@link SloMonitor.evaluate} returns. */
export interface SloEvaluation {
  /** One status per native SLO, in spec order. */
  readonly statuses: readonly SloStatus[];
  /** Alert and circuit transitions since the previous `evaluate`, oldest first. */
  readonly transitions: readonly SloTransition[];
  /** Transitions dropped because more than `maxPendingTransitions` piled up. */
  readonly droppedTransitions: number;
}

interface CircuitEntry {
  readonly breaker: CircuitBreaker;
  readonly agents: RegExp | undefined;
  readonly tools: RegExp | undefined;
}

/**
 * Every SLO of a process, fed by `Governor.observe`. The runtime wiring:
 *
 * - `observe(event)` once per finished tool call (O(SLOs), allocation-free): counts the event in
 *   each matching SLO and drives the circuit breakers (trip on a bad event while paging, probe
 *   results while half-open).
 * - `circuitFor(agentId, tool, nowMs)` once per call about to run, from `Governor.decide`: a
 *   {@link CircuitDecision} means deny with source `circuit`; undefined means no open circuit.
 * - `evaluate(nowMs)` on a timer or scrape: statuses for the `agc_slo_*` gauges, and the
 *   transitions to turn into `agc.slo.alert` span events.
 *
 * Specs with PromQL SLIs (Sloth, OpenSLO) are kept out (listed in `promQlOnly`): they only
 * generate Prometheus rules. Never throws after construction.
 */
export class SloMonitor {
  /** One calculator per native SLO, in spec order. */
  readonly calculators: readonly SloCalculator[];
  /** Names of the specs whose SLI is PromQL, not computed in process. */
  readonly promQlOnly: readonly string[];
  private readonly breakers: readonly (CircuitBreaker | undefined)[];
  private readonly circuits: readonly CircuitEntry[];
  private readonly lastAlert: AlertState[];
  private readonly maxPending: number;
  private readonly maxAgents: number;
  private readonly selectorCache = new Map<string, Map<string, readonly CircuitEntry[]>>();
  private pending: SloTransition[] = [];
  private dropped = 0;

  /**
   * @param specs parsed specs (from `loadSloSpecs`)
   * @throws RangeError when a native spec cannot be computed (see {@link SloCalculator})
   */
  constructor(specs: readonly SloSpec[], options: SloMonitorOptions = {}) {
    this.maxPending = options.maxPendingTransitions ?? 1000;
    this.maxAgents = options.maxCachedAgents ?? 10_000;
    const native = specs.filter((spec) => isNativeSli(spec.sli));
    this.promQlOnly = specs.filter((spec) => !isNativeSli(spec.sli)).map((spec) => spec.name);
    this.calculators = native.map((spec) => new SloCalculator(spec));
    this.breakers = native.map((spec) =>
      spec.circuit === null
        ? undefined
        : new CircuitBreaker(spec.name, spec.circuit, (from, to, atMs) =>
            this.push({ type: 'circuit', slo: spec.name, from, to, atMs }),
          ),
    );
    this.circuits = native.flatMap((spec, i) => {
      const breaker = this.breakers[i];
      return breaker === undefined
        ? []
        : [
            {
              breaker,
              agents: compileGlobs(spec.selector.agents),
              tools: compileGlobs(spec.selector.tools),
            },
          ];
    });
    this.lastAlert = native.map(() => 'ok');
  }

  /** Counts one finished tool call in every matching SLO and updates their circuits. */
  observe(event: ToolCallEvent): void {
    const calculators = this.calculators;
    for (let i = 0; i < calculators.length; i++) {
      const calculator = calculators[i];
      if (calculator === undefined) continue;
      const outcome = calculator.record(event);
      if (outcome === SLI_IGNORED) continue;
      const breaker = this.breakers[i];
      if (breaker === undefined) continue;
      if (outcome !== SLI_BAD) breaker.recordResult(true, event.timeMs);
      else if (breaker.state === 'half_open') breaker.recordResult(false, event.timeMs);
      else if (breaker.state === 'closed' && calculator.pageFiring(event.timeMs)) {
        breaker.trip(event.timeMs);
      }
    }
  }

  /**
   * The circuit verdict for a call of `tool` by `agentId` at `nowMs`: a {@link CircuitDecision}
   * (deny with source `circuit`) when a circuit-enabled SLO covering the call is open, or
   * half-open with its probes used up; undefined otherwise. Admitting a half-open probe uses it
   * up, so call this once per call about to run. O(circuits covering the pair), cached selectors.
   */
  circuitFor(agentId: string, tool: string, nowMs: number): CircuitDecision | undefined {
    if (this.circuits.length === 0) return undefined;
    const entries = this.entriesFor(agentId, tool);
    let denial: CircuitDecision | undefined;
    for (const entry of entries) {
      if (entry.breaker.state === 'closed') continue;
      denial ??= entry.breaker.admit(nowMs);
    }
    return denial;
  }

  /** State of the circuit of SLO `slo`; undefined when that SLO has no circuit. */
  circuitState(slo: string): CircuitState | undefined {
    return this.circuits.find((entry) => entry.breaker.slo === slo)?.breaker.state;
  }

  /**
   * Statuses of every native SLO at `nowMs`, plus the transitions since the previous call (alert
   * state changes are detected here, circuit changes when they happen).
   */
  evaluate(nowMs: number): SloEvaluation {
    const statuses = this.calculators.map((calculator, i) => {
      const status = calculator.evaluate(nowMs);
      const previous = this.lastAlert[i] ?? 'ok';
      if (status.alert !== previous) {
        this.lastAlert[i] = status.alert;
        this.push({
          type: 'alert',
          slo: status.slo,
          from: previous,
          to: status.alert,
          atMs: nowMs,
          burnRate: status.burnRate,
          budgetRemaining: status.budgetRemaining,
        });
      }
      return status;
    });
    const transitions = this.pending;
    const droppedTransitions = this.dropped;
    this.pending = [];
    this.dropped = 0;
    return { statuses, transitions, droppedTransitions };
  }

  private entriesFor(agentId: string, tool: string): readonly CircuitEntry[] {
    let byTool = this.selectorCache.get(agentId);
    if (byTool === undefined) {
      if (this.selectorCache.size >= this.maxAgents) this.selectorCache.clear();
      byTool = new Map();
      this.selectorCache.set(agentId, byTool);
    }
    let entries = byTool.get(tool);
    if (entries === undefined) {
      if (byTool.size >= this.maxAgents) byTool.clear();
      entries = this.circuits.filter(
        (entry) =>
          (entry.agents === undefined || entry.agents.test(agentId)) &&
          (entry.tools === undefined || entry.tools.test(tool)),
      );
      byTool.set(tool, entries);
    }
    return entries;
  }

  private push(transition: SloTransition): void {
    if (this.pending.length >= this.maxPending) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.pending.push(transition);
  }
}
