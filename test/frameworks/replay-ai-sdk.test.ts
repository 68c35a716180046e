import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanDiff } from '../helpers/replay-diff.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import type { RecordedSpan } from '../helpers/recording.js';
import { assertBuilt, FIXTURES, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';

// Deterministic re-execution of a real AI SDK agent: the matrix scenario (ToolLoopAgent with a
// deny of send_email, a plain generateText, and a streamed ToolLoopAgent run) is recorded with
// content capture, then re-run with AGC_REPLAY while its scripted models throw if called. The
// re-run must give the same output without running a tool body or calling a model.

const TIMEOUT_MS = 240_000;
const MODEL = 'mock-model-id';

let policy: string;
beforeAll(() => {
  assertBuilt();
  policy = writePolicies().app;
});

interface Run {
  readonly dir: string;
  readonly run: CellRun;
  readonly spans: RecordedSpan[];
}

/** Runs the fixture APP under PRELOAD with ENV, recording to a directory of our own. */
async function runApp(app: string, preload: Preload, env: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-replay-ai-sdk-'));
  const run = await runCell(join(FIXTURES, 'ai-sdk', app), preload, {
    AGC_POLICY: policy,
    AGC_TEST_STREAM: '1',
    ...env,
    AGC_RECORD_DIR: dir,
  });
  return { dir, run, spans: readRecordedSpans(dir) };
}

function record(app: string, preload: Preload): Promise<Run> {
  return runApp(app, preload, { AGC_CAPTURE_CONTENT: 'true' });
}

function replay(original: Run, app: string, preload: Preload, env: Record<string, string> = {}) {
  return runApp(app, preload, {
    AGC_REPLAY: recordingFiles(original.dir).join(','),
    AGC_TEST_MODEL_OFFLINE: '1',
    ...env,
  });
}

function expectExit0({ run }: Run): Record<string, unknown> {
  expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
  expect(run.output, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBeDefined();
  return run.output as Record<string, unknown>;
}

const named = (spans: RecordedSpan[], prefix: string) =>
  spans.filter((span) => span.name.startsWith(prefix));

describe.each([
  ['app.cjs', 'require'],
  ['app.mjs', 'import'],
] as const)('AI SDK replay, %s --%s', (app, preload) => {
  it(
    'serves model responses (generate and stream) and tool outcomes: same output, nothing runs, the diff aligns every call',
    async () => {
      const original = await record(app, preload);
      const recorded = expectExit0(original);
      expect(recorded.ran).toEqual(['web_search', 'web_search', 'web_search']);
      // 2 ToolLoopAgent steps, 2 generateText steps, 2 streamed steps.
      expect(named(original.spans, `chat ${MODEL}`)).toHaveLength(6);
      // Usage on every chat span, streamed ones too (read from the stream's finish part).
      for (const chat of named(original.spans, `chat ${MODEL}`)) {
        expect(chat.attributes['gen_ai.usage.input_tokens']).toBeTypeOf('number');
        expect(chat.attributes['gen_ai.usage.output_tokens']).toBeTypeOf('number');
      }

      const rerun = await replay(original, app, preload);
      const replayed = expectExit0(rerun);
      expect(replayed.ran).toEqual([]);
      expect({ ...replayed, ran: [] }).toEqual({ ...recorded, ran: [] });

      const chats = named(rerun.spans, `chat ${MODEL}`);
      expect(chats).toHaveLength(6);
      for (const chat of chats) expect(chat.attributes['agc.replay.served']).toBe(true);
      const tools = named(rerun.spans, 'execute_tool');
      const allowed = tools.filter((span) => span.attributes['agc.policy.decision'] !== 'deny');
      expect(allowed.map((span) => span.name)).toEqual(Array(3).fill('execute_tool web_search'));
      for (const tool of allowed) expect(tool.attributes['agc.replay.served']).toBe(true);
      // The deny is decided again by the policy, not served.
      expect(tools.filter((span) => span.name === 'execute_tool send_email')).toHaveLength(1);

      // The denied send_email's arguments come from the recorded, redacted model response ("to"
      // is an e-mail address): its raw hash differs, its replay key does not, and against a
      // re-run the diff compares replay keys.
      await expectCleanDiff(recordingFiles(original.dir), recordingFiles(rerun.dir), 4);
    },
    TIMEOUT_MS,
  );
});

describe('AI SDK replay, strict divergence', () => {
  it(
    'a different prompt fails the run with ReplayDivergenceError naming the model call',
    async () => {
      const original = await record('app.cjs', 'require');
      expectExit0(original);
      const rerun = await replay(original, 'app.cjs', 'require', {
        AGC_TEST_PROMPT: 'search, then mail everyone',
      });
      expect(rerun.run.code).toBe(1);
      expect(rerun.run.stderr).toMatch(/ReplayDivergenceError/);
      expect(rerun.run.stderr).toMatch(
        new RegExp(`replay diverged at step 0: the agent called model '${MODEL}'`),
      );
      expect(rerun.run.stderr).not.toMatch(/network is off/);
    },
    TIMEOUT_MS,
  );
});
