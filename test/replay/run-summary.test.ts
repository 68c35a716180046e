import { describe, expect, it } from 'vitest';
import { RunSummaryBuilder, buildTraceTree } from '../../replay/index.js';
import type { AttributeValue, RecordedSpan } from '../../replay/index.js';
import { span, toolAttrs, traceOf } from './support/recorded.js';

const chaos = (fault: string, kind = 'error'): Record<string, AttributeValue> => ({
  'agc.chaos.experiment': 'exp',
  'agc.chaos.fault': fault,
  'agc.chaos.kind': kind,
  'agc.chaos.delay_ms': 0,
});

function tool(
  trace: string,
  id: string,
  startMs: number,
  t: string,
  extra: Record<string, AttributeValue> = {},
  error?: string,
  parent = 'root',
): RecordedSpan {
  return span(trace, id, parent, {
    startMs,
    durationMs: 10,
    attributes: toolAttrs(t, extra),
    ...(error !== undefined && { error }),
  });
}

function root(trace: string, failed = false): RecordedSpan {
  return span(trace, 'root', undefined, {
    startMs: 0,
    durationMs: 1000,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': 'agent-1' },
    ...(failed && { error: 'gave up' }),
  });
}

describe('RunSummaryBuilder', () => {
  it('counts decisions, sources, rules, errors, usage and anomalies exactly', () => {
    const b = new RunSummaryBuilder();
    b.add(
      buildTraceTree(
        traceOf([
          root('T1'),
          span('T1', 'm', 'root', {
            startMs: 1,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.usage.input_tokens': 100,
              'gen_ai.usage.output_tokens': 20,
              'agc.usage.cost_usd': 0.01,
            },
          }),
          tool('T1', 'a', 2, 'search', {
            'gen_ai.usage.input_tokens': 5,
            'agc.usage.cost_usd': 0.5,
          }),
          tool(
            'T1',
            'b',
            3,
            'rm',
            {
              'agc.policy.decision': 'deny',
              'agc.policy.rule': 'no-rm',
              'agc.policy.id': 'p',
              'agc.policy.enforced': true,
            },
            'denied',
          ),
          tool(
            'T1',
            'c',
            4,
            'search',
            {
              'agc.policy.decision': 'deny',
              'agc.policy.source': 'rate_limit',
              'agc.policy.rule': 'rate',
              'agc.policy.id': 'p',
              'agc.policy.enforced': true,
            },
            'denied',
          ),
          tool('T1', 'd', 5, 'search', { 'agc.policy.decision': 'audit' }),
          tool('T1', 'e', 6, 'fetch', {}, 'timeout'),
        ]),
      ),
    );
    b.add(
      buildTraceTree(
        traceOf([
          tool(
            'T2',
            'f',
            7,
            'search',
            {
              'agc.policy.decision': 'deny',
              'agc.policy.source': 'quarantine',
              'agc.policy.enforced': true,
            },
            'q',
            undefined,
          ),
        ]),
      ),
    );
    const s = b.result();
    expect(s).toMatchObject({
      traces: 2,
      spans: 8,
      agentRuns: 1,
      modelCalls: 1,
      toolCalls: 6,
      decisions: { allow: 2, audit: 1, deny: 3 },
      bySource: {
        'deny/policy': 1,
        'deny/rate_limit': 1,
        'allow/policy': 2,
        'audit/policy': 1,
        'deny/quarantine': 1,
      },
      denyRules: { 'p:no-rm': 1, 'p:rate': 1, quarantine: 1 },
      blocked: 3,
      errors: 1,
      errorSpans: 4,
      inputTokens: 105,
      outputTokens: 20,
      startMs: 0,
      endMs: 1000,
    });
    expect(s.costUsd).toBeCloseTo(0.51, 12);
    expect(s.tools).toEqual([
      { tool: 'search', calls: 4, denied: 2, errors: 0, totalMs: 40 },
      { tool: 'rm', calls: 1, denied: 1, errors: 0, totalMs: 10 },
      { tool: 'fetch', calls: 1, denied: 0, errors: 1, totalMs: 10 },
    ]);
    expect(s.agents).toEqual([{ agent: 'agent-1', calls: 6 }]);
  });

  it('tallies anomalies by detector and quarantines', () => {
    const b = new RunSummaryBuilder();
    const event = (detector: string, action: string) => ({
      name: 'agc.anomaly',
      timeMs: 1,
      attributes: {
        'agc.anomaly.detector': detector,
        'agc.anomaly.score': 0.8,
        'agc.anomaly.action': action,
      },
    });
    b.add(
      buildTraceTree(
        traceOf([
          span('T', 'x', undefined, {
            attributes: toolAttrs('a'),
            events: [event('frequency', 'record'), event('entropy', 'quarantine')],
          }),
          span('T', 'y', undefined, {
            attributes: toolAttrs('a'),
            events: [event('frequency', 'record')],
          }),
        ]),
      ),
    );
    expect(b.result().anomalies).toEqual({
      total: 3,
      byDetector: { frequency: 2, entropy: 1 },
      quarantines: 1,
    });
  });

  it('sees how the agent coped with chaos: recovery by a later successful retry, failed runs', () => {
    const b = new RunSummaryBuilder();
    // Run 1: the fault fails a search; the agent retries in the same run and succeeds.
    b.add(
      buildTraceTree(
        traceOf([
          root('R1'),
          tool('R1', 'a', 1, 'search', chaos('down'), 'upstream 503'),
          tool('R1', 'b', 2, 'search'),
        ]),
      ),
    );
    // Run 2: fails twice, the run gives up (root error).
    b.add(
      buildTraceTree(
        traceOf([
          root('R2', true),
          tool('R2', 'a', 1, 'search', chaos('down'), '503'),
          tool('R2', 'b', 2, 'search', chaos('down'), '503'),
        ]),
      ),
    );
    // Run 3: a later turn succeeds with search: both pending failures count as recovered.
    b.add(buildTraceTree(traceOf([root('R3'), tool('R3', 'a', 1, 'search')])));
    // A latency fault that did not fail the call.
    b.add(
      buildTraceTree(traceOf([root('R4'), tool('R4', 'a', 1, 'fetch', chaos('slow', 'latency'))])),
    );
    expect(b.result().chaos).toEqual([
      {
        experiment: 'exp',
        fault: 'down',
        kind: 'error',
        injected: 3,
        failedCalls: 3,
        recovered: 3,
        failedRuns: 1,
      },
      {
        experiment: 'exp',
        fault: 'slow',
        kind: 'latency',
        injected: 1,
        failedCalls: 0,
        recovered: 0,
        failedRuns: 0,
      },
    ]);
  });

  it('caps distinct tools at 1000, counting the rest under (other)', () => {
    const b = new RunSummaryBuilder();
    const spans = Array.from({ length: 1002 }, (_, i) =>
      span('T', `s${i}`, undefined, { attributes: toolAttrs(`tool-${i}`) }),
    );
    b.add(buildTraceTree(traceOf(spans)));
    const tools = b.result().tools;
    expect(tools).toHaveLength(1001);
    expect(tools.find((t) => t.tool === '(other)')?.calls).toBe(2);
  });
});
