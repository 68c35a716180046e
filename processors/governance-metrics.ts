import { packageVersion, redactText } from '../common/index.js';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { FastCounter, FastHistogram } from './fast-metric.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  DECISIONS,
  DECISION_SOURCES,
  METRIC_AGENT_QUARANTINED,
  METRIC_ANOMALY_SCORE,
  METRIC_CIRCUIT_STATE,
  METRIC_EXPORTER_SPANS,
  METRIC_INSTRUMENTATION_INFO,
  METRIC_INTERNAL_ERRORS,
  METRIC_POLICY_DECISION_DURATION,
  METRIC_POLICY_RELOADS,
  METRIC_POLICY_RULES,
  METRIC_RECORDER_SPANS,
  METRIC_RUNTIME_INFO,
  METRIC_SERIES_FOLDED,
  METRIC_TOOL_CALLS,
  METRIC_TOOL_CALL_DURATION,
} from '../conventions/index.js';
import type { MetricSpec, ToolCallEvent } from '../conventions/index.js';

/** Options of {@link GovernanceMetrics}. */
export interface GovernanceMetricsOptions {
  /** Also export Node process metrics (CPU, memory, event loop lag). @default true */
  readonly processMetrics?: boolean;
  /** Distinct agent or tool label values kept before new ones are folded into `_other`. @default 1000 */
  readonly maxLabelValues?: number;
  /** Version reported by `agc_runtime_info`. @default this package's version */
  readonly version?: string;
  /** Mode reported by `agc_runtime_info`. @default 'enforce' */
  readonly mode?: string;
  /**
   * Series a per-call counter family keeps before new (agent, tool) label sets are folded into
   * `_other` (counted in `agc_metric_series_folded_total`); histograms keep a fifth of it.
   * @default 10_000
   */
  readonly maxSeries?: number;
}

/**
 * The runtime's Prometheus metrics, on a registry of their own (the app's default prom-client
 * registry is left alone). Every name comes from `conventions/`.
 */
export class GovernanceMetrics {
  readonly registry = new Registry();
  private readonly _calls: FastCounter;
  private readonly _duration: FastHistogram;
  private readonly _decision: FastHistogram;
  private readonly _recorder: Counter;
  private readonly _exporter: Counter;
  private readonly _errors: Counter;
  private readonly _reloads: Counter;
  private readonly _rules: Gauge;
  private readonly _quarantined: Gauge;
  private readonly _anomaly: Gauge;
  private readonly _circuit: Gauge;
  private readonly _instrumentations: Gauge;
  private readonly _decisionSeries: ReturnType<FastHistogram['series']>;
  private readonly _handles = new Map<
    string,
    Map<
      string,
      {
        calls: ({ n: number } | undefined)[];
        duration: (ReturnType<FastHistogram['series']> | undefined)[];
      }
    >
  >();
  private readonly _agents: LabelGuard;
  private readonly _anomalyDetectors = new Set<string>();
  private readonly _tools: LabelGuard;

  constructor(options: GovernanceMetricsOptions = {}) {
    const r = this.registry;
    const folded = counter(METRIC_SERIES_FOLDED, r);
    const maxSeries = options.maxSeries ?? 10_000;
    const onFold = (metric: string) => folded.inc({ metric });
    this._calls = new FastCounter(METRIC_TOOL_CALLS, r, { maxSeries, onFold });
    this._duration = new FastHistogram(METRIC_TOOL_CALL_DURATION, r, {
      maxSeries: Math.ceil(maxSeries / 5),
      onFold,
    });
    this._decision = new FastHistogram(METRIC_POLICY_DECISION_DURATION, r);
    this._decisionSeries = this._decision.series({});
    this._recorder = counter(METRIC_RECORDER_SPANS, r);
    this._exporter = counter(METRIC_EXPORTER_SPANS, r);
    this._errors = counter(METRIC_INTERNAL_ERRORS, r);
    this._reloads = counter(METRIC_POLICY_RELOADS, r);
    this._rules = gauge(METRIC_POLICY_RULES, r);
    this._quarantined = gauge(METRIC_AGENT_QUARANTINED, r);
    this._anomaly = gauge(METRIC_ANOMALY_SCORE, r);
    this._circuit = gauge(METRIC_CIRCUIT_STATE, r);
    this._instrumentations = gauge(METRIC_INSTRUMENTATION_INFO, r);
    gauge(METRIC_RUNTIME_INFO, r).set(
      { version: options.version ?? packageVersion(), mode: options.mode ?? 'enforce' },
      1,
    );
    const max = options.maxLabelValues ?? 1000;
    this._agents = new LabelGuard(max);
    this._tools = new LabelGuard(max);
    // Zero series so rate() and absent() work from the first scrape.
    this._recorder.inc({ result: 'written' }, 0);
    this._recorder.inc({ result: 'dropped_queue_full' }, 0);
    this._recorder.inc({ result: 'dropped_error' }, 0);
    this._reloads.inc({ result: 'failed' }, 0);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: r });
  }

  /** Counts one finished tool call (from its span). */
  recordCall(event: ToolCallEvent, _span?: ReadableSpan): void {
    const outcome = event.blocked ? 2 : event.error ? 1 : 0;
    // Series handles are cached per (agent, tool) in nested maps keyed by the strings the spans
    // already hold, so the hot path does no string building and no label hashing.
    let byTool = this._handles.get(event.agentId);
    if (byTool === undefined) {
      byTool = new Map();
      if (this._handles.size < 10_000) this._handles.set(event.agentId, byTool);
    }
    let handles = byTool.get(event.tool);
    if (handles === undefined) {
      handles = { calls: [], duration: [] };
      if (byTool.size < 10_000) byTool.set(event.tool, handles);
    }
    const slot =
      (DECISION_INDEX[event.decision] ?? 0) * 64 + (SOURCE_INDEX[event.source] ?? 0) * 4 + outcome;
    const labels = {
      agent: this._agents.value(event.agentId),
      tool: this._tools.value(event.tool),
    };
    (handles.calls[slot] ??= this._calls.series({
      ...labels,
      decision: event.decision,
      source: event.source,
      outcome: OUTCOMES[outcome] ?? 'ok',
    })).n++;
    this._duration.observe(
      (handles.duration[outcome] ??= this._duration.series({
        ...labels,
        outcome: OUTCOMES[outcome] ?? 'ok',
      })),
      event.durationMs / 1000,
    );
  }

  /**
   * Reports one framework package found next to the app (`agc_instrumentation_info`): PATCHED is
   * `true`, `false` (outside the supported range: not governed) or `disabled` (switched off).
   */
  recordInstrumentation(
    framework: string,
    pkg: string,
    version: string,
    patched: 'true' | 'false' | 'disabled',
  ): void {
    this._instrumentations.set({ framework, package: pkg, version, patched }, 1);
  }

  /** Time one decision took, in seconds. */
  recordDecision(seconds: number): void {
    this._decision.observe(this._decisionSeries, seconds);
  }

  /** Spans written or dropped by the recorder. */
  recorderSpans(result: 'written' | 'dropped_queue_full' | 'dropped_error', count: number): void {
    this._recorder.inc({ result }, count);
  }

  /** Spans exported or failed by an exporter. */
  exporterSpans(
    exporter: string,
    result: 'ok' | 'failed' | 'dropped_queue_full',
    count: number,
  ): void {
    this._exporter.inc({ exporter, result }, count);
  }

  /** An error caught inside COMPONENT. */
  internalError(component: string): void {
    this._errors.inc({ component });
  }

  /** A policy reload and its result; RULES is the active rule count. */
  policyReload(result: 'ok' | 'failed', rules?: number): void {
    this._reloads.inc({ result });
    if (rules !== undefined) this._rules.set(rules);
  }

  /** Active rule count. */
  policyRules(rules: number): void {
    this._rules.set(rules);
  }

  /** Whether AGENT is quarantined. */
  quarantined(agentId: string, on: boolean): void {
    this._quarantined.set({ agent: this._agents.value(agentId) }, on ? 1 : 0);
  }

  /** Latest normalised anomaly score of a detector for an agent. */
  anomalyScore(agentId: string, detector: string, score: number): void {
    this._anomalyDetectors.add(detector);
    this._anomaly.set({ agent: this._agents.value(agentId), detector }, score);
  }

  /** Drops the anomaly score series of an agent the detectors forgot (LRU eviction). */
  forgetAgentScores(agentId: string): void {
    for (const detector of this._anomalyDetectors)
      this._anomaly.remove({ agent: this._agents.value(agentId), detector });
  }

  /** Circuit state of SCOPE: 0 closed, 1 half-open, 2 open. */
  circuitState(scope: string, state: 0 | 1 | 2): void {
    this._circuit.set({ scope }, state);
  }

  /** The exposition text. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

const OUTCOMES = ['ok', 'error', 'denied'] as const;
const DECISION_INDEX: Record<string, number> = Object.fromEntries(DECISIONS.map((d, i) => [d, i]));
const SOURCE_INDEX: Record<string, number> = Object.fromEntries(
  DECISION_SOURCES.map((d, i) => [d, i]),
);

/** Caps label cardinality: past MAX distinct values, new ones are reported as `_other`. */
/**
 * A label's values as exported: redacted (an agent id or tool name can hold a secret; /metrics
 * is read by anyone who can scrape it), at most MAX distinct ones, later ones folded into
 * `_other`. Each raw value is redacted once and remembered.
 */
class LabelGuard {
  private readonly _seen = new Map<string, string>();
  constructor(private readonly _max: number) {}
  value(v: string): string {
    const known = this._seen.get(v);
    if (known !== undefined) return known;
    if (this._seen.size >= this._max) return '_other';
    const label = redactText(v);
    this._seen.set(v, label);
    return label;
  }
}

function counter(spec: MetricSpec, registry: Registry): Counter {
  return new Counter({
    name: spec.name,
    help: spec.help,
    labelNames: [...spec.labels],
    registers: [registry],
  });
}

function gauge(spec: MetricSpec, registry: Registry): Gauge {
  return new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: [...spec.labels],
    registers: [registry],
  });
}
