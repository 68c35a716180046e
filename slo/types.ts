import type { DecisionSource } from '../conventions/index.js';

/**
 * Contracts of the `slo/` module: the normalised SLO spec every input format is parsed into, the
 * burn-rate windows, and the statuses and transitions the calculators report.
 */

/** Alert state of one SLO: the most severe multi-window multi-burn-rate tier that fires. */
export type AlertState = 'ok' | 'ticket' | 'page';

/** Severity of one burn-rate tier. */
export type BurnSeverity = 'page' | 'ticket';

/** Kinds of the native agent SLIs, computed from {@link ToolCallEvent}s in process. */
export type SliKind =
  'tool_success' | 'tool_latency' | 'deny_ratio' | 'tokens_per_call' | 'cost_per_call';

/** Tool success: calls that ran (not blocked); bad = the tool body failed. */
export interface ToolSuccessSli {
  readonly kind: 'tool_success';
}

/** Tool latency: calls that ran; bad = duration above `thresholdMs` (a histogram bucket bound). */
export interface ToolLatencySli {
  readonly kind: 'tool_latency';
  /** Latency threshold in milliseconds; `durationMs / 1000 <= thresholdMs / 1000` is good. */
  readonly thresholdMs: number;
}

/** Deny ratio: every call; bad = the verdict's decision is `deny` (from `sources` when given). */
export interface DenyRatioSli {
  readonly kind: 'deny_ratio';
  /** Decision sources whose denies count as bad. @default every source */
  readonly sources?: readonly DecisionSource[];
}

/** Tokens per call: calls that ran and report tokens; bad = tokens above `threshold`. */
export interface TokensPerCallSli {
  readonly kind: 'tokens_per_call';
  /** Most tokens a good call may use. */
  readonly threshold: number;
}

/** Cost per call: calls that ran and report a cost; bad = cost (USD) above `threshold`. */
export interface CostPerCallSli {
  readonly kind: 'cost_per_call';
  /** Highest cost in USD a good call may have. */
  readonly threshold: number;
}

/** A native SLI, computed in process and over the runtime's metrics. */
export type NativeSli =
  ToolSuccessSli | ToolLatencySli | DenyRatioSli | TokensPerCallSli | CostPerCallSli;

/** Sloth `events` / OpenSLO ratio SLI: PromQL with a `{{.window}}` placeholder. */
export interface PromQlEventsSli {
  readonly kind: 'promql_events';
  /** Bad events per second over `{{.window}}`. */
  readonly errorQuery: string;
  /** All events per second over `{{.window}}`. */
  readonly totalQuery: string;
}

/** Sloth `raw` / OpenSLO raw ratio SLI: an error ratio with a `{{.window}}` placeholder. */
export interface PromQlRatioSli {
  readonly kind: 'promql_ratio';
  /** Error ratio (0..1) over `{{.window}}`. */
  readonly errorRatioQuery: string;
}

/** OpenSLO threshold SLI: each 1-minute sample of `query` is good when `query op value`. */
export interface PromQlThresholdSli {
  readonly kind: 'promql_threshold';
  /** Instant query sampled every minute. */
  readonly query: string;
  /** Comparison that makes a sample good. */
  readonly op: 'lt' | 'lte' | 'gt' | 'gte';
  /** Threshold the sample is compared with. */
  readonly value: number;
}

/** An SLI given as PromQL (Sloth, OpenSLO): rule generation only, not computed in process. */
export type PromQlSli = PromQlEventsSli | PromQlRatioSli | PromQlThresholdSli;

/** Which agents and tools a native SLO covers: globs (`*`, `?`); absent = all. */
export interface Selector {
  /** Agent id globs (matched against `ToolCallEvent.agentId`, the `agent` label). */
  readonly agents?: readonly string[];
  /** Tool name globs (matched against `ToolCallEvent.tool`, the `tool` label). */
  readonly tools?: readonly string[];
}

/**
 * One multi-window burn-rate tier: it fires when the error ratio over BOTH the long and the short
 * window exceeds `factor × error budget`, and the long window holds at least `minEvents` events.
 */
export interface BurnWindow {
  /** Alert severity of the tier. */
  readonly severity: BurnSeverity;
  /** Long window, in milliseconds. */
  readonly longMs: number;
  /** Short window (confirms the burn is still going on), in milliseconds. */
  readonly shortMs: number;
  /** Share of the error budget (percent) this tier lets the long window spend. */
  readonly budgetPercent: number;
  /** Burn-rate factor: `budgetPercent / 100 × period / long` (14.4 for 2 % in 1 h of 30 d). */
  readonly factor: number;
  /** Minimum events in the long window before the tier may fire (the low-traffic guard). */
  readonly minEvents: number;
}

/** A named set of burn-rate tiers for one SLO period (the Google SRE workbook defaults, ...). */
export interface AlertWindowSet {
  /** Name, e.g. `google-30d`. */
  readonly name: string;
  /** SLO period the budget percentages refer to, e.g. `30d`. */
  readonly period: string;
  /** Tiers, each with its share of the budget and its long/short windows. */
  readonly tiers: readonly AlertWindowTier[];
}

/** One tier of an {@link AlertWindowSet}, as data (durations as Prometheus strings). */
export interface AlertWindowTier {
  readonly severity: BurnSeverity;
  /** Percent of the period's error budget spent within `long` that triggers the tier. */
  readonly budgetPercent: number;
  readonly long: string;
  readonly short: string;
}

/** Circuit-breaker options of an SLO (native specs only). Off unless `enabled`. */
export interface CircuitOptions {
  /** How long the circuit stays open before admitting probes, milliseconds. @default 300000 (5m) */
  readonly coolDownMs: number;
  /** Probe calls admitted while half-open; that many good probes close the circuit. @default 3 */
  readonly probes: number;
}

/** Alerting options of an SLO, used by rule generation and the calculators. */
export interface SloAlerting {
  /** Alert name of the burn-rate alerts. @default 'AgcSloErrorBudgetBurn' */
  readonly name: string;
  /** Extra labels on both burn-rate alerts. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations on both burn-rate alerts. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Per-severity extra labels and annotations, and whether the severity is generated. */
  readonly page: SeverityAlerting;
  /** See {@link SloAlerting.page}. */
  readonly ticket: SeverityAlerting;
  /** `for` of the absent-data alert in milliseconds; null = no absent-data alert. @default 600000 */
  readonly absentForMs: number | null;
}

/** Per-severity alerting options. */
export interface SeverityAlerting {
  /** False when the spec disables this severity (Sloth `disable: true`, native `page: false`). */
  readonly enabled: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Where a spec was defined. */
export interface SourcePosition {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** Input formats accepted by the loader. */
export type SloFormat = 'agc/v1' | 'openslo/v1' | 'prometheus/v1';

/**
 * One SLO after parsing any of the three formats. Produced by `parseSloSpecs` / `loadSloSpecs`;
 * read by `SloCalculator`, `SloMonitor` and `generateSloRules`.
 */
export interface SloSpec {
  /** Unique id (the `slo` label): native/OpenSLO `metadata.name`, Sloth `<service>-<name>`. */
  readonly name: string;
  readonly description?: string;
  /** Service (Sloth `service`, OpenSLO `spec.service`), added as the `service` label. */
  readonly service?: string;
  readonly format: SloFormat;
  readonly source: SourcePosition;
  /** Objective in percent as written (99.5). */
  readonly objectivePercent: number;
  /** Objective as a ratio (0.995), exact to the written decimals. */
  readonly objective: number;
  /** Error budget `1 - objective` (0.005), exact to the written decimals. */
  readonly errorBudget: number;
  /** SLO period (rolling window), milliseconds. */
  readonly periodMs: number;
  /** The SLI: native (in process + rules) or PromQL (rules only). */
  readonly sli: NativeSli | PromQlSli;
  /** Agents and tools covered (native SLIs; empty = all). */
  readonly selector: Selector;
  /** Burn-rate tiers (enabled severities only), long window ascending within each severity. */
  readonly windows: readonly BurnWindow[];
  readonly alerting: SloAlerting;
  /** Labels added to every generated series and alert (besides `slo` and `service`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Circuit breaker, or null when off (the default). */
  readonly circuit: CircuitOptions | null;
}

/** Counts and burn over one window at one instant. */
export interface WindowStatus {
  /** The window as a Prometheus duration (`1h`). */
  readonly window: string;
  readonly windowMs: number;
  /** Events the SLI counted in the window. */
  readonly events: number;
  /** Bad events in the window. */
  readonly badEvents: number;
  /** `badEvents / events`; NaN when the window holds no events. */
  readonly errorRatio: number;
  /** `errorRatio / errorBudget`; NaN when the window holds no events. */
  readonly burnRate: number;
}

/** One burn-rate tier evaluated at one instant. */
export interface TierStatus {
  readonly severity: BurnSeverity;
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  /** Error-ratio threshold, `factor × errorBudget`. */
  readonly threshold: number;
  readonly minEvents: number;
  /** Both windows above the threshold and the long window has at least `minEvents` events. */
  readonly firing: boolean;
  /** Both windows above the threshold but the long window has too few events (guard held it). */
  readonly guarded: boolean;
}

/** Status of one SLO at one instant, from `SloCalculator.evaluate(nowMs)`. */
export interface SloStatus {
  readonly slo: string;
  readonly atMs: number;
  /** Objective as a ratio. */
  readonly objective: number;
  readonly alert: AlertState;
  /** The distinct alert windows, shortest first. */
  readonly windows: readonly WindowStatus[];
  readonly tiers: readonly TierStatus[];
  /** The SLO period window. */
  readonly period: WindowStatus;
  /** Current burn rate: the burn of the shortest long window (1h by default); NaN if empty. */
  readonly burnRate: number;
  /** `1 - period burn rate`: 1 = untouched, 0 = exhausted, negative = overspent. 1 with no events. */
  readonly budgetRemaining: number;
  /**
   * Time until the remaining budget is gone at the burn rate of the shortest long window (1h by
   * default), milliseconds: 0 when already exhausted, Infinity when not burning.
   */
  readonly timeToExhaustionMs: number;
  /** Events counted since the calculator started (for the `agc_slo_events_total` counter). */
  readonly eventsTotal: number;
  /** Bad events counted since the calculator started. */
  readonly badEventsTotal: number;
}

/** Circuit-breaker states. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** An alert-state change of one SLO, reported by `SloMonitor.evaluate` for a span event. */
export interface SloAlertTransition {
  readonly type: 'alert';
  readonly slo: string;
  readonly from: AlertState;
  readonly to: AlertState;
  readonly atMs: number;
  /** Burn rate of the shortest long window at the transition. */
  readonly burnRate: number;
  readonly budgetRemaining: number;
}

/** A circuit-breaker state change of one SLO. */
export interface SloCircuitTransition {
  readonly type: 'circuit';
  readonly slo: string;
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly atMs: number;
}

/** Any transition the monitor reports. */
export type SloTransition = SloAlertTransition | SloCircuitTransition;

/** What `SloMonitor.circuitFor` returns when a call must be denied with source `circuit`. */
export interface CircuitDecision {
  /** The SLO whose circuit denies the call. */
  readonly slo: string;
  readonly state: 'open' | 'half_open';
  /** Human-readable reason for the verdict. */
  readonly reason: string;
  /** When the circuit admits probes again (open) or the probe batch renews (half-open), epoch ms. */
  readonly retryAtMs: number;
}

/** One validation problem in a spec file. */
export interface SloIssue extends SourcePosition {
  readonly message: string;
}
