import type { AnomalyOptions } from './types.js';

/**
 * Every default of the anomaly module, in one place, as data. The field docs in `types.ts` carry
 * the same values as `@default`; `docs/anomaly.md` explains the choices. The detector thresholds
 * were tuned on the labelled-traffic benchmark (`bench/anomaly-quality.bench.mjs`) with tuning
 * seeds only and reported on held-out seeds.
 */
export const ANOMALY_DEFAULTS: AnomalyOptions = Object.freeze({
  action: 'record',
  quarantineAt: 'high',
  quarantineTtlMs: 15 * 60_000,
  maxAgents: 10_000,
  maxToolsPerAgent: 64,
  corroborationMs: 10 * 60_000,
  risk: Object.freeze({ medium: 0.5, high: 0.75, critical: 0.9 }),
  frequency: Object.freeze({
    enabled: true,
    bucketMs: 300_000,
    baselineBuckets: 144,
    warmupBuckets: 24,
    method: 'zscore',
    sigmaFloor: 2,
    sigmaFloorRatio: 0.2,
    threshold: 5,
    saturation: 10,
  }),
  entropy: Object.freeze({
    enabled: true,
    windowCalls: 50,
    warmupCalls: 200,
    baselineHalfLifeCalls: 2000,
    threshold: 0.12,
    saturation: 0.5,
    evaluateEvery: 5,
  }),
  capability: Object.freeze({
    enabled: true,
    profiles: Object.freeze({}),
    learn: true,
    learnCalls: 200,
    learnMs: 60 * 60_000,
    declaredScore: 1,
    learnedScore: 0.8,
  }),
  latency: Object.freeze({
    enabled: true,
    warmupCalls: 30,
    baselineAlpha: 0.01,
    recentAlpha: 0.2,
    sigmaFloor: 0.1,
    clampSigmas: 4,
    threshold: 5,
    saturation: 10,
  }),
  errorRate: Object.freeze({
    enabled: true,
    warmupCalls: 64,
    baselineAlpha: 0.01,
    rateFloor: 0.05,
    minErrors: 6,
    threshold: 4,
    saturation: 8,
  }),
});
