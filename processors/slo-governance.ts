import { diag } from '@opentelemetry/api';
import {
  ALERT_STATE_VALUE,
  EVENT_AGC_CIRCUIT,
  EVENT_AGC_SLO_ALERT,
  METRIC_SLO_ALERT_STATE,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_EVENTS,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  METRIC_SLO_WINDOW_EVENTS,
} from '../conventions/index.js';
import type { ToolCallEvent } from '../conventions/index.js';
import type { ToolCall, Verdict } from '../policy/index.js';
import { SloMonitor } from '../slo/index.js';
import type { SloEvaluation, SloSpec, SloTransition } from '../slo/index.js';
import { CollectedMetric } from './fast-metric.js';
import type { GovernanceMetrics } from './governance-metrics.js';
import type { GovernanceObserver, ObserverEvent, VerdictSource } from './types.js';

/** Options of {@link SloGovernance}. */
export interface SloGovernanceOptions {
  /** Evaluate alerts at most this often from the call path, ms. @default 1000 */
  readonly evaluateEveryMs?: number;
  /** Clock for scrapes and the idle timer. @default Date.now */
  readonly now?: () => number;
}

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Puts the in-process SLOs on the governed path: an observer that counts every finished call
 * (and adds `agc.slo.alert` / `agc.circuit` events to the span whose call changed an alert or a
 * circuit), a verdict source that denies with source `circuit` while an SLO's breaker is open,
 * and the `agc_slo_*` metrics, computed at scrape time.
 */
export class SloGovernance implements GovernanceObserver, VerdictSource {
  readonly name = 'slo';
  readonly monitor: SloMonitor;
  private _last: SloEvaluation | undefined;
  private _lastAtMs = Number.NEGATIVE_INFINITY;
  private readonly _every: number;
  private readonly _now: () => number;
  private readonly _verdicts = new Map<string, Verdict>();

  constructor(
    specs: readonly SloSpec[],
    private readonly _metrics?: GovernanceMetrics,
    options: SloGovernanceOptions = {},
  ) {
    this.monitor = new SloMonitor(specs);
    this._every = options.evaluateEveryMs ?? 1000;
    this._now = options.now ?? Date.now;
    if (_metrics) this._registerMetrics(_metrics);
    for (const slo of this.monitor.promQlOnly) {
      diag.info(
        `@agc/otel: SLO '${slo}' is defined by PromQL; it runs in Prometheus (agc slo rules), not in process`,
      );
    }
  }

  observe(event: ToolCallEvent): readonly ObserverEvent[] | undefined {
    this.monitor.observe(event);
    if (event.timeMs - this._lastAtMs < this._every) return undefined;
    return this._events(this.evaluate(event.timeMs).transitions);
  }

  check(call: ToolCall, timeMs: number): Verdict | undefined {
    const denial = this.monitor.circuitFor(call.agent.id, call.tool, timeMs);
    if (denial === undefined) return undefined;
    const key = `${denial.slo}\u0000${denial.state}`;
    let verdict = this._verdicts.get(key);
    if (verdict === undefined) {
      verdict = Object.freeze({
        decision: 'deny',
        source: 'circuit',
        rule: denial.slo,
        reason: denial.reason,
        mode: 'enforce',
      });
      this._verdicts.set(key, verdict);
    }
    return verdict;
  }

  /** Evaluates every SLO at NOWMS (alert transitions are reported once). */
  evaluate(nowMs: number): SloEvaluation {
    const evaluation = this.monitor.evaluate(nowMs);
    this._last = evaluation;
    this._lastAtMs = nowMs;
    for (const t of evaluation.transitions) {
      if (t.type === 'circuit') this._metrics?.circuitState(t.slo, CIRCUIT_VALUE[t.to]);
      diag.info(`@agc/otel: SLO '${t.slo}' ${t.type} ${t.from} -> ${t.to}`);
    }
    return evaluation;
  }

  private _fresh(): SloEvaluation {
    const now = this._now();
    return this._last !== undefined && now - this._lastAtMs < 100 ? this._last : this.evaluate(now);
  }

  private _events(transitions: readonly SloTransition[]): ObserverEvent[] | undefined {
    if (transitions.length === 0) return undefined;
    return transitions.map((t) =>
      t.type === 'alert'
        ? {
            name: EVENT_AGC_SLO_ALERT,
            attributes: {
              'agc.slo.name': t.slo,
              'agc.slo.from': t.from,
              'agc.slo.to': t.to,
              'agc.slo.burn_rate': t.burnRate,
              'agc.slo.budget_remaining': t.budgetRemaining,
            },
          }
        : {
            name: EVENT_AGC_CIRCUIT,
            attributes: {
              'agc.slo.name': t.slo,
              'agc.circuit.from': t.from,
              'agc.circuit.to': t.to,
            },
          },
    );
  }

  private _registerMetrics(metrics: GovernanceMetrics): void {
    const r = metrics.registry;
    const statuses = (): SloEvaluation['statuses'] => this._fresh().statuses;
    new CollectedMetric(METRIC_SLO_EVENTS, r, () =>
      statuses().flatMap((s) => [
        { labels: { slo: s.slo, result: 'good' }, value: s.eventsTotal - s.badEventsTotal },
        { labels: { slo: s.slo, result: 'bad' }, value: s.badEventsTotal },
      ]),
    );
    new CollectedMetric(METRIC_SLO_BURN_RATE, r, () =>
      statuses().flatMap((s) =>
        s.windows
          .filter((w) => Number.isFinite(w.burnRate))
          .map((w) => ({ labels: { slo: s.slo, window: w.window }, value: w.burnRate })),
      ),
    );
    new CollectedMetric(METRIC_SLO_WINDOW_EVENTS, r, () =>
      statuses().flatMap((s) =>
        [...s.windows, s.period].map((w) => ({
          labels: { slo: s.slo, window: w.window },
          value: w.events,
        })),
      ),
    );
    new CollectedMetric(METRIC_SLO_ERROR_BUDGET_REMAINING, r, () =>
      statuses().map((s) => ({ labels: { slo: s.slo }, value: s.budgetRemaining })),
    );
    new CollectedMetric(METRIC_SLO_TIME_TO_EXHAUSTION, r, () =>
      statuses().map((s) => ({ labels: { slo: s.slo }, value: s.timeToExhaustionMs / 1000 })),
    );
    new CollectedMetric(METRIC_SLO_ALERT_STATE, r, () =>
      statuses().map((s) => ({ labels: { slo: s.slo }, value: ALERT_STATE_VALUE[s.alert] })),
    );
    new CollectedMetric(METRIC_SLO_OBJECTIVE, r, () =>
      statuses().map((s) => ({ labels: { slo: s.slo }, value: s.objective })),
    );
  }
}
