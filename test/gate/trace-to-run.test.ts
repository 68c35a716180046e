import { describe, expect, it } from 'vitest';
import { ArmAccumulator, DEFAULT_GATE_CONFIG, sloBurn, traceToRun } from '../../gate/index.js';
import type { ToolCallEvent } from '../../conventions/index.js';
import type { RecordedSpan, RecordedTrace } from '../../replay/index.js';
import { loadGateSlos } from '../../gate/index.js';

function span(
  id: string,
  parent: string | undefined,
  start: number,
  end: number,
  attributes: Record<string, unknown> = {},
): RecordedSpan {
  return {
    traceId: 't1',
    spanId: id,
    ...(parent !== undefined && { parentSpanId: parent }),
    name: id,
    kind: 1,
    startMs: start,
    endMs: end,
    durationMs: end - start,
    status: { code: 0 },
    attributes: attributes as RecordedSpan['attributes'],
    events: [],
    origin: { file: 'f', line: 1 },
  };
}
const trace = (spans: RecordedSpan[]): RecordedTrace => ({ traceId: 't1', spans, complete: true });
const usage = (input: number, output: number, cost?: number) => ({
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
  ...(cost !== undefined && { 'agc.usage.cost_usd': cost }),
});
const tool = (name: string) => ({
  'gen_ai.operation.name': 'execute_tool',
  'gen_ai.tool.name': name,
});

describe('traceToRun', () => {
  it('duration is the root span; tokens and cost sum the spans that report them', () => {
    const run = traceToRun(
      trace([
        span('root', undefined, 0, 1000, { 'gen_ai.operation.name': 'invoke_agent' }),
        span('m1', 'root', 10, 200, usage(100, 20, 0.01)),
        span('m2', 'root', 300, 500, usage(50, 5, 0.02)),
        span('t1', 'root', 600, 700, tool('search')),
      ]),
    );
    expect(run?.run).toEqual({ durationMs: 1000, tokens: 175, costUsd: 0.03 });
    expect(run?.steps.map((s) => s.tool)).toEqual(['search']);
  });

  it('a parent carrying its children total is not counted twice', () => {
    const run = traceToRun(
      trace([
        span('root', undefined, 0, 1000, usage(150, 25)),
        span('m1', 'root', 10, 200, usage(100, 20)),
        span('m2', 'root', 300, 500, usage(50, 5)),
        span('other', 'root', 600, 700, usage(7, 0)),
      ]),
    );
    expect(run?.run.tokens).toBe(182);
  });

  it('without a single root: first start to last end', () => {
    const run = traceToRun(
      trace([span('a', 'gone', 100, 300, tool('x')), span('b', 'gone', 250, 900, tool('y'))]),
    );
    expect(run?.run.durationMs).toBe(800);
    expect(run?.run.tokens).toBeUndefined();
  });

  it('traces with nothing of an agent are not runs', () => {
    expect(
      traceToRun(trace([span('http', undefined, 0, 5, { 'http.method': 'GET' })])),
    ).toBeUndefined();
  });
});

describe('ArmAccumulator', () => {
  const call = (over: Partial<ToolCallEvent>): ToolCallEvent => ({
    timeMs: 1_000,
    agentId: 'a',
    tool: 't',
    decision: 'allow',
    source: 'policy',
    blocked: false,
    error: false,
    durationMs: 10,
    ...over,
  });

  it('counts rates over the right denominators', () => {
    const arm = new ArmAccumulator('x');
    arm.observeCall(call({ error: true }));
    arm.observeCall(call({}), { anomalies: 2 });
    arm.observeCall(call({ decision: 'deny', source: 'policy', blocked: true }));
    arm.observeCall(call({ decision: 'deny', source: 'quarantine', blocked: true }));
    arm.observeCall(call({ decision: 'deny', source: 'rate_limit', blocked: true }));
    arm.observeRun({ durationMs: 100, tokens: 5 });
    const m = arm.measurements(DEFAULT_GATE_CONFIG, []).measurements;
    expect(m.get('tool_error_rate')).toEqual({ kind: 'rate', events: 1, trials: 2 });
    expect(m.get('policy_deny_rate')).toEqual({ kind: 'rate', events: 2, trials: 5 });
    expect(m.get('quarantine_rate')).toEqual({ kind: 'rate', events: 1, trials: 5 });
    expect(m.get('anomaly_rate')).toEqual({ kind: 'rate', events: 1, trials: 5 });
    expect(m.get('tool_latency')).toEqual({ kind: 'samples', values: [10, 10] });
    expect(m.get('run_tokens')).toEqual({ kind: 'samples', values: [5] });
    expect(m.get('run_cost')).toEqual({ kind: 'samples', values: [] });
    expect(m.get('slo_burn')).toEqual({ kind: 'slo', findings: [] });
    expect(arm.runs).toBe(1);
    expect(arm.calls).toBe(5);
  });

  it('replayed outcomes do not count as latency; all replayed = unavailable', () => {
    const arm = new ArmAccumulator('shadow');
    arm.observeCall(call({ durationMs: 0.1 }), { replayed: true });
    expect(arm.measurements(DEFAULT_GATE_CONFIG, []).measurements.get('tool_latency')).toEqual({
      kind: 'unavailable',
      reason: 'tool outcomes were served from a recording',
    });
    arm.observeCall(call({ durationMs: 40 }));
    expect(arm.measurements(DEFAULT_GATE_CONFIG, []).measurements.get('tool_latency')).toEqual({
      kind: 'samples',
      values: [40],
    });
  });
});

describe('sloBurn', () => {
  const slos = loadGateSlos([]);
  const events = (n: number, errorEvery: number): ToolCallEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      timeMs: 1_700_000_000_000 + i * 1000,
      agentId: 'a',
      tool: 't',
      decision: 'allow',
      source: 'policy',
      blocked: false,
      error: i % errorEvery === 0,
      durationMs: 5,
    }));

  it('pages when the calls alone burn past a page tier at the last event', () => {
    // 10 % errors against a 99 % objective: burn 10 > 6 on 6h/30m with 300 events >= 50.
    const [finding] = sloBurn(slos, events(300, 10)).findings;
    expect(finding).toEqual({ slo: 'gate-tool-success', paging: true, events: 300, burnRate: 10 });
  });

  it('does not page at 2 % errors, nor before the minimum-events guard', () => {
    expect(sloBurn(slos, events(300, 50)).findings[0]?.paging).toBe(false);
    // 1 error in 10 calls is a 10 % ratio, but 10 < 50 events.
    expect(sloBurn(slos, events(10, 10)).findings[0]?.paging).toBe(false);
  });

  it('order of the input does not matter', () => {
    const e = events(300, 10);
    expect(sloBurn(slos, [...e].reverse())).toEqual(sloBurn(slos, e));
  });
});
