import type { ToolCallEvent } from '../conventions/index.js';

/** The detectors, one per signal. Also the `detector` label of `agc_anomaly_score`. */
export const DETECTOR_KINDS = [
  'frequency',
  'entropy',
  'capability',
  'latency',
  'error_rate',
] as const;
/** A detector's name. */
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** Risk levels, lowest first. `low` means nothing fired. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
/** A risk level (of one finding, or of an agent's combined signals). */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * What the runtime should do with an assessment: `record` (span event `agc.anomaly` on the
 * triggering span and the `agc_anomaly_score` gauge only) or `quarantine` (also deny the agent's
 * next calls with source `quarantine` until the TTL passes or the agent is released).
 */
export type AnomalyAction = 'record' | 'quarantine';

/** Scalar details attached to a finding (become span-event attributes, so scalars only). */
export type FindingDetails = Readonly<Record<string, number | string>>;

/** One detector firing on one call. */
export interface AnomalyFinding {
  /** The agent the finding is about. */
  readonly agentId: string;
  /** Which detector fired. */
  readonly detector: DetectorKind;
  /** Normalised score in [0, 1]; 0.5 is the detector's firing threshold, 1 its saturation. */
  readonly score: number;
  /** {@link RiskLevel} of this finding alone (from `score` and the risk thresholds). */
  readonly severity: RiskLevel;
  /** One readable sentence, never user content (tool names and numbers only). */
  readonly reason: string;
  /** The raw statistic and its baseline (e.g. `z`, `count`, `mean`, `sigma`). */
  readonly details: FindingDetails;
  /** Event time of the triggering call, epoch ms. */
  readonly timeMs: number;
  /** The tool involved, for per-tool detectors (capability, latency, error_rate). */
  readonly tool?: string;
}

/** The result of {@link Detector.ingest} when something fired: the monitor adds agent context. */
export interface DetectorSignal {
  /** Normalised score in [0, 1]. */
  readonly score: number;
  /** One readable sentence. */
  readonly reason: string;
  /** Raw statistic and baseline. */
  readonly details: FindingDetails;
  /** The tool involved, when the detector is per tool. */
  readonly tool?: string;
}

/**
 * One detector's state for ONE agent. The monitor owns one instance per agent and detector and
 * calls `ingest` once per finished call of that agent, in event-time order. Implementations keep
 * O(window) memory, do O(1) amortised work per call, allocate only when they fire, and never
 * throw on odd input (a non-finite duration or time is ignored).
 */
export interface Detector {
  /** Which detector this is. */
  readonly kind: DetectorKind;
  /** Latest normalised score in [0, 1] (0 while warming up), for the `agc_anomaly_score` gauge. */
  readonly score: number;
  /**
   * Feeds one call. `toolSlot` is the agent's dense index for `event.tool` (stable for the agent's
   * lifetime; tools past the per-agent cap share one overflow slot). Returns a signal when the
   * detector fires (crosses its threshold or escalates), otherwise undefined.
   */
  ingest(event: ToolCallEvent, toolSlot: number): DetectorSignal | undefined;
  /** Forgets everything learned (baseline, warm-up, profile). */
  reset(): void;
}

/** What {@link AnomalyMonitor.observe} returns when at least one detector fired on the call. */
export interface AnomalyAssessment {
  /** The agent assessed. */
  readonly agentId: string;
  /** Event time of the triggering call, epoch ms. */
  readonly timeMs: number;
  /** Findings raised by this call (at least one). */
  readonly findings: readonly AnomalyFinding[];
  /**
   * Combined risk in [0, 1]: noisy-OR of the scores of every detector that fired for this agent
   * within the corroboration window (see {@link combineRisk}); never a raw sum.
   */
  readonly risk: number;
  /** {@link RiskLevel} of `risk`. */
  readonly level: RiskLevel;
  /** Recommended action: `quarantine` only when configured and `level` reaches `quarantineAt`. */
  readonly action: AnomalyAction;
  /** How long to quarantine for (ms), when `action` is `quarantine`. */
  readonly quarantineTtlMs?: number;
}

/** Frequency detector options: per-agent call counts per time bucket, scored by z. */
export interface FrequencyOptions {
  /** Turn the detector on or off. @default true */
  readonly enabled: boolean;
  /** Bucket width, ms. @default 300000 (5 minutes) */
  readonly bucketMs: number;
  /** Completed buckets in the baseline (never the bucket being scored). @default 144 (12 h) */
  readonly baselineBuckets: number;
  /** Active buckets (with calls) the baseline must hold before scoring. @default 24 (2 h) */
  readonly warmupBuckets: number;
  /** Baseline statistic: `zscore` (mean, population σ; matches the PromQL rules) or `mad`. @default 'zscore' */
  readonly method: 'zscore' | 'mad';
  /** Absolute σ floor, in calls per bucket. @default 2 */
  readonly sigmaFloor: number;
  /** Relative σ floor, as a fraction of the baseline mean (or median). @default 0.2 */
  readonly sigmaFloorRatio: number;
  /** z at which the detector fires (score 0.5); upward spikes only. @default 5 */
  readonly threshold: number;
  /** z at which the score saturates at 1. @default 10 */
  readonly saturation: number;
}

/** Entropy detector options: windowed tool distribution vs the agent's own baseline. */
export interface EntropyOptions {
  /** Turn the detector on or off. @default true */
  readonly enabled: boolean;
  /** Calls in the sliding window. @default 50 */
  readonly windowCalls: number;
  /** Calls that must have left the window into the baseline before scoring. @default 200 */
  readonly warmupCalls: number;
  /** Half-life of the baseline distribution, in calls. @default 2000 */
  readonly baselineHalfLifeCalls: number;
  /** Bias-corrected Jensen-Shannon divergence (bits) at which the detector fires. @default 0.12 */
  readonly threshold: number;
  /** Divergence at which the score saturates at 1. @default 0.5 */
  readonly saturation: number;
  /** Evaluate the divergence every this many calls (it costs O(tools)). @default 5 */
  readonly evaluateEvery: number;
}

/** Capability-profile detector options. */
export interface CapabilityOptions {
  /** Turn the detector on or off. @default true */
  readonly enabled: boolean;
  /**
   * Declared profiles: agent id to the tools it may use. An agent with a declared profile is
   * checked from its first call; others learn their profile. @default {}
   */
  readonly profiles: Readonly<Record<string, readonly string[]>>;
  /** Learn a profile for agents without a declared one. @default true */
  readonly learn: boolean;
  /** Consecutive calls without a new tool before a learned profile is armed. @default 200 */
  readonly learnCalls: number;
  /** ...and at least this much event time since the last new tool, ms. @default 3600000 (1 h) */
  readonly learnMs: number;
  /** Score of a call outside a declared profile. @default 1 */
  readonly declaredScore: number;
  /** Score of the first call to a tool outside an armed learned profile. @default 0.8 */
  readonly learnedScore: number;
}

/** Latency-surge detector options, per (agent, tool): EWMA control chart on log duration. */
export interface LatencyOptions {
  /** Turn the detector on or off. @default true */
  readonly enabled: boolean;
  /** Calls of the tool before it is scored. @default 30 */
  readonly warmupCalls: number;
  /** Baseline EWMA weight (≈ 2/(N+1) for an N-call span). @default 0.01 */
  readonly baselineAlpha: number;
  /** Recent EWMA weight (the charted statistic). @default 0.2 */
  readonly recentAlpha: number;
  /** σ floor of log(duration) (0.1 ≈ 10 % spread). @default 0.1 */
  readonly sigmaFloor: number;
  /** Past warm-up, values are winsorised to the baseline mean ± this many σ. @default 4 */
  readonly clampSigmas: number;
  /** Chart z at which the detector fires. @default 5 */
  readonly threshold: number;
  /** Chart z at which the score saturates. @default 10 */
  readonly saturation: number;
}

/** Error-rate-surge detector options, per (agent, tool): errors among the last 32 runs. */
export interface ErrorRateOptions {
  /** Turn the detector on or off. @default true */
  readonly enabled: boolean;
  /** Runs of the tool (calls whose body ran) before it is scored (at least 33). @default 64 */
  readonly warmupCalls: number;
  /** Baseline error-rate EWMA weight. @default 0.01 */
  readonly baselineAlpha: number;
  /** Floor of the baseline error rate used for σ. @default 0.05 */
  readonly rateFloor: number;
  /** Minimum errors among the last 32 runs before firing. @default 6 */
  readonly minErrors: number;
  /** Binomial z at which the detector fires. @default 4 */
  readonly threshold: number;
  /** z at which the score saturates. @default 8 */
  readonly saturation: number;
}

/** Score boundaries of the risk levels (a score below `medium` is `low`). */
export interface RiskThresholds {
  /** @default 0.5 (one detector at its firing threshold) */
  readonly medium: number;
  /** @default 0.75 (two corroborating findings at threshold, or one strong one) */
  readonly high: number;
  /** @default 0.9 */
  readonly critical: number;
}

/** Every option of the anomaly module, resolved (see {@link AnomalyOptionsInput} for input). */
export interface AnomalyOptions {
  /** Action on an assessment. @default 'record' */
  readonly action: AnomalyAction;
  /** Lowest risk level that quarantines when `action` is `quarantine`. @default 'high' */
  readonly quarantineAt: RiskLevel;
  /** Quarantine duration, ms. @default 900000 (15 min) */
  readonly quarantineTtlMs: number;
  /** Agents kept in memory; the least recently seen is evicted beyond this. @default 10000 */
  readonly maxAgents: number;
  /** Distinct tools tracked per agent; more share one overflow slot. @default 64 */
  readonly maxToolsPerAgent: number;
  /** Findings of other detectors count towards risk for this long after they fired, ms. @default 600000 */
  readonly corroborationMs: number;
  /** Risk level boundaries. */
  readonly risk: RiskThresholds;
  /** Frequency detector. */
  readonly frequency: FrequencyOptions;
  /** Entropy detector. */
  readonly entropy: EntropyOptions;
  /** Capability-profile detector. */
  readonly capability: CapabilityOptions;
  /** Latency-surge detector. */
  readonly latency: LatencyOptions;
  /** Error-rate-surge detector. */
  readonly errorRate: ErrorRateOptions;
}

/** Partial options as written by a user (policy `anomaly:` block or code); unset = default. */
export type AnomalyOptionsInput = {
  readonly [K in keyof AnomalyOptions]?: AnomalyOptions[K] extends string | number
    ? AnomalyOptions[K]
    : Partial<AnomalyOptions[K]>;
};
