import { describe, expect, it } from 'vitest';
import { SLI_BAD, SLI_GOOD, SLI_IGNORED } from '../../slo/sli-classifier.js';
import { SloCalculator } from '../../slo/slo-calculator.js';
import { DAY, HOUR, MINUTE, spread, toolCall } from './support/events.js';
import { nativeSpec } from './support/specs.js';

const SUCCESS_995 = nativeSpec(
  'tool-success',
  'objective: 99.5\nwindow: 30d\nsli: { kind: tool_success }',
);

function windowOf(status: ReturnType<SloCalculator['evaluate']>, window: string) {
  return status.windows.find((w) => w.window === window);
}

describe('SloCalculator', () => {
  it("1 bad event in 1000 at 99.5 % over 30d: burn 0.2, 80 % budget left, no alert (the incumbent's counterexample)", () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 30 * MINUTE, 1000, 1)) calculator.record(event);
    const status = calculator.evaluate(30 * MINUTE);
    expect(status.period.events).toBe(1000);
    expect(status.period.badEvents).toBe(1);
    expect(status.period.burnRate).toBeCloseTo(0.2, 12);
    expect(status.budgetRemaining).toBeCloseTo(0.8, 12);
    expect(status.burnRate).toBeCloseTo(0.2, 12);
    expect(status.alert).toBe('ok');
    // 80 % of a 30d budget at burn 0.2 lasts 0.8 × 30d / 0.2 = 120 days.
    expect(status.timeToExhaustionMs).toBeCloseTo(120 * DAY, 0);
  });

  it('pages on a full outage once the 1h window holds enough events', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 10 * MINUTE, 100, 100)) calculator.record(event);
    const status = calculator.evaluate(10 * MINUTE);
    expect(status.alert).toBe('page');
    expect(status.tiers.filter((t) => t.firing).map((t) => `${t.severity} ${t.long}`)).toEqual([
      'page 1h',
      'page 6h',
    ]);
    // The ticket tiers burn as hard but want 200 and 600 events in 1d and 3d.
    expect(status.tiers.filter((t) => t.guarded).map((t) => t.long)).toEqual(['1d', '3d']);
    expect(windowOf(status, '1h')?.burnRate).toBe(200);
    expect(status.budgetRemaining).toBe(-199);
    expect(status.timeToExhaustionMs).toBe(0);
  });

  it('the minimum-events guard: one error among 10 calls does not page', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 5 * MINUTE, 10, 1)) calculator.record(event);
    const status = calculator.evaluate(5 * MINUTE);
    // 10 % errors is 20x the budget on every window, but 10 < 42 events (ceil(3 / 0.072)).
    expect(windowOf(status, '1h')?.burnRate).toBe(20);
    expect(status.alert).toBe('ok');
    expect(status.tiers.every((t) => t.guarded && !t.firing)).toBe(true);
    expect(status.tiers.map((t) => t.minEvents)).toEqual([42, 100, 200, 600]);
  });

  it('the guard releases at exactly minEvents events', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 5 * MINUTE, 41, 5)) calculator.record(event);
    expect(calculator.evaluate(5 * MINUTE).tiers[0]?.guarded).toBe(true);
    calculator.record(toolCall(5 * MINUTE));
    const status = calculator.evaluate(5 * MINUTE);
    expect(windowOf(status, '1h')?.events).toBe(42);
    expect(status.tiers[0]?.firing).toBe(true);
    expect(status.alert).toBe('page');
  });

  it('tickets on a slow burn: 2 % errors for a day is 4x at 99.5 %', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (let hour = 0; hour < 24; hour++) {
      for (const event of spread(hour * HOUR, HOUR, 100, 2)) calculator.record(event);
    }
    const status = calculator.evaluate(DAY);
    expect(windowOf(status, '1d')?.errorRatio).toBe(0.02);
    expect(windowOf(status, '1d')?.burnRate).toBeCloseTo(4, 12);
    expect(status.alert).toBe('ticket');
    expect(status.tiers.filter((t) => t.firing).map((t) => t.long)).toEqual(['1d', '3d']);
  });

  it('stops paging when the short window recovers, before the long one does', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 20 * MINUTE, 400, 400)) calculator.record(event);
    for (const event of spread(20 * MINUTE, 10 * MINUTE, 200, 0)) calculator.record(event);
    const status = calculator.evaluate(30 * MINUTE);
    expect(windowOf(status, '1h')?.errorRatio).toBe(400 / 600);
    expect(windowOf(status, '5m')?.errorRatio).toBe(0);
    expect(status.tiers[0]?.firing).toBe(false);
    // 6h/30m still burns: the 30m window holds the outage.
    expect(status.tiers[1]?.firing).toBe(true);
  });

  it('windows slide: an hour-old outage has left the 1h window', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    for (const event of spread(0, 10 * MINUTE, 100, 100)) calculator.record(event);
    const status = calculator.evaluate(10 * MINUTE + HOUR);
    expect(windowOf(status, '1h')?.events).toBe(0);
    expect(windowOf(status, '1h')?.burnRate).toBeNaN();
    expect(windowOf(status, '6h')?.events).toBe(100);
    expect(status.tiers[0]?.firing).toBe(false);
  });

  it('the SLO period forgets events older than 30 days', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    calculator.record(toolCall(HOUR, { error: true }));
    calculator.record(toolCall(31 * DAY));
    const status = calculator.evaluate(31 * DAY);
    expect(status.period.events).toBe(1);
    expect(status.budgetRemaining).toBe(1);
    expect(status.eventsTotal).toBe(2);
    expect(status.badEventsTotal).toBe(1);
  });

  it('uses 1-minute buckets for the Google windows', () => {
    expect(new SloCalculator(SUCCESS_995).resolutionMs).toBe(MINUTE);
  });

  it('an SLO with no events: nothing burns, the whole budget is left', () => {
    const status = new SloCalculator(SUCCESS_995).evaluate(5 * DAY);
    expect(status.alert).toBe('ok');
    expect(status.budgetRemaining).toBe(1);
    expect(status.timeToExhaustionMs).toBe(Infinity);
    expect(status.windows.every((w) => w.events === 0 && Number.isNaN(w.errorRatio))).toBe(true);
  });

  it('ignores events with a non-finite time instead of corrupting the ring', () => {
    const calculator = new SloCalculator(SUCCESS_995);
    expect(calculator.record(toolCall(Number.NaN, { error: true }))).toBe(SLI_IGNORED);
    calculator.record(toolCall(MINUTE));
    expect(calculator.evaluate(MINUTE).period).toMatchObject({ events: 1, badEvents: 0 });
  });

  it('refuses PromQL SLIs', () => {
    const spec = { ...SUCCESS_995, sli: { kind: 'promql_ratio' as const, errorRatioQuery: 'x' } };
    expect(() => new SloCalculator(spec)).toThrow(/PromQL/);
  });
});

describe('SLI classification', () => {
  const cases = [
    // [sli yaml, event overrides, outcome]
    ['{ kind: tool_success }', {}, SLI_GOOD],
    ['{ kind: tool_success }', { error: true }, SLI_BAD],
    ['{ kind: tool_success }', { blocked: true, decision: 'deny' }, SLI_IGNORED],
    ['{ kind: tool_success }', { decision: 'deny', blocked: false }, SLI_GOOD],
    ['{ kind: tool_latency, thresholdMs: 500 }', { durationMs: 500 }, SLI_GOOD],
    ['{ kind: tool_latency, thresholdMs: 500 }', { durationMs: 500.001 }, SLI_BAD],
    ['{ kind: tool_latency, thresholdMs: 500 }', { durationMs: 9000, blocked: true }, SLI_IGNORED],
    ['{ kind: tool_latency, thresholdMs: 500 }', { durationMs: 10, error: true }, SLI_GOOD],
    ['{ kind: deny_ratio }', {}, SLI_GOOD],
    ['{ kind: deny_ratio }', { decision: 'deny', blocked: true }, SLI_BAD],
    ['{ kind: deny_ratio }', { decision: 'deny', source: 'circuit', blocked: true }, SLI_BAD],
    ['{ kind: deny_ratio, sources: [policy] }', { decision: 'deny', source: 'circuit' }, SLI_GOOD],
    ['{ kind: deny_ratio, sources: [policy] }', { decision: 'deny', source: 'policy' }, SLI_BAD],
    ['{ kind: deny_ratio }', { decision: 'audit' }, SLI_GOOD],
    ['{ kind: tokens_per_call, threshold: 1000 }', { tokens: 1000 }, SLI_GOOD],
    ['{ kind: tokens_per_call, threshold: 1000 }', { tokens: 1001 }, SLI_BAD],
    ['{ kind: tokens_per_call, threshold: 1000 }', {}, SLI_IGNORED],
    ['{ kind: cost_per_call, threshold: 0.05 }', { costUsd: 0.05 }, SLI_GOOD],
    ['{ kind: cost_per_call, threshold: 0.05 }', { costUsd: 0.06 }, SLI_BAD],
    ['{ kind: cost_per_call, threshold: 0.05 }', { costUsd: 0.5, blocked: true }, SLI_IGNORED],
  ] as const;
  it.each(cases)('%s with %j → %d', (sli, overrides, outcome) => {
    const calculator = new SloCalculator(nativeSpec('s', `objective: 99\nsli: ${sli}`));
    expect(calculator.record(toolCall(MINUTE, overrides))).toBe(outcome);
  });

  it.each([
    ['agents: [planner]', { agentId: 'planner' }, SLI_GOOD],
    ['agents: [planner]', { agentId: 'planner-2' }, SLI_IGNORED],
    ["agents: ['support-*']", { agentId: 'support-eu' }, SLI_GOOD],
    ["agents: ['support-*']", { agentId: 'xsupport-eu' }, SLI_IGNORED],
    ["tools: ['db.*', search]", { tool: 'db.query' }, SLI_GOOD],
    ["tools: ['db.*', search]", { tool: 'dbxquery' }, SLI_IGNORED],
    ["tools: ['db.*', search]", { tool: 'search' }, SLI_GOOD],
    ["tools: ['mcp?files']", { tool: 'mcp/files' }, SLI_GOOD],
    ['{ agents: [a], tools: [b] }', { agentId: 'a', tool: 'c' }, SLI_IGNORED],
  ] as const)('selector %s with %j → %d', (selector, overrides, outcome) => {
    const body = selector.startsWith('{') ? `selector: ${selector}` : `selector: { ${selector} }`;
    const calculator = new SloCalculator(
      nativeSpec('s', `objective: 99\nsli: { kind: tool_success }\n${body}`),
    );
    expect(calculator.record(toolCall(MINUTE, overrides))).toBe(outcome);
  });
});
