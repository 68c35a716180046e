import { DECISION_SOURCES } from '../conventions/index.js';
import type { DecisionSource, ToolCallEvent } from '../conventions/index.js';
import type { SloSpec } from '../slo/index.js';
import { sloBurn } from './slo-burn.js';
import type { ArmMeasurements, GateConfig, GateMetricConfig, Measurement } from './types.js';

/** What a tool span adds to its {@link ToolCallEvent} for the gate. */
export interface GateCallExtras {
  /** `agc.anomaly` events on the call's span. @default 0 */
  readonly anomalies?: number;
  /** The outcome was served from a recording (`agc.replay.served`): its latency is not real. */
  readonly replayed?: boolean;
}

/** One finished run (one trace: one agent task). */
export interface GateRun {
  /** Root span duration, or first start to last end, milliseconds. */
  readonly durationMs: number;
  /** Input + output tokens over the run's spans, when any span reported them. */
  readonly tokens?: number;
  /** Cost in USD over the run's spans, when any span reported it. */
  readonly costUsd?: number;
}

const SOURCE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  DECISION_SOURCES.map((source, i) => [source, i]),
);

/**
 * Collects one arm's calls and runs and turns them into {@link ArmMeasurements} for a gate.
 * `observeCall` and `observeRun` are synchronous, O(1) and never throw, so the runtime can feed
 * it finished calls directly; the recordings reader feeds it per trace.
 */
export class ArmAccumulator {
  private _calls = 0;
  private _ran = 0;
  private _errors = 0;
  private _anomalous = 0;
  private _replayed = 0;
  private readonly _denies = new Array<number>(DECISION_SOURCES.length).fill(0);
  private readonly _latency: number[] = [];
  private readonly _runLatency: number[] = [];
  private readonly _runTokens: number[] = [];
  private readonly _runCost: number[] = [];
  private readonly _events: ToolCallEvent[] = [];

  /** @param label what the arm is, for reports */
  constructor(readonly label: string) {}

  /** Tool calls observed. */
  get calls(): number {
    return this._calls;
  }

  /** Runs observed. */
  get runs(): number {
    return this._runLatency.length;
  }

  /** Counts one finished tool call. */
  observeCall(event: ToolCallEvent, extras: GateCallExtras = {}): void {
    this._calls++;
    this._events.push(event);
    if ((extras.anomalies ?? 0) > 0) this._anomalous++;
    if (event.decision === 'deny') {
      const i = SOURCE_INDEX[event.source];
      if (i !== undefined) this._denies[i] = (this._denies[i] ?? 0) + 1;
    }
    if (event.blocked) return;
    this._ran++;
    if (event.error) this._errors++;
    if (extras.replayed === true) this._replayed++;
    else if (Number.isFinite(event.durationMs)) this._latency.push(event.durationMs);
  }

  /** Counts one finished run. */
  observeRun(run: GateRun): void {
    if (Number.isFinite(run.durationMs)) this._runLatency.push(run.durationMs);
    if (run.tokens !== undefined && Number.isFinite(run.tokens)) this._runTokens.push(run.tokens);
    if (run.costUsd !== undefined && Number.isFinite(run.costUsd)) this._runCost.push(run.costUsd);
  }

  /**
   * The measurements of every metric of CONFIG; `slo_burn` replays the calls through SLOS.
   * Tool latency counts only calls whose outcome was not served from a recording; when every
   * call that ran was served (a shadow run), it is unavailable rather than missing.
   */
  measurements(config: GateConfig, slos: readonly SloSpec[]): ArmMeasurements {
    const measurements = new Map<string, Measurement>();
    for (const group of config.groups) {
      for (const metric of group.metrics)
        measurements.set(metric.name, this._measure(metric, slos));
    }
    return { label: this.label, runs: this.runs, calls: this._calls, measurements };
  }

  private _measure(metric: GateMetricConfig, slos: readonly SloSpec[]): Measurement {
    switch (metric.measure) {
      case 'tool_error_rate':
        return { kind: 'rate', events: this._errors, trials: this._ran };
      case 'deny_rate':
        return { kind: 'rate', events: this._deniesFrom(metric.sources), trials: this._calls };
      case 'anomaly_rate':
        return { kind: 'rate', events: this._anomalous, trials: this._calls };
      case 'tool_latency':
        if (this._latency.length === 0 && this._replayed > 0) {
          return { kind: 'unavailable', reason: 'tool outcomes were served from a recording' };
        }
        return { kind: 'samples', values: this._latency };
      case 'run_latency':
        return { kind: 'samples', values: this._runLatency };
      case 'run_tokens':
        return { kind: 'samples', values: this._runTokens };
      case 'run_cost':
        return { kind: 'samples', values: this._runCost };
      case 'slo_burn':
        return sloBurn(slos, this._events);
    }
  }

  private _deniesFrom(sources: readonly DecisionSource[]): number {
    if (sources.length === 0) return this._denies.reduce((a, b) => a + b, 0);
    let n = 0;
    for (const source of sources) n += this._denies[SOURCE_INDEX[source] ?? -1] ?? 0;
    return n;
  }
}
