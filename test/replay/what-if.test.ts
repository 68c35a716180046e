import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../policy/index.js';
import {
  WhatIfEvaluator,
  formatWhatIf,
  readToolSteps,
  whatIf,
  whatIfRecording,
} from '../../replay/index.js';
import type { ToolStep } from '../../replay/index.js';
import { T0, writeRecording } from './support/write-recording.js';
import type { CallSpec } from './support/write-recording.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'replay');

function policy(spec: string, name = 'next'): ReturnType<typeof loadPolicy> {
  return loadPolicy(
    `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: ${name} }\nspec:\n${spec}`,
  );
}

async function* from(steps: ToolStep[]): AsyncGenerator<ToolStep> {
  yield* steps;
}

let n = 0;
function step(tool: string, startMs: number, fields: Partial<ToolStep> = {}): ToolStep {
  n++;
  return {
    traceId: 't',
    spanId: `s${n}`,
    startMs,
    endMs: startMs + 1,
    durationMs: 1,
    agentId: 'agent-1',
    tool,
    decision: 'allow',
    source: 'default',
    blocked: false,
    error: false,
    anomalies: [],
    origin: { file: 'f', line: n },
    ...fields,
  };
}

const LIMIT = policy(
  '  default: allow\n  rules:\n    - { id: two-per-10s, tools: [search], limit: { count: 2, per: 10s } }\n',
);

describe('whatIf', () => {
  it('reproduces the recorded decisions under the policy that made them (the demo recording)', async () => {
    const result = await whatIfRecording(
      [join(FIXTURES, 'demo.jsonl')],
      [join(FIXTURES, 'demo.policy.yaml')],
    );
    expect(result).toMatchObject({
      calls: 11,
      redecided: 11,
      unchanged: 11,
      allowToDeny: 0,
      denyToAllow: 0,
      otherChanges: 0,
    });
    expect(result.withoutArgs).toBe(0);
  });

  it('replays rate limits in recorded time: the same calls flip or not depending on their spacing', async () => {
    const burst = [0, 1_000, 2_000].map((t) => step('search', T0 + t));
    const spaced = [0, 6_000, 12_000].map((t) => step('search', T0 + t));
    const a = await whatIf(from(burst), LIMIT);
    const b = await whatIf(from(spaced), LIMIT);
    expect(a).toMatchObject({ allowToDeny: 1, unchanged: 2 });
    expect(a.changes[0]).toMatchObject({
      index: 2,
      timeMs: T0 + 2_000,
      direction: 'allow->deny',
      before: { decision: 'allow', source: 'default' },
      after: { decision: 'deny', source: 'rate_limit', rule: 'two-per-10s', policyId: 'next' },
    });
    expect(a.rules).toEqual([{ rule: 'next:two-per-10s', direction: 'allow->deny', count: 1 }]);
    expect(b).toMatchObject({ allowToDeny: 0, unchanged: 3 });
  });

  it('restores start order before deciding: a long call that started first gets the token', async () => {
    // Written in end order: the two short calls ended before the long one that started first.
    const oneA10s = policy(
      '  default: allow\n  rules:\n    - { id: one, tools: [search], limit: { count: 1, per: 10s } }\n',
    );
    const long = step('search', T0, { endMs: T0 + 5_000, durationMs: 5_000, spanId: 'long' });
    const s1 = step('search', T0 + 1_000, { spanId: 's1' });
    const s2 = step('search', T0 + 2_000, { spanId: 's2' });
    const result = await whatIf(from([s1, s2, long]), oneA10s);
    expect(result.changes.map((c) => c.spanId)).toEqual(['s1', 's2']);
    expect(result.outOfOrder).toBe(0);
    const tiny = await whatIf(from([s1, s2, long]), oneA10s, { window: 1 });
    expect(tiny.outOfOrder).toBe(1);
  });

  it('replays cost budgets with the recorded cost of each call', async () => {
    const budget = policy(
      '  default: allow\n  rules:\n    - { id: spend, budget: { costUsd: 1, per: 1h } }\n',
    );
    const calls = [0, 1, 2].map((i) => step('llm', T0 + i * 1000, { costUsd: 0.4 }));
    const result = await whatIf(from(calls), budget);
    expect(result.changes.map((c) => [c.index, c.direction, c.after.source])).toEqual([
      [2, 'allow->deny', 'budget'],
    ]);
  });

  it('lists deny->allow flips with the rule that no longer denies, and allow<->audit changes', async () => {
    const relaxed = policy(
      '  mode: audit\n  default: allow\n  rules:\n    - { id: no-shell, tools: [shell], decision: deny }\n',
    );
    const steps = [
      step('rm', T0, {
        decision: 'deny',
        source: 'policy',
        rule: 'no-rm',
        policyId: 'old',
        blocked: true,
      }),
      step('shell', T0 + 1, { decision: 'allow' }),
      step('shell', T0 + 2, {
        decision: 'deny',
        source: 'policy',
        rule: 'no-shell-old',
        policyId: 'old',
      }),
    ];
    const result = await whatIf(from(steps), relaxed);
    expect(
      result.changes.map((c) => [c.tool, c.direction, c.before.decision, c.after.decision]),
    ).toEqual([
      ['rm', 'deny->allow', 'deny', 'allow'],
      ['shell', 'changed', 'allow', 'audit'],
      ['shell', 'deny->allow', 'deny', 'audit'],
    ]);
    expect(result.rules).toEqual([
      { rule: 'old:no-rm', direction: 'deny->allow', count: 1 },
      { rule: 'old:no-shell-old', direction: 'deny->allow', count: 1 },
      { rule: 'next:no-shell', direction: 'changed', count: 1 },
    ]);
  });

  it('keeps quarantine and open-circuit verdicts as recorded (runtime state, not policy)', async () => {
    const denyAll = policy('  default: deny\n');
    const steps = [
      step('x', T0, { decision: 'deny', source: 'quarantine' }),
      step('y', T0 + 1, { decision: 'deny', source: 'circuit' }),
    ];
    expect(await whatIf(from(steps), denyAll)).toMatchObject({
      calls: 2,
      redecided: 0,
      kept: 2,
      unchanged: 0,
    });
  });

  it('gives conditions the recorded arguments, and counts calls recorded without them', async () => {
    const ws = policy(
      `  default: allow\n  rules:\n    - { id: ws, tools: [read], when: '!args.path.startsWith("/w/")', decision: deny }\n`,
    );
    const steps = [
      step('read', T0, { args: '{"path":"/w/a"}' }),
      step('read', T0 + 1, { args: '{"path":"/etc/x"}' }),
      step('read', T0 + 2),
    ];
    const result = await whatIf(from(steps), ws);
    expect(result.changes.map((c) => c.index)).toContain(1);
    expect(result.changes.map((c) => c.index)).not.toContain(0);
    expect(result.withoutArgs).toBe(1);
  });

  it('lists at most maxChanges changes but counts them all', async () => {
    const denyAll = policy('  default: deny\n');
    const steps = Array.from({ length: 5 }, (_, i) => step('x', T0 + i));
    const result = await whatIf(from(steps), denyAll, { maxChanges: 2 });
    expect([result.allowToDeny, result.changes.length, result.truncated]).toEqual([5, 2, true]);
  });

  it('formats flips with their rules for people', () => {
    const e = new WhatIfEvaluator(LIMIT);
    for (const t of [0, 1, 2])
      e.decide(step('search', T0 + t, { agentName: 'researcher', callId: `c${t}`, args: '{}' }));
    expect(formatWhatIf(e.result())).toBe(
      [
        '3 call(s) re-decided under the new policy: 2 unchanged, 1 allow->deny, 0 deny->allow, 0 allow<->audit',
        '',
        'responsible rules:',
        '  allow->deny      1  next:two-per-10s',
        '',
        'changes:',
        `  allow->deny ${new Date(T0 + 2).toISOString()}  researcher  search (c2): allow/default → deny/rate_limit next:two-per-10s "rate limit 'two-per-10s': 2 per 10s per agent exceeded"`,
        '',
      ].join('\n'),
    );
  });

  it('runs over written recordings with the real recorder, folders and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-whatif-'));
    const calls: CallSpec[] = [0, 1, 2, 3].map((i) => ({
      tool: 'search',
      startMs: T0 + i * 100,
      args: { q: i },
    }));
    writeRecording(dir, [{ calls }], { spansPerLine: 1 });
    const steps: ToolStep[] = [];
    for await (const s of readToolSteps([dir])) steps.push(s);
    expect(steps).toHaveLength(4);
    const result = await whatIf(from(steps), LIMIT);
    expect([result.allowToDeny, result.unchanged]).toEqual([2, 2]);
  });
});
