import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRecordings, diffToolSteps, formatRecordingDiff } from '../../replay/index.js';
import type { ToolStep } from '../../replay/index.js';
import { T0, writeRecording } from './support/write-recording.js';
import type { CallSpec } from './support/write-recording.js';

let n = 0;
function step(tool: string, fields: Partial<ToolStep> = {}): ToolStep {
  n++;
  return {
    traceId: 't',
    spanId: `s${n}`,
    // Sequential calls: a model call (100 ms here) between two tool calls.
    startMs: n * 100,
    endMs: n * 100 + 1,
    durationMs: 1,
    agentId: 'a',
    tool,
    decision: 'allow',
    source: 'policy',
    blocked: false,
    error: false,
    anomalies: [],
    origin: { file: 'f', line: n },
    ...fields,
  };
}

describe('diffToolSteps', () => {
  it('finds no divergence between runs with the same calls (latency may differ)', () => {
    const a = [step('search', { args: '{"q":"x"}' }), step('read')];
    const b = [step('search', { args: '{"q": "x"}', durationMs: 5 }), step('read')];
    const diff = diffToolSteps(a, b);
    expect(diff.firstDivergence).toBeUndefined();
    expect(diff.counts).toEqual({ same: 2, changed: 0, removed: 0, added: 0 });
    expect(diff.steps[0]?.latencyMs).toEqual({ a: 1, b: 5, delta: 4 });
  });

  it('reports the first divergence and per-field differences of arguments, results, decisions and errors', () => {
    const a = [
      step('search', { args: '{"q":"x","n":3}', result: '["r1"]' }),
      step('read', { args: '{"path":"/a"}' }),
      step('send'),
    ];
    const b = [
      step('search', { args: '{"q":"y","n":3}', result: '["r2"]' }),
      step('read', {
        args: '{"path":"/a"}',
        decision: 'deny',
        source: 'rate_limit',
        rule: 'rl',
        blocked: true,
      }),
      step('send', { error: true, errorType: 'Timeout' }),
    ];
    const diff = diffToolSteps(a, b);
    expect(diff.counts).toEqual({ same: 0, changed: 3, removed: 0, added: 0 });
    expect(diff.firstDivergence).toEqual({
      position: 0,
      summary:
        "A #1 / B #1: 'search': arguments differ at $.q (x → y); result differ at $[0] (r1 → r2)",
    });
    expect(diff.steps[0]?.differences).toEqual([
      {
        field: 'arguments',
        a: '{"q":"x","n":3}',
        b: '{"q":"y","n":3}',
        details: [{ path: '$.q', a: 'x', b: 'y' }],
      },
      { field: 'result', a: '["r1"]', b: '["r2"]', details: [{ path: '$[0]', a: 'r1', b: 'r2' }] },
    ]);
    expect(diff.steps[1]?.differences).toEqual([
      { field: 'decision', a: 'allow/policy', b: 'deny/rate_limit rl' },
      { field: 'error', a: 'ok', b: 'blocked' },
    ]);
    expect(diff.steps[2]?.differences).toEqual([{ field: 'error', a: 'ok', b: 'error Timeout' }]);
  });

  it('parallel calls that started in another order are the same calls, a real reorder is not', () => {
    const turn = (t: number, first: string, second: string): ToolStep[] => [
      step(first, { startMs: t, argsHash: first }),
      step(second, { startMs: t + 1, argsHash: second }),
    ];
    // One model turn's two tool calls, dispatched together, started a millisecond apart in
    // another order; then a later turn.
    const a = [...turn(1000, 'web_search', 'send_email'), step('read', { startMs: 1400 })];
    const b = [...turn(5000, 'send_email', 'web_search'), step('read', { startMs: 5400 })];
    const parallel = diffToolSteps(a, b);
    expect(parallel.counts).toEqual({ same: 3, changed: 0, removed: 0, added: 0 });
    expect(parallel.firstDivergence).toBeUndefined();
    // The same swap 50 ms apart is a change of order the diff reports.
    const c = [
      step('send_email', { startMs: 9000, argsHash: 'send_email' }),
      step('web_search', { startMs: 9050, argsHash: 'web_search' }),
    ];
    const reordered = diffToolSteps(a.slice(0, 2), c);
    expect(reordered.counts).toMatchObject({ same: 1, removed: 1, added: 1 });
  });

  it('sees repeats and reorders through the alignment', () => {
    const a = [
      step('plan'),
      step('search', { args: '{"q":1}' }),
      step('search', { args: '{"q":2}' }),
      step('write'),
    ];
    const b = [
      step('plan'),
      step('search', { args: '{"q":2}' }),
      step('write'),
      step('search', { args: '{"q":1}' }),
    ];
    const diff = diffToolSteps(a, b);
    expect(diff.steps.map((s) => [s.kind, s.a, s.b])).toEqual([
      ['same', 0, 0],
      ['removed', 1, undefined],
      ['same', 2, 1],
      ['same', 3, 2],
      ['added', undefined, 3],
    ]);
    expect(diff.firstDivergence?.summary).toBe(
      `A #2 / B #-: A called 'search' with {"q":1}, B did not`,
    );
  });

  it('computes token and cost deltas and side totals exactly', () => {
    const a = [
      step('llm_tool', { inputTokens: 100, outputTokens: 20, costUsd: 0.25, durationMs: 10 }),
    ];
    const b = [
      step('llm_tool', { inputTokens: 150, outputTokens: 20, costUsd: 0.5, durationMs: 4 }),
      step('extra', { decision: 'deny', blocked: true }),
    ];
    const diff = diffToolSteps(a, b);
    expect(diff.steps[0]).toMatchObject({
      tokens: { a: 120, b: 170, delta: 50 },
      costUsd: { a: 0.25, b: 0.5, delta: 0.25 },
      latencyMs: { delta: -6 },
    });
    expect(diff.a).toEqual({
      calls: 1,
      allowed: 1,
      audited: 0,
      denied: 0,
      errors: 0,
      latencyMs: 10,
      tokens: 120,
      costUsd: 0.25,
    });
    expect(diff.b).toEqual({
      calls: 2,
      allowed: 1,
      audited: 0,
      denied: 1,
      errors: 0,
      latencyMs: 5,
      tokens: 170,
      costUsd: 0.5,
    });
  });

  it('compares arguments only when both sides recorded them, but trusts differing hashes', () => {
    expect(diffToolSteps([step('s', { args: '{"a":1}' })], [step('s')]).counts.same).toBe(1);
    const hashed = diffToolSteps(
      [step('s', { args: '{"k":"[REDACTED]"}', argsHash: 'sha256:1' })],
      [step('s', { args: '{"k":"[REDACTED]"}', argsHash: 'sha256:2' })],
    );
    expect(hashed.steps[0]?.differences).toEqual([
      { field: 'arguments', a: '{"k":"[REDACTED]"}', b: '{"k":"[REDACTED]"}' },
    ]);
  });

  it('filters both sides by agent and tool before aligning', () => {
    const a = [step('x', { agentId: 'a1' }), step('y', { agentId: 'a2' })];
    const b = [step('x', { agentId: 'a1' }), step('z', { agentId: 'a2' })];
    expect(diffToolSteps(a, b, { filter: { agents: ['a1'] } }).firstDivergence).toBeUndefined();
    expect(diffToolSteps(a, b).firstDivergence).toBeDefined();
  });
});

describe('diffRecordings', () => {
  it('diffs two recorded runs end to end and formats the result', async () => {
    const run = (last: CallSpec): string => {
      const dir = mkdtempSync(join(tmpdir(), 'agc-diff-'));
      writeRecording(dir, [
        {
          agent: { id: 'r-1', name: 'researcher', startMs: T0, durationMs: 1000 },
          calls: [
            {
              tool: 'search',
              startMs: T0 + 10,
              durationMs: 20,
              args: { q: 'otel' },
              result: ['a'],
            },
            last,
          ],
        },
      ]);
      return dir;
    };
    const a = run({ tool: 'read', startMs: T0 + 40, durationMs: 5, args: { path: '/w/a' } });
    const b = run({
      tool: 'read',
      startMs: T0 + 40,
      durationMs: 7,
      args: { path: '/etc/passwd' },
      blocked: true,
      rule: 'ws',
      reason: 'no',
    });
    const diff = await diffRecordings([a], [b]);
    expect(diff.counts).toEqual({ same: 1, changed: 1, removed: 0, added: 0 });
    expect(diff.stats.a.spans).toBe(3);
    expect(formatRecordingDiff(diff)).toBe(
      [
        'A: 2 call(s) (2 allow, 0 audit, 0 deny, 0 error(s)), 25.0 ms in tools, 0 tokens, $0.0000',
        'B: 2 call(s) (1 allow, 0 audit, 1 deny, 0 error(s)), 27.0 ms in tools, 0 tokens, $0.0000',
        'aligned: 1 same, 1 changed, 0 only in A, 0 only in B',
        "first divergence: A #2 / B #2: 'read': arguments differ at $.path (/w/a → /etc/passwd); decision allow/policy → deny/policy ws; error ok → blocked",
        '',
        '~ A #2 B #2      read  arguments $.path: /w/a → /etc/passwd; decision allow/policy → deny/policy ws; error ok → blocked; latency +2.0 ms',
        '',
      ].join('\n'),
    );
  });
});
