import type { DecisionSource } from '../conventions/index.js';

/**
 * Contracts of the progressive-delivery gate: the gate configuration, what each arm (baseline,
 * canary) measured, and the report. Everything is plain data, so the judge is a pure function of
 * its inputs and the same report comes from recordings, Prometheus or a shadow run.
 */

/** Overall answer. `inconclusive` = not enough data: its own answer, never a pass. */
export type GateVerdict = 'pass' | 'marginal' | 'fail' | 'inconclusive';

/** Which change of a metric is a regression. */
export type GateDirection = 'increase' | 'decrease' | 'either';

/**
 * What a gate metric measures. Rates (`tool_error_rate`, `deny_rate`, `anomaly_rate`) are
 * per tool call and judged with a one-sided exact or two-proportion test; distributions
 * (`tool_latency` per call, `run_latency`, `run_tokens`, `run_cost` per run) with Mann-Whitney
 * U and a Hodges-Lehmann shift; `slo_burn` fails when the canary alone would page.
 */
export type GateMeasure =
  | 'tool_error_rate'
  | 'deny_rate'
  | 'anomaly_rate'
  | 'tool_latency'
  | 'run_latency'
  | 'run_tokens'
  | 'run_cost'
  | 'slo_burn';

/** Statistical family of a measure. */
export type MeasureFamily = 'rate' | 'distribution' | 'slo';

/** Test used for rates: Fisher's exact when an expected cell is below 5 (`auto`), or forced. */
export type RateTest = 'auto' | 'fisher' | 'z';

/**
 * One judged metric, with every default applied. Fields without a stated default take the
 * measure's (`MEASURE_DEFAULTS`; `examples/gate/gate.yaml` lists them all).
 */
export interface GateMetricConfig {
  /** Unique name, used in reports and as the measurement key. */
  readonly name: string;
  readonly measure: GateMeasure;
  /** Group it scores in. */
  readonly group: string;
  readonly direction: GateDirection;
  /**
   * Smallest canary/baseline effect ratio that counts as a regression upwards (rates: ratio of
   * proportions; distributions: shifted median over baseline median).
   */
  readonly allowedIncrease: number;
  /** Largest ratio that counts as a regression downwards (direction decrease or either). */
  readonly allowedDecrease: number;
  /** Ratio at or above which a regression of a critical metric fails the gate outright. */
  readonly criticalIncrease: number;
  /** Ratio at or below which a downward regression of a critical metric fails the gate. */
  readonly criticalDecrease: number;
  /** Smallest absolute change that counts (rates: proportion points; distributions: units). */
  readonly minAbsDelta: number;
  /** Observations each arm needs (calls for per-call measures, runs for per-run ones). */
  readonly minSamples: number;
  /** A regression beyond the critical ratio (or an SLO page) fails the whole gate. */
  readonly critical: boolean;
  /** No data at all in both arms is "not enough data" rather than "not applicable". */
  readonly mustHaveData: boolean;
  /** Distributions: the shift's CI lower bound must exceed `tolerance·|shift|`. @default 0.25 */
  readonly tolerance: number;
  /** Rates: which test. @default 'auto' */
  readonly test: RateTest;
  /** `deny_rate` only: decision sources whose denies count; empty = every source. @default [] */
  readonly sources: readonly DecisionSource[];
}

/** A weighted group of metrics. */
export interface GateGroupConfig {
  readonly name: string;
  /** Relative weight in the score (groups without countable metrics are left out). */
  readonly weight: number;
  readonly metrics: readonly GateMetricConfig[];
}

/** A validated gate configuration (`examples/gate/gate.yaml` holds the defaults). */
export interface GateConfig {
  /** `metadata.name`. */
  readonly name: string;
  /** Significance level of each one-sided test (a regression lowers the score). @default 0.02 */
  readonly alpha: number;
  /**
   * Family-wise level of critical failures: a critical metric fails the gate alone only when its
   * p-value is below `criticalAlpha / k`, k = the critical metrics judged (Bonferroni), so
   * identical arms fail through a critical metric with probability below `criticalAlpha`.
   * @default 0.001
   */
  readonly criticalAlpha: number;
  /**
   * Score thresholds: `score >= pass` passes, `score >= marginal` is marginal, else fail.
   * @default { pass: 95, marginal: 75 }
   */
  readonly thresholds: { readonly pass: number; readonly marginal: number };
  /** SLO spec files for `slo_burn` (resolved paths); empty = the built-in SLO. @default [] */
  readonly sloSpecs: readonly string[];
  readonly groups: readonly GateGroupConfig[];
  /** File it was read from, when read from one. */
  readonly file?: string;
}

/** A count of events among trials (rates). Counts may be fractional from Prometheus. */
export interface RateMeasurement {
  readonly kind: 'rate';
  readonly events: number;
  readonly trials: number;
}

/** Raw observations (recordings). */
export interface SamplesMeasurement {
  readonly kind: 'samples';
  readonly values: readonly number[];
}

/** Binned observations (a Prometheus histogram): counts per bucket, not cumulative. */
export interface HistogramMeasurement {
  readonly kind: 'histogram';
  /** Upper bounds of the buckets, ascending, the last one Infinity. */
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

/** Whether one SLO would page on this arm's calls alone. */
export interface SloBurnFinding {
  readonly slo: string;
  /** A page tier fires at the last event (recordings) or now (Prometheus). */
  readonly paging: boolean;
  /** Events the SLI counted (Prometheus: in the shortest page tier's long window). */
  readonly events: number;
  /**
   * Burn rate of the shortest page tier's long window (1h by default) at the last event
   * (recordings) or now (Prometheus); NaN without events.
   */
  readonly burnRate: number;
}

/** SLO burn of one arm. */
export interface SloMeasurement {
  readonly kind: 'slo';
  readonly findings: readonly SloBurnFinding[];
}

/** The source cannot provide this metric (e.g. run latency from Prometheus). */
export interface UnavailableMeasurement {
  readonly kind: 'unavailable';
  readonly reason: string;
}

/** What one arm measured for one metric. */
export type Measurement =
  | RateMeasurement
  | SamplesMeasurement
  | HistogramMeasurement
  | SloMeasurement
  | UnavailableMeasurement;

/** Everything one arm measured, keyed by metric name. */
export interface ArmMeasurements {
  /** What the arm is (recording paths, a selector, a command). */
  readonly label: string;
  /** Runs (traces) read, when known. */
  readonly runs?: number;
  /** Tool calls read, when known. */
  readonly calls?: number;
  readonly measurements: ReadonlyMap<string, Measurement>;
}

/** Significance levels a classifier applies. */
export interface Significance {
  /** Level of a regression (`high`/`low`). */
  readonly alpha: number;
  /** Level of a critical failure, already divided among the critical metrics. */
  readonly critical: number;
}

/** Per-metric outcome, Kayenta's classes plus `skipped` (not applicable to this source). */
export type MetricClassification = 'pass' | 'high' | 'low' | 'nodata' | 'skipped';

/** Summary of one arm for one metric. */
export interface ArmSummary {
  /** Observations (trials for rates, samples for distributions, SLO events). */
  readonly n: number;
  /** Proportion for rates, median for distributions, highest burn rate for SLOs. */
  readonly value: number;
}

/** The judge's finding for one metric. */
export interface MetricResult {
  readonly name: string;
  readonly measure: GateMeasure;
  readonly group: string;
  readonly classification: MetricClassification;
  /** This metric fails the gate on its own. */
  readonly criticalFailure: boolean;
  /** One line: why. */
  readonly reason: string;
  readonly baseline?: ArmSummary;
  readonly canary?: ArmSummary;
  /** Canary/baseline effect ratio. */
  readonly effect?: number;
  /** Canary minus baseline (proportion points, or the Hodges-Lehmann shift). */
  readonly delta?: number;
  /** Confidence interval of `delta`, when computed. */
  readonly interval?: {
    readonly lower: number;
    readonly upper: number;
    readonly confidence: number;
  };
  /** p-value of the one-sided test in the regression direction that was tested. */
  readonly pValue?: number;
  /** Test used. */
  readonly test?: 'fisher' | 'z' | 'mann-whitney-exact' | 'mann-whitney-normal' | 'slo';
}

/** Score of one group. */
export interface GroupResult {
  readonly name: string;
  readonly weight: number;
  /** `pass/(pass+high+low)·100`; null when no metric of the group could be judged. */
  readonly score: number | null;
  readonly pass: number;
  readonly high: number;
  readonly low: number;
  readonly nodata: number;
  readonly skipped: number;
}

/** What the gate decided, and why. */
export interface GateReport {
  readonly verdict: GateVerdict;
  /** Process exit code of the verdict (see {@link GATE_EXIT_CODES}). */
  readonly exitCode: number;
  /** Weighted score 0..100 (0 after a critical failure); null when nothing could be judged. */
  readonly score: number | null;
  /** One line: why this verdict. */
  readonly reason: string;
  /** Gate configuration name. */
  readonly config: string;
  readonly thresholds: { readonly pass: number; readonly marginal: number };
  readonly alpha: number;
  /** Per-metric level a critical failure needed (`criticalAlpha / k`). */
  readonly criticalLevel: number;
  readonly baseline: ArmInfo;
  readonly canary: ArmInfo;
  readonly groups: readonly GroupResult[];
  readonly metrics: readonly MetricResult[];
}

/** Description of an arm in the report. */
export interface ArmInfo {
  readonly label: string;
  readonly runs?: number;
  readonly calls?: number;
}
