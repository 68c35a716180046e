import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../slo/circuit-breaker.js';
import type { CircuitState } from '../../slo/types.js';

const OPTIONS = { coolDownMs: 60_000, probes: 2 };

function breaker() {
  const log: string[] = [];
  const b = new CircuitBreaker('s', OPTIONS, (from: CircuitState, to: CircuitState, at: number) =>
    log.push(`${from}->${to}@${at}`),
  );
  return { b, log };
}

describe('CircuitBreaker state machine', () => {
  it('closed admits everything; recordResult while closed changes nothing', () => {
    const { b, log } = breaker();
    expect(b.admit(0)).toBeUndefined();
    b.recordResult(false, 1);
    expect(b.state).toBe('closed');
    expect(log).toEqual([]);
  });

  it('open refuses until the cool-down ends, with the same decision object', () => {
    const { b, log } = breaker();
    b.trip(1000);
    const first = b.admit(1000);
    expect(first).toMatchObject({ slo: 's', state: 'open', retryAtMs: 61_000 });
    expect(b.admit(60_999)).toBe(first);
    expect(log).toEqual(['closed->open@1000']);
  });

  it('after the cool-down: half-open admits exactly `probes` calls', () => {
    const { b, log } = breaker();
    b.trip(0);
    expect(b.admit(60_000)).toBeUndefined();
    expect(b.state).toBe('half_open');
    expect(b.admit(60_001)).toBeUndefined();
    expect(b.admit(60_002)).toMatchObject({ state: 'half_open' });
    expect(log).toEqual(['closed->open@0', 'open->half_open@60000']);
  });

  it('closes after `probes` good results', () => {
    const { b, log } = breaker();
    b.trip(0);
    b.admit(60_000);
    b.admit(60_000);
    b.recordResult(true, 60_100);
    expect(b.state).toBe('half_open');
    b.recordResult(true, 60_200);
    expect(b.state).toBe('closed');
    expect(b.admit(60_300)).toBeUndefined();
    expect(log.at(-1)).toBe('half_open->closed@60200');
  });

  it('one bad probe re-opens and restarts the cool-down', () => {
    const { b, log } = breaker();
    b.trip(0);
    b.admit(60_000);
    b.recordResult(true, 60_100);
    b.recordResult(false, 60_200);
    expect(b.state).toBe('open');
    expect(b.admit(120_199)).toMatchObject({ state: 'open', retryAtMs: 120_200 });
    expect(b.admit(120_200)).toBeUndefined();
    expect(log).toEqual([
      'closed->open@0',
      'open->half_open@60000',
      'half_open->open@60200',
      'open->half_open@120200',
    ]);
  });

  it('probes that never report: a fresh batch after another cool-down', () => {
    const { b } = breaker();
    b.trip(0);
    b.admit(60_000);
    b.admit(60_000);
    expect(b.admit(119_999)).toMatchObject({ state: 'half_open' });
    expect(b.admit(120_000)).toBeUndefined();
    expect(b.state).toBe('half_open');
  });

  it('trip is idempotent while open', () => {
    const { b, log } = breaker();
    b.trip(0);
    b.trip(30_000);
    expect(b.admit(59_999)).toMatchObject({ retryAtMs: 60_000 });
    expect(log).toEqual(['closed->open@0']);
  });

  it('never throws on absurd times', () => {
    const { b } = breaker();
    b.trip(Number.NaN);
    expect(() => b.admit(Number.MAX_VALUE)).not.toThrow();
    expect(() => b.admit(Number.NaN)).not.toThrow();
    expect(() => b.recordResult(false, -Number.MAX_VALUE)).not.toThrow();
  });
});
