import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spanToEvent } from '../../processors/span-to-event.js';
import { readToolCallEvents, readToolSteps } from '../../replay/index.js';
import type { ToolCallEvent } from '../../conventions/index.js';
import { T0, makeSpans, writeSpans } from './support/write-recording.js';
import type { TraceSpec } from './support/write-recording.js';

const TRACES: TraceSpec[] = [
  {
    agent: { id: 'r-1', name: 'researcher', startMs: T0, durationMs: 900 },
    models: [
      { model: 'gpt-4o', startMs: T0 + 1, durationMs: 300, inputTokens: 10, outputTokens: 2 },
    ],
    calls: [
      {
        tool: 'search',
        startMs: T0 + 400,
        durationMs: 12.5,
        inputTokens: 7,
        outputTokens: 3,
        costUsd: 0.01,
      },
      {
        tool: 'rm',
        startMs: T0 + 500,
        durationMs: 0.25,
        blocked: true,
        rule: 'no-rm',
        reason: 'never',
      },
      {
        tool: 'fetch',
        startMs: T0 + 600,
        durationMs: 30,
        error: { type: 'TimeoutError', message: 'slow' },
      },
      { tool: 'audit_me', startMs: T0 + 700, decision: 'audit', source: 'rate_limit' },
    ],
  },
  { calls: [{ tool: 'anon', startMs: T0 + 2_000, agent: { id: 'solo' } }] },
];

describe('readToolCallEvents', () => {
  it('builds the same ToolCallEvents from a recording as the runtime builds from the live spans', async () => {
    const spans = makeSpans(TRACES);
    const dir = mkdtempSync(join(tmpdir(), 'agc-events-'));
    writeSpans(dir, spans, { spansPerLine: 3 });
    const live = spans
      .filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')
      .map(spanToEvent);
    const recorded: ToolCallEvent[] = [];
    for await (const event of readToolCallEvents([dir])) recorded.push(event);
    expect(recorded).toHaveLength(5);
    expect(recorded).toEqual(live);
  });

  it('reads tool steps with the decision, usage and error details the other commands need', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-steps-'));
    writeSpans(dir, makeSpans(TRACES));
    const steps = [];
    for await (const s of readToolSteps([dir])) steps.push(s);
    expect(
      steps.map((s) => [s.tool, s.decision, s.source, s.blocked, s.error, s.errorType ?? null]),
    ).toEqual([
      ['search', 'allow', 'policy', false, false, null],
      ['rm', 'deny', 'policy', true, false, 'agc.policy_denied'],
      ['fetch', 'allow', 'policy', false, true, 'TimeoutError'],
      ['audit_me', 'audit', 'rate_limit', false, false, null],
      ['anon', 'allow', 'policy', false, false, null],
    ]);
    expect(steps[0]).toMatchObject({
      agentId: 'r-1',
      agentName: 'researcher',
      inputTokens: 7,
      outputTokens: 3,
      costUsd: 0.01,
      durationMs: 12.5,
    });
    expect(steps[1]).toMatchObject({ rule: 'no-rm', reason: 'never', errorMessage: 'never' });
  });
});
