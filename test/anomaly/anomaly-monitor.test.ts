import { describe, expect, it, vi } from 'vitest';
import { AnomalyConfigError, AnomalyMonitor, anomalyEventAttributes } from '../../anomaly/index.js';
import type { AnomalyAssessment } from '../../anomaly/index.js';
import type { ToolCallEvent } from '../../conventions/index.js';
import { T0, bucketStream, call } from './events.js';

const MINUTE = 60_000;

function observeAll(
  monitor: AnomalyMonitor,
  events: readonly ToolCallEvent[],
): AnomalyAssessment[] {
  const out: AnomalyAssessment[] = [];
  for (const e of events) {
    const a = monitor.observe(e);
    if (a) out.push(a);
  }
  return out;
}

describe('AnomalyMonitor', () => {
  it('returns undefined on the fast path: normal traffic raises nothing', () => {
    const monitor = new AnomalyMonitor();
    const events = bucketStream(Array<number>(300).fill(12), MINUTE, T0, [
      'search',
      'read',
      'write',
    ]);
    expect(observeAll(monitor, events)).toEqual([]);
    expect(monitor.scores('agent-a')).toEqual({
      frequency: expect.any(Number) as number,
      entropy: expect.any(Number) as number,
      capability: 0,
      latency: expect.any(Number) as number,
      error_rate: expect.any(Number) as number,
    });
  });

  it('reports findings with agent, detector, severity and tool; records by default', () => {
    const monitor = new AnomalyMonitor({ capability: { profiles: { 'agent-a': ['search'] } } });
    expect(monitor.observe(call())).toBeUndefined();
    const a = monitor.observe(call({ tool: 'upload_file', timeMs: T0 + 1 }));
    expect(a).toMatchObject({
      agentId: 'agent-a',
      timeMs: T0 + 1,
      risk: 1,
      level: 'critical',
      action: 'record',
      findings: [
        {
          agentId: 'agent-a',
          detector: 'capability',
          score: 1,
          severity: 'critical',
          tool: 'upload_file',
        },
      ],
    });
    expect(a?.quarantineTtlMs).toBeUndefined();
  });

  it('recommends quarantine only when configured and the level reaches quarantineAt', () => {
    const profiles = { 'agent-a': ['search'] };
    const quarantining = new AnomalyMonitor({
      action: 'quarantine',
      quarantineTtlMs: 60_000,
      capability: { profiles, declaredScore: 0.8 },
    });
    quarantining.observe(call());
    expect(quarantining.observe(call({ tool: 'x', timeMs: T0 + 1 }))).toMatchObject({
      level: 'high',
      action: 'quarantine',
      quarantineTtlMs: 60_000,
    });
    const strict = new AnomalyMonitor({
      action: 'quarantine',
      quarantineAt: 'critical',
      capability: { profiles, declaredScore: 0.8 },
    });
    strict.observe(call());
    expect(strict.observe(call({ tool: 'x', timeMs: T0 + 1 }))?.action).toBe('record');
  });

  it('combines detectors that fired within the corroboration window (noisy-OR)', () => {
    const monitor = new AnomalyMonitor({
      capability: { profiles: { 'agent-a': ['search'] }, declaredScore: 0.5 },
      corroborationMs: 5 * MINUTE,
      frequency: { bucketMs: MINUTE, baselineBuckets: 10, warmupBuckets: 5 },
    });
    observeAll(monitor, bucketStream([10, 10, 10, 10, 10], MINUTE));
    // One out-of-profile call: 0.5 alone → medium.
    const alone = monitor.observe(call({ tool: 'x', timeMs: T0 + 5 * MINUTE }));
    expect(alone).toMatchObject({ risk: 0.5, level: 'medium' });
    // A storm in the same minute: frequency fires too → 1 − 0.5 × 0.5 = 0.75 → high.
    const storm = observeAll(monitor, bucketStream([60], MINUTE, T0 + 5 * MINUTE + 1));
    expect(storm[0]?.findings.map((f) => f.detector)).toEqual(['frequency']);
    expect(storm[0]?.risk).toBeCloseTo(0.75, 12);
    expect(storm[0]?.level).toBe('high');
    // 10 minutes later the capability finding no longer corroborates.
    const later = observeAll(monitor, bucketStream([200], MINUTE, T0 + 15 * MINUTE));
    expect(later[0]?.risk).toBe(later[0]?.findings[0]?.score);
  });

  it('enforces the LRU cap, evicting the least recently seen agent', () => {
    const onEvict = vi.fn();
    const monitor = new AnomalyMonitor({ maxAgents: 3 }, { onEvict });
    for (const id of ['a', 'b', 'c']) monitor.observe(call({ agentId: id }));
    monitor.observe(call({ agentId: 'a', timeMs: T0 + 1 })); // a is now the most recent
    monitor.observe(call({ agentId: 'd', timeMs: T0 + 2 }));
    monitor.observe(call({ agentId: 'e', timeMs: T0 + 3 }));
    expect(onEvict.mock.calls).toEqual([['b'], ['c']]);
    expect(monitor.size).toBe(3);
    expect([...monitor.agentIds()]).toEqual(['e', 'd', 'a']);
    expect(monitor.scores('b')).toBeUndefined();
    for (let i = 0; i < 10_000; i++) monitor.observe(call({ agentId: `x${i}`, timeMs: T0 + i }));
    expect(monitor.size).toBe(3);
  });

  it('a reused (evicted) state starts clean and keeps the new agent’s declared profile', () => {
    const monitor = new AnomalyMonitor({
      maxAgents: 1,
      capability: { profiles: { b: ['read'] } },
    });
    monitor.observe(call({ agentId: 'a', tool: 'search' }));
    expect(monitor.observe(call({ agentId: 'b', tool: 'read' }))).toBeUndefined();
    expect(monitor.observe(call({ agentId: 'b', tool: 'search' }))?.findings[0]?.detector).toBe(
      'capability',
    );
    expect(monitor.observe(call({ agentId: 'c', tool: 'anything' }))).toBeUndefined();
  });

  it('holds a fired score for the gauge during the corroboration window', () => {
    const monitor = new AnomalyMonitor({ capability: { profiles: { 'agent-a': ['search'] } } });
    monitor.observe(call({ tool: 'x' }));
    monitor.observe(call({ timeMs: T0 + MINUTE }));
    expect(monitor.scores('agent-a')?.capability).toBe(1);
    monitor.observe(call({ timeMs: T0 + 11 * MINUTE }));
    expect(monitor.scores('agent-a')?.capability).toBe(0);
  });

  it('reset forgets an agent', () => {
    const monitor = new AnomalyMonitor();
    monitor.observe(call());
    expect(monitor.reset('agent-a')).toBe(true);
    expect(monitor.reset('agent-a')).toBe(false);
    expect(monitor.size).toBe(0);
  });

  it('never throws: malformed events are counted and ignored', () => {
    const monitor = new AnomalyMonitor();
    const bad = [
      { ...call(), timeMs: NaN },
      { ...call(), agentId: undefined },
      { ...call(), tool: 42 },
      null,
    ] as unknown as ToolCallEvent[];
    for (const e of bad) expect(monitor.observe(e)).toBeUndefined();
    expect(monitor.droppedEvents).toBe(4);
  });

  it('is deterministic: replaying the same events gives the same assessments', () => {
    const events = [
      ...bucketStream(Array<number>(40).fill(8), 5 * MINUTE, T0, ['a', 'b', 'c']),
      ...bucketStream([200], 5 * MINUTE, T0 + 40 * 5 * MINUTE, ['a']),
    ];
    const first = observeAll(new AnomalyMonitor(), events);
    expect(first.length).toBeGreaterThan(0);
    expect(observeAll(new AnomalyMonitor(), events)).toEqual(first);
  });

  it('fails fast on invalid options', () => {
    expect(() => new AnomalyMonitor({ maxAgents: 0 })).toThrow(AnomalyConfigError);
  });

  it('builds span-event attributes for a finding', () => {
    const monitor = new AnomalyMonitor({ capability: { profiles: { 'agent-a': [] } } });
    const a = monitor.observe(call({ tool: 'upload_file' })) as AnomalyAssessment;
    expect(anomalyEventAttributes(a.findings[0]!, a)).toEqual({
      'agc.anomaly.detector': 'capability',
      'agc.anomaly.score': 1,
      'agc.anomaly.severity': 'critical',
      'agc.anomaly.reason': "tool 'upload_file' is outside the agent's declared profile",
      'agc.anomaly.risk': 1,
      'agc.anomaly.risk_level': 'critical',
      'agc.anomaly.action': 'record',
      'agc.anomaly.tool': 'upload_file',
      'agc.anomaly.details.profile': 'declared',
      'agc.anomaly.details.profileSize': 0,
    });
  });
});
