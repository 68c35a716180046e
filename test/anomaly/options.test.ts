import { describe, expect, it } from 'vitest';
import {
  ANOMALY_DEFAULTS,
  AnomalyConfigError,
  resolveAnomalyOptions,
} from '../../anomaly/index.js';
import type { AnomalyOptionsInput } from '../../anomaly/index.js';

function errorsOf(input: unknown): readonly string[] {
  try {
    resolveAnomalyOptions(input as AnomalyOptionsInput, 'agc.policy.yaml: anomaly');
  } catch (error) {
    if (error instanceof AnomalyConfigError) return error.errors;
    throw error;
  }
  return [];
}

describe('resolveAnomalyOptions', () => {
  it('fills every default and merges partial overrides', () => {
    expect(resolveAnomalyOptions()).toEqual(ANOMALY_DEFAULTS);
    const o = resolveAnomalyOptions({
      action: 'quarantine',
      frequency: { threshold: 6, saturation: 12 },
    });
    expect(o.action).toBe('quarantine');
    expect(o.frequency).toEqual({ ...ANOMALY_DEFAULTS.frequency, threshold: 6, saturation: 12 });
    expect(o.entropy).toEqual(ANOMALY_DEFAULTS.entropy);
  });

  it.each([
    [{ maxAgents: 0 }, 'agc.policy.yaml: anomaly.maxAgents: Too small: expected number to be >0'],
    [
      { action: 'kill' },
      'agc.policy.yaml: anomaly.action: Invalid option: expected one of "record"|"quarantine"',
    ],
    [{ frequency: { bogus: 1 } }, 'agc.policy.yaml: anomaly.frequency: Unrecognized key: "bogus"'],
    [
      { frequency: { warmupBuckets: 200 } },
      'agc.policy.yaml: anomaly.frequency.warmupBuckets: 200 exceeds baselineBuckets (144)',
    ],
    [
      { entropy: { threshold: 0.6 } },
      'agc.policy.yaml: anomaly.entropy.saturation: must be greater than threshold (0.6)',
    ],
    [
      { risk: { high: 0.95 } },
      'agc.policy.yaml: anomaly.risk.critical: must be greater than risk.high (0.95)',
    ],
  ])('rejects %j', (input, message) => {
    expect(errorsOf(input)).toContain(message);
  });

  it('lists every problem at once', () => {
    expect(
      errorsOf({ maxAgents: -1, quarantineTtlMs: 1.5, latency: { threshold: 'x' } }),
    ).toHaveLength(3);
  });
});
