import { describe, expect, it } from 'vitest';
import {
  ANOMALY_DEFAULTS,
  combineRisk,
  meanStats,
  normaliseScore,
  rawForScore,
  riskLevelOf,
  zScore,
} from '../../anomaly/index.js';

const risk = ANOMALY_DEFAULTS.risk;

describe('normaliseScore: 0.5 at the threshold, 1 at saturation, clipped', () => {
  it.each([
    { raw: 0, score: 0 },
    { raw: -3, score: 0 },
    { raw: NaN, score: 0 },
    { raw: 2.5, score: 0.25 },
    { raw: 5, score: 0.5 },
    { raw: 7.5, score: 0.75 },
    { raw: 10, score: 1 },
    { raw: 1e9, score: 1 },
    { raw: Infinity, score: 1 },
  ])('raw $raw (threshold 5, saturation 10) → $score', ({ raw, score }) => {
    expect(normaliseScore(raw, 5, 10)).toBe(score);
  });

  it.each([0.1, 0.5, 0.75, 0.9, 1])('rawForScore inverts it (score %s)', (s) => {
    expect(normaliseScore(rawForScore(s, 5, 10), 5, 10)).toBeCloseTo(s, 12);
  });
});

describe('riskLevelOf', () => {
  it.each([
    { score: 0, level: 'low' },
    { score: 0.49, level: 'low' },
    { score: 0.5, level: 'medium' },
    { score: 0.749, level: 'medium' },
    { score: 0.75, level: 'high' },
    { score: 0.9, level: 'critical' },
    { score: 1, level: 'critical' },
  ])('$score → $level', ({ score, level }) => {
    expect(riskLevelOf(score, risk)).toBe(level);
  });
});

describe('combineRisk: noisy-OR of clipped scores, not a raw sum', () => {
  it.each([
    { scores: [], combined: 0 },
    { scores: [0.5], combined: 0.5 },
    { scores: [0.5, 0.5], combined: 0.75 },
    { scores: [0.5, 0.5, 0.5], combined: 0.875 },
    { scores: [0.8, 0.5], combined: 0.9 },
    { scores: [1, 0.2], combined: 1 },
    { scores: [0, 0, 0], combined: 0 },
    { scores: [7, -2, NaN], combined: 1 },
  ])('$scores → $combined', ({ scores, combined }) => {
    expect(combineRisk(scores)).toBeCloseTo(combined, 12);
  });

  it('one finding at threshold is medium; two corroborating ones are high', () => {
    expect(riskLevelOf(combineRisk([0.5]), risk)).toBe('medium');
    expect(riskLevelOf(combineRisk([0.5, 0.5]), risk)).toBe('high');
  });

  it('fixes the anchor: an unbounded z of 4.5 no longer makes a critical risk by itself', () => {
    // Anchor: buckets [10, 10, 10, 10, 11] then 12 calls → z = |12 − 10.2| / 0.4 = 4.5, and the
    // raw sum 4.5 ≥ 3 is CRITICAL (quarantine).
    const baseline = meanStats([10, 10, 10, 10, 11]);
    expect(Math.abs(12 - baseline.center) / baseline.sigma).toBeCloseTo(4.5, 12);
    // Ours: the same z is floored (σ_eff = max(0.4, 2, 0.2 × 10.2) = 2.04) and normalised.
    const f = ANOMALY_DEFAULTS.frequency;
    const z = zScore(12, baseline, f.sigmaFloor, f.sigmaFloorRatio);
    expect(z).toBeCloseTo(1.8 / 2.04, 12);
    const score = normaliseScore(z, f.threshold, f.saturation);
    expect(riskLevelOf(combineRisk([score]), risk)).toBe('low');
  });
});
