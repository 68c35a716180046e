import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanDiff } from '../helpers/replay-diff.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import type { RecordedSpan } from '../helpers/recording.js';
import { assertBuilt, FIXTURES, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';

// Deterministic re-execution of a real OpenAI Agents SDK run: recorded with content capture on
// (the matrix policy: web_search allowed, send_email denied), then re-run with AGC_REPLAY
// (strict) and the model made unusable. The re-run must be the original, served from the
// recording: same output, no tool body run, no model request, no divergence.

const DIR = join(FIXTURES, 'openai-agents');
const CELL_TIMEOUT_MS = 120_000;

interface Recorded {
  readonly run: CellRun;
  readonly dir: string;
  /** The spans recorded in DIR (`run.spans` reads the cell runner's own directory). */
  readonly spans: RecordedSpan[];
}

let policy: string;
beforeAll(() => {
  assertBuilt();
  policy = writePolicies().app;
});

/** Runs APP under PRELOAD with its own recording directory and ENV. */
async function cell(app: string, preload: Preload, env: Record<string, string>): Promise<Recorded> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-replay-openai-agents-'));
  const run = await runCell(join(DIR, app), preload, {
    AGC_POLICY: policy,
    AGC_RECORD_DIR: dir,
    ...env,
  });
  expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
  return { run, dir, spans: readRecordedSpans(dir) };
}

/** The app's output without what differs between any two runs (`runSpan` is a random id). */
function comparable(output: Record<string, unknown> | undefined): Record<string, unknown> {
  const { ran: _ran, runSpan: _runSpan, ...rest } = output ?? {};
  return rest;
}

function served(spans: readonly RecordedSpan[], prefix: string): RecordedSpan[] {
  return spans.filter((s) => s.name.startsWith(prefix));
}

const CASES: readonly { app: string; preload: Preload; stream: boolean }[] = [
  { app: 'app.cjs', preload: 'require', stream: false },
  { app: 'app.mjs', preload: 'import', stream: false },
  { app: 'app.mjs', preload: 'import', stream: true },
];

describe('OpenAI Agents SDK: deterministic re-execution', () => {
  it.each(CASES)(
    '$app --$preload (stream: $stream): model responses and tool outcomes served from the recording',
    async ({ app, preload, stream }) => {
      const streamEnv: Record<string, string> = stream ? { AGC_TEST_STREAM: '1' } : {};
      const original = await cell(app, preload, { AGC_CAPTURE_CONTENT: 'true', ...streamEnv });
      expect(original.run.output?.ran).toEqual(['web_search']);
      const chats = served(original.spans, 'chat ');
      expect(chats.map((s) => s.name)).toEqual(['chat ScriptedModel', 'chat ScriptedModel']);
      expect(chats.every((s) => typeof s.attributes['agc.replay.response'] === 'string')).toBe(
        true,
      );
      // Usage on the chat span, streamed too (read from response_done when the stream ends).
      expect(chats[0]?.attributes['gen_ai.usage.input_tokens']).toBe(12);
      expect(chats[0]?.attributes['gen_ai.usage.output_tokens']).toBe(5);

      const replay = await cell(app, preload, {
        AGC_REPLAY: recordingFiles(original.dir).join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
        ...streamEnv,
      });
      const output = replay.run.output;
      expect(output, `stdout:\n${replay.run.stdout}\nstderr:\n${replay.run.stderr}`).toBeDefined();
      expect(output?.ran).toEqual([]);
      expect(comparable(output)).toEqual(comparable(original.run.output));
      // The rebuilt responses carry the SDK's own Usage class (token counts survive redaction).
      expect(output?.usage).toEqual({ requests: 2, inputTokens: 12, outputTokens: 5 });
      expect(output?.usageIsClass).toEqual([true, true]);

      const spans = replay.spans;
      const replayedChats = served(spans, 'chat ');
      expect(replayedChats).toHaveLength(2);
      for (const span of replayedChats) expect(span.attributes['agc.replay.served']).toBe(true);
      const tool = served(spans, 'execute_tool web_search');
      expect(tool).toHaveLength(1);
      expect(tool[0]?.attributes['agc.replay.served']).toBe(true);
      // The deny is decided again by the policy, not served.
      expect(served(spans, 'execute_tool send_email')[0]?.attributes).toMatchObject({
        'agc.policy.decision': 'deny',
      });

      // The denied send_email's arguments come from the served, redacted model response: the
      // diff compares replay keys against a re-run, so it is the same call.
      await expectCleanDiff(recordingFiles(original.dir), recordingFiles(replay.dir), 2);
    },
    CELL_TIMEOUT_MS,
  );

  it(
    'strict: another user prompt diverges at the first model call',
    async () => {
      const original = await cell('app.cjs', 'require', { AGC_CAPTURE_CONTENT: 'true' });
      const dir = mkdtempSync(join(tmpdir(), 'agc-replay-openai-agents-'));
      const run = await runCell(join(DIR, 'app.cjs'), 'require', {
        AGC_POLICY: policy,
        AGC_RECORD_DIR: dir,
        AGC_REPLAY: recordingFiles(original.dir).join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
        AGC_TEST_PROMPT: 'search, then mail the whole company',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('ReplayDivergenceError');
      expect(run.stderr).toMatch(/the agent called model 'ScriptedModel'/);
      expect(run.stderr).not.toContain('the model is offline');
      expect(run.output?.ran).toBeUndefined();
    },
    CELL_TIMEOUT_MS,
  );
});
