import { describe, expect, it } from 'vitest';
import type { ToolCallEvent } from '../../conventions/index.js';
import { parseSloSpecs } from '../../slo/load-slo-spec.js';
import { SloMonitor } from '../../slo/slo-monitor.js';
import { MINUTE, spread, toolCall } from './support/events.js';
import { nativeSpec } from './support/specs.js';

const SEARCH = nativeSpec(
  'search-success',
  `objective: 99
sli: { kind: tool_success }
selector: { tools: [search] }
alerting: { minEvents: 10 }
circuit: { enabled: true, coolDown: 1m, probes: 2 }`,
);
const ALL = nativeSpec('all-success', 'objective: 99\nsli: { kind: tool_success }');

/** The runtime loop in miniature: ask the circuit, run (or deny) the call, observe the result. */
function call(monitor: SloMonitor, event: ToolCallEvent): ToolCallEvent {
  const denial = monitor.circuitFor(event.agentId, event.tool, event.timeMs);
  const observed = denial
    ? {
        ...event,
        decision: 'deny' as const,
        source: 'circuit' as const,
        blocked: true,
        error: false,
      }
    : event;
  monitor.observe(observed);
  return observed;
}

describe('SloMonitor', () => {
  it('reports alert transitions once, at the evaluation that sees them', () => {
    const monitor = new SloMonitor([ALL]);
    for (const e of spread(0, 5 * MINUTE, 50, 50)) monitor.observe(e);
    const first = monitor.evaluate(5 * MINUTE);
    expect(first.statuses[0]?.alert).toBe('page');
    expect(first.transitions).toEqual([
      expect.objectContaining({
        type: 'alert',
        slo: 'all-success',
        from: 'ok',
        to: 'page',
        atMs: 5 * MINUTE,
      }),
    ]);
    expect(monitor.evaluate(5 * MINUTE).transitions).toEqual([]);
    const later = monitor.evaluate(2 * 24 * 60 * MINUTE);
    expect(later.transitions).toEqual([expect.objectContaining({ from: 'page', to: 'ok' })]);
  });

  it('keeps PromQL SLOs out of the calculators', () => {
    const specs = parseSloSpecs(`version: prometheus/v1
service: svc
slos:
  - name: ratio
    objective: 99
    sli: { raw: { error_ratio_query: 'x[{{.window}}]' } }
    alerting: { name: A }
`);
    const monitor = new SloMonitor([ALL, ...specs]);
    expect(monitor.calculators.map((c) => c.spec.name)).toEqual(['all-success']);
    expect(monitor.promQlOnly).toEqual(['svc-ratio']);
  });

  it('a paging burn opens the circuit of the tool only; the circuit denies, then probes and closes', () => {
    const monitor = new SloMonitor([SEARCH]);
    let t = 0;
    // Search fails every call: after 10 events (minEvents) the page tier fires and trips it.
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      t += 1000;
      const e = call(monitor, toolCall(t, { error: true }));
      results.push(e.blocked ? 'denied' : 'ran');
    }
    expect(results).toEqual([...Array<string>(10).fill('ran'), 'denied', 'denied']);
    expect(monitor.circuitState('search-success')).toBe('open');
    // Other tools and the same agent are not affected.
    expect(monitor.circuitFor('agent-a', 'db.query', t)).toBeUndefined();
    expect(monitor.circuitFor('agent-a', 'search', t)).toMatchObject({
      slo: 'search-success',
      state: 'open',
    });
    // After the cool-down two probes run; both succeed: closed.
    t = 10_000 + 60_000;
    expect(call(monitor, toolCall(t)).blocked).toBe(false);
    expect(monitor.circuitState('search-success')).toBe('half_open');
    expect(call(monitor, toolCall(t + 1)).blocked).toBe(false);
    expect(monitor.circuitState('search-success')).toBe('closed');
    // The SLO still pages on the old errors, but a closed circuit only trips on a fresh error.
    const middle = monitor.evaluate(t + 2);
    expect(middle.statuses[0]?.alert).toBe('page');
    expect(call(monitor, toolCall(t + 3)).blocked).toBe(false);
    expect(monitor.circuitState('search-success')).toBe('closed');
    call(monitor, toolCall(t + 4, { error: true }));
    expect(monitor.circuitState('search-success')).toBe('open');
    const transitions = [...middle.transitions, ...monitor.evaluate(t + 5).transitions].filter(
      (x) => x.type === 'circuit',
    );
    expect(transitions.map((x) => `${x.from}->${x.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
      'closed->open',
    ]);
  });

  it('a failing probe re-opens the circuit', () => {
    const monitor = new SloMonitor([SEARCH]);
    for (let i = 1; i <= 10; i++) call(monitor, toolCall(i * 1000, { error: true }));
    expect(monitor.circuitState('search-success')).toBe('open');
    call(monitor, toolCall(70_000, { error: true }));
    expect(monitor.circuitState('search-success')).toBe('open');
    expect(monitor.circuitFor('agent-a', 'search', 70_001)?.retryAtMs).toBe(130_000);
  });

  it('cascade: callers of a failing tool get fast denials instead of piling onto it', () => {
    const monitor = new SloMonitor([SEARCH, ALL]);
    let ran = 0;
    let denied = 0;
    for (let i = 1; i <= 600; i++) {
      // 3 agents call search every 100 ms for a minute while search is down.
      const e = call(monitor, toolCall(i * 100, { agentId: `agent-${i % 3}`, error: true }));
      if (e.blocked) denied++;
      else ran++;
    }
    expect(ran).toBe(10);
    expect(denied).toBe(590);
    // Circuit denials are blocked calls: not tool failures, so they do not burn the
    // all-tools success SLO further.
    const all = monitor.evaluate(60_000).statuses.find((s) => s.slo === 'all-success');
    expect(all?.period).toMatchObject({ events: 10, badEvents: 10 });
  });

  it('without circuit-enabled SLOs circuitFor is always undefined', () => {
    const monitor = new SloMonitor([ALL]);
    for (const e of spread(0, MINUTE, 100, 100)) monitor.observe(e);
    expect(monitor.circuitFor('agent-a', 'search', MINUTE)).toBeUndefined();
    expect(monitor.circuitState('all-success')).toBeUndefined();
  });

  it('bounds pending transitions and counts the dropped ones', () => {
    const monitor = new SloMonitor([SEARCH], { maxPendingTransitions: 2 });
    for (let round = 0; round < 3; round++) {
      const base = round * 200_000;
      for (let i = 1; i <= 10; i++) call(monitor, toolCall(base + i * 1000, { error: true }));
      call(monitor, toolCall(base + 80_000));
      call(monitor, toolCall(base + 80_001));
    }
    // 3 rounds × (open, half-open, closed) + the alert transition = 10; the newest 2 are kept.
    const { transitions, droppedTransitions } = monitor.evaluate(700_000);
    expect(transitions.map((t) => `${t.type}:${t.to}`)).toEqual(['circuit:closed', 'alert:page']);
    expect(droppedTransitions).toBe(8);
  });
});
