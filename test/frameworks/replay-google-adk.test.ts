import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanDiff } from '../helpers/replay-diff.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import type { RecordedSpan } from '../helpers/recording.js';
import { assertBuilt, FIXTURES, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';

// Deterministic re-execution of a real Google ADK agent loop: the matrix scenario is recorded
// with content capture on, then re-run from the recording with the scripted model made
// unusable (AGC_TEST_MODEL_OFFLINE=1): model responses and tool results must come from the
// recording, and the re-run must be the same run.

const TIMEOUT_MS = 120_000;
const CASES: readonly { app: string; preload: Preload }[] = [
  { app: 'app.cjs', preload: 'require' },
  { app: 'app.mjs', preload: 'import' },
];

let policy: string;
beforeAll(() => {
  assertBuilt();
  policy = writePolicies().app;
});

interface AppRun {
  readonly run: CellRun;
  /** What the app recorded (the directory is ours: the replay needs its file names). */
  readonly spans: RecordedSpan[];
  readonly files: string[];
}

/** Runs APP under PRELOAD recording to a directory of its own. */
async function startApp(app: string, preload: Preload, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'agc-replay-adk-'));
  const run = await runCell(join(FIXTURES, 'google-adk', app), preload, {
    AGC_POLICY: policy,
    AGC_RECORD_DIR: dir,
    ...env,
  });
  return { run, spans: readRecordedSpans(dir), files: recordingFiles(dir) };
}

/** {@link startApp}, which must succeed. */
async function runApp(app: string, preload: Preload, env: Record<string, string>) {
  const result: AppRun = await startApp(app, preload, env);
  expect(result.run.code, `exit code; stderr:\n${result.run.stderr}`).toBe(0);
  return result;
}

function record(app: string, preload: Preload, env: Record<string, string> = {}) {
  return runApp(app, preload, { AGC_CAPTURE_CONTENT: 'true', ...env });
}

function replayEnv(files: string[], env: Record<string, string> = {}): Record<string, string> {
  return { AGC_REPLAY: files.join(','), AGC_TEST_MODEL_OFFLINE: '1', ...env };
}

function replay(app: string, preload: Preload, files: string[], env: Record<string, string> = {}) {
  return runApp(app, preload, replayEnv(files, env));
}

/** The app's output without what differs by design: tool bodies run, ADK's fresh session id. */
function comparable(output: Record<string, unknown> | undefined): Record<string, unknown> {
  const { ran: _ran, sessionId: _session, ...rest } = output ?? {};
  return rest;
}

function named(spans: readonly RecordedSpan[], name: string): RecordedSpan[] {
  return spans.filter((s) => s.name === name);
}

describe.each(CASES)(
  'google-adk $app --$preload: deterministic re-execution',
  ({ app, preload }) => {
    it(
      'serves model responses and tool results from the recording: same output, no tool run, no divergence',
      async () => {
        const original = await record(app, preload);
        expect(original.run.output?.ran).toEqual(['web_search']);
        const recordedChats = named(original.spans, 'chat scripted');
        expect(recordedChats).toHaveLength(2);
        expect(recordedChats[0]?.attributes).toMatchObject({
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'scripted',
          'gen_ai.agent.name': 'researcher',
        });
        // What is recorded is the generator's array of plain LlmResponse objects.
        expect(JSON.parse(String(recordedChats[1]?.attributes['agc.replay.response']))).toEqual([
          { content: { role: 'model', parts: [{ text: 'done' }] } },
        ]);

        const again = await replay(app, preload, original.files);
        expect(again.run.output?.ran).toEqual([]);
        expect(comparable(again.run.output)).toEqual(comparable(original.run.output));
        const chats = named(again.spans, 'chat scripted');
        expect(chats).toHaveLength(2);
        for (const chat of chats) expect(chat.attributes['agc.replay.served']).toBe(true);
        const [search] = named(again.spans, 'execute_tool web_search');
        expect(search?.attributes['agc.replay.served']).toBe(true);
        // The deny is enforced again, not served.
        const [email] = named(again.spans, 'execute_tool send_email');
        expect(email?.attributes).toMatchObject({
          'agc.policy.decision': 'deny',
          'agc.policy.enforced': true,
        });
        // The denied send_email's arguments come from the served, redacted model response:
        // against a re-run the diff compares replay keys, so it is the same call.
        await expectCleanDiff(original.files, again.files);
      },
      TIMEOUT_MS,
    );
  },
);

describe('google-adk replay: request keys and divergence', () => {
  it(
    "ADK's client-generated call ids (adk-<uuid>, new in every run) do not change the request key",
    async () => {
      const env = { AGC_TEST_CLIENT_IDS: '1' };
      const original = await record('app.cjs', 'require', env);
      const again = await replay('app.cjs', 'require', original.files, env);
      const ids = (run: AppRun): unknown[] =>
        named(run.spans, 'execute_tool web_search').map((s) => s.attributes['gen_ai.tool.call.id']);
      expect(ids(original)[0]).toMatch(/^adk-/);
      expect(ids(again)[0]).toMatch(/^adk-/);
      expect(ids(again)).not.toEqual(ids(original));
      expect(again.run.output?.ran).toEqual([]);
      expect(comparable(again.run.output)).toEqual(comparable(original.run.output));
      for (const chat of named(again.spans, 'chat scripted'))
        expect(chat.attributes['agc.replay.served']).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'SSE streaming: the partial responses are recorded as they pass and served as a stream again',
    async () => {
      const env = { AGC_TEST_STREAM: '1' };
      const original = await record('app.mjs', 'import', env);
      expect(original.run.output?.partials).toEqual(['do', 'ne']);
      const answer = named(original.spans, 'chat scripted')[1];
      expect(JSON.parse(String(answer?.attributes['agc.replay.response']))).toEqual([
        { content: { role: 'model', parts: [{ text: 'do' }] }, partial: true },
        { content: { role: 'model', parts: [{ text: 'ne' }] }, partial: true },
        { content: { role: 'model', parts: [{ text: 'done' }] } },
      ]);
      const again = await replay('app.mjs', 'import', original.files, env);
      expect(again.run.output?.ran).toEqual([]);
      expect(comparable(again.run.output)).toEqual(comparable(original.run.output));
    },
    TIMEOUT_MS,
  );

  it(
    'strict: another user prompt diverges at the first model call, which is not made',
    async () => {
      const original = await record('app.cjs', 'require');
      const { run, spans } = await startApp(
        'app.cjs',
        'require',
        replayEnv(original.files, { AGC_TEST_PROMPT: 'just mail the boss' }),
      );
      expect(run.code).toBe(1);
      // ADK turns the model call's error into an error event; the app fails on it.
      expect(run.stderr).toMatch(
        /replay diverged at step 0: the agent called model 'scripted' \(sha256:[^)]+\), the recording called model 'scripted' with other messages/,
      );
      expect(run.stderr).not.toMatch(/network is off/);
      const [chat] = named(spans, 'chat scripted');
      expect(chat?.attributes['error.type']).toBe('ReplayDivergenceError');
      expect(named(spans, 'execute_tool web_search')).toHaveLength(0);
    },
    TIMEOUT_MS,
  );
});
