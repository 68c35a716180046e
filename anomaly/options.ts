import { z } from 'zod';
import { ANOMALY_DEFAULTS } from './defaults.js';
import { RISK_LEVELS } from './types.js';
import type { AnomalyOptions, AnomalyOptionsInput } from './types.js';

const positive = z.number().positive().finite();
const count = z.number().int().positive();
const unit = z.number().gt(0).lte(1);
const ms = z.number().int().positive();

/**
 * Zod schema of {@link AnomalyOptionsInput}: every field optional, unknown keys rejected. The
 * policy loader may embed it as the `anomaly:` block of a policy document; cross-field rules
 * (threshold < saturation, warm-up within the baseline, ascending risk levels) are checked by
 * {@link resolveAnomalyOptions}.
 */
export const anomalyOptionsSchema = z
  .strictObject({
    action: z.enum(['record', 'quarantine']),
    quarantineAt: z.enum(RISK_LEVELS),
    quarantineTtlMs: ms,
    maxAgents: count,
    maxToolsPerAgent: count.max(4096),
    corroborationMs: z.number().int().nonnegative(),
    risk: z.strictObject({ medium: unit, high: unit, critical: unit }).partial(),
    frequency: z
      .strictObject({
        enabled: z.boolean(),
        bucketMs: ms,
        baselineBuckets: count.min(2),
        warmupBuckets: count,
        method: z.enum(['zscore', 'mad']),
        sigmaFloor: positive,
        sigmaFloorRatio: z.number().nonnegative().finite(),
        threshold: positive,
        saturation: positive,
      })
      .partial(),
    entropy: z
      .strictObject({
        enabled: z.boolean(),
        windowCalls: count.min(2).max(65_535),
        warmupCalls: count,
        baselineHalfLifeCalls: positive,
        threshold: unit,
        saturation: unit,
        evaluateEvery: count.max(1000),
      })
      .partial(),
    capability: z
      .strictObject({
        enabled: z.boolean(),
        profiles: z.record(z.string().min(1), z.array(z.string().min(1))),
        learn: z.boolean(),
        learnCalls: count,
        learnMs: z.number().int().nonnegative(),
        declaredScore: unit,
        learnedScore: unit,
      })
      .partial(),
    latency: z
      .strictObject({
        enabled: z.boolean(),
        warmupCalls: count,
        baselineAlpha: z.number().gt(0).lt(1),
        recentAlpha: z.number().gt(0).lte(1),
        sigmaFloor: positive,
        clampSigmas: positive,
        threshold: positive,
        saturation: positive,
      })
      .partial(),
    errorRate: z
      .strictObject({
        enabled: z.boolean(),
        warmupCalls: count.min(33),
        baselineAlpha: z.number().gt(0).lt(1),
        rateFloor: z.number().gt(0).lt(1),
        minErrors: count.max(32),
        threshold: positive,
        saturation: positive,
      })
      .partial(),
  })
  .partial();

/** Thrown by {@link resolveAnomalyOptions}: every problem, one per line, each with its path. */
export class AnomalyConfigError extends Error {
  /** One message per problem, e.g. `anomaly.frequency.threshold: expected a number > 0`. */
  readonly errors: readonly string[];

  constructor(errors: readonly string[]) {
    super(`invalid anomaly options:\n  ${errors.join('\n  ')}`);
    this.name = 'AnomalyConfigError';
    this.errors = errors;
  }
}

/**
 * Validates user options and fills in {@link ANOMALY_DEFAULTS}. Called at configuration time
 * (policy load, monitor construction). `where` prefixes every message (e.g. `agc.policy.yaml:
 * anomaly`).
 *
 * @throws AnomalyConfigError listing every problem, never a partial result.
 */
export function resolveAnomalyOptions(
  input: AnomalyOptionsInput | undefined = {},
  where = 'anomaly',
): AnomalyOptions {
  const parsed = anomalyOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new AnomalyConfigError(
      parsed.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`),
    );
  }
  const given = parsed.data;
  const d = ANOMALY_DEFAULTS;
  const options: AnomalyOptions = {
    action: given.action ?? d.action,
    quarantineAt: given.quarantineAt ?? d.quarantineAt,
    quarantineTtlMs: given.quarantineTtlMs ?? d.quarantineTtlMs,
    maxAgents: given.maxAgents ?? d.maxAgents,
    maxToolsPerAgent: given.maxToolsPerAgent ?? d.maxToolsPerAgent,
    corroborationMs: given.corroborationMs ?? d.corroborationMs,
    risk: { ...d.risk, ...given.risk },
    frequency: { ...d.frequency, ...given.frequency },
    entropy: { ...d.entropy, ...given.entropy },
    capability: { ...d.capability, ...given.capability },
    latency: { ...d.latency, ...given.latency },
    errorRate: { ...d.errorRate, ...given.errorRate },
  };
  const errors = crossFieldErrors(options).map((message) => `${where}.${message}`);
  if (errors.length > 0) throw new AnomalyConfigError(errors);
  return options;
}

function crossFieldErrors(o: AnomalyOptions): string[] {
  const errors: string[] = [];
  const ordered = (path: string, low: number, high: number, lowName: string): void => {
    if (!(low < high)) errors.push(`${path}: must be greater than ${lowName} (${low})`);
  };
  if (o.frequency.warmupBuckets > o.frequency.baselineBuckets) {
    errors.push(
      `frequency.warmupBuckets: ${o.frequency.warmupBuckets} exceeds baselineBuckets (${o.frequency.baselineBuckets})`,
    );
  }
  ordered('frequency.saturation', o.frequency.threshold, o.frequency.saturation, 'threshold');
  ordered('entropy.saturation', o.entropy.threshold, o.entropy.saturation, 'threshold');
  ordered('latency.saturation', o.latency.threshold, o.latency.saturation, 'threshold');
  ordered('errorRate.saturation', o.errorRate.threshold, o.errorRate.saturation, 'threshold');
  ordered('latency.recentAlpha', o.latency.baselineAlpha, o.latency.recentAlpha, 'baselineAlpha');
  ordered('risk.high', o.risk.medium, o.risk.high, 'risk.medium');
  ordered('risk.critical', o.risk.high, o.risk.critical, 'risk.high');
  return errors;
}
