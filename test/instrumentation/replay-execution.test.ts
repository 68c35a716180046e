import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, isPolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { loadPolicy } from '../../policy/index.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { ReplayDivergenceError } from '../../recording/index.js';
import { policyText } from '../helpers/governed-provider.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import { RecordingRuntime } from '../helpers/recording-runtime.js';

const POLICY = loadPolicy(
  policyText('  default: allow\n  rules:\n    - { id: no-rm, tools: [rm], decision: deny }\n'),
);
const recording = new RecordingRuntime();
afterEach(() => recording.reset());

/** The agent under test: side effects are counted, results depend on them. */
function makeAgent(): {
  run: (reverse?: boolean, q?: string) => Promise<unknown[]>;
  sideEffects: () => number;
} {
  let effects = 0;
  const tools = {
    lookup: async ({ q }: { q: string }) => `${q}:${++effects}`,
    flaky: async () => {
      effects++;
      throw new TypeError('flaky failed');
    },
  };
  const run = async (reverse = false, q = 'a'): Promise<unknown[]> =>
    withAgent({ id: 'agent-1' }, async () => {
      const out: unknown[] = [];
      out.push(await govern({ tool: 'lookup', args: { q } }, () => tools.lookup({ q })));
      out.push(await govern({ tool: 'lookup', args: { q: 'b' } }, () => tools.lookup({ q: 'b' })));
      out.push(
        await govern({ tool: 'flaky', args: {} }, () => tools.flaky()).catch(
          (e: Error) => `${e.name}: ${e.message}`,
        ),
      );
      try {
        await govern({ tool: 'rm', args: { path: '/' } }, async () => effects++);
      } catch (e) {
        out.push(isPolicyDeniedError(e) ? 'denied' : 'unexpected');
      }
      const parallel = [1, 2, 3].map(
        (i) => () =>
          govern({ tool: 'lookup', args: { q: `p${i}` } }, () => tools.lookup({ q: `p${i}` })),
      );
      out.push(
        ...(await Promise.all((reverse ? [...parallel].reverse() : parallel).map((f) => f()))),
      );
      return out;
    });
  return { run, sideEffects: () => effects };
}

describe('deterministic re-execution (AGC_REPLAY)', () => {
  it('serves recorded tool results and failures; tools never run; parallel order does not matter', async () => {
    const original = makeAgent();
    const recorded = recording.start(
      { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
      POLICY,
    );
    const first = await original.run();
    await recording.stop();
    expect(original.sideEffects()).toBe(6);

    const again = makeAgent();
    const replayDir = recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') }, POLICY);
    const second = await again.run(true);
    await recording.stop();
    expect(again.sideEffects()).toBe(0);
    // Reversed parallel calls: the results come back in reversed positions, each still right.
    expect(second.slice(0, 4)).toEqual(first.slice(0, 4));
    expect([...second.slice(4)].reverse()).toEqual(first.slice(4));
    expect(first[2]).toBe('TypeError: flaky failed');

    const replayed = readRecordedSpans(replayDir).filter((s) => s.name.startsWith('execute_tool'));
    expect(replayed.filter((s) => s.attributes['agc.replay.served'] === true)).toHaveLength(6);
    const original_ = readRecordedSpans(recorded).filter((s) => s.name.startsWith('execute_tool'));
    const shape = (s: (typeof replayed)[number]): unknown => [
      s.name,
      s.attributes['gen_ai.guardrail.security.content.input.hash'],
      s.attributes['gen_ai.tool.call.result'] ?? null,
      s.attributes['agc.policy.decision'],
      s.status,
    ];
    expect(replayed.map(shape).sort()).toEqual(original_.map(shape).sort());
  });

  it('strict mode: a divergence is a structured error naming the step', async () => {
    const original = makeAgent();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' }, POLICY);
    await original.run();
    await recording.stop();
    const again = makeAgent();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') }, POLICY);
    const error = await again.run(false, 'different').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    expect(error).toMatchObject({
      step: 0,
      actual: { kind: 'tool', name: 'lookup' },
      expected: { kind: 'tool', name: 'lookup' },
    });
    expect((error as Error).message).toMatch(
      /^replay diverged at step 0: the agent called 'lookup' \(sha256:.*\), the recording called 'lookup' with other arguments/,
    );
    expect(again.sideEffects()).toBe(0);
  });

  it('record-missing runs the unmatched call for real, marks and records it; passthrough does not record it', async () => {
    const original = makeAgent();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' }, POLICY);
    await original.run();
    await recording.stop();
    for (const mode of ['record-missing', 'passthrough']) {
      const again = makeAgent();
      const dir = recording.start(
        {
          AGC_REPLAY: recordingFiles(recorded).join(','),
          AGC_REPLAY_MODE: mode,
        },
        POLICY,
      );
      const out = await again.run(false, 'new');
      await recording.stop();
      expect(out[0]).toBe('new:1');
      expect(again.sideEffects()).toBe(1);
      const missing = readRecordedSpans(dir).filter(
        (s) => s.attributes['agc.replay.missing'] === true,
      );
      expect(missing).toHaveLength(1);
      // record-missing completes the recording with the real outcome; passthrough leaves it out.
      expect(missing[0]?.attributes['gen_ai.tool.call.result']).toBe(
        mode === 'record-missing' ? JSON.stringify('new:1') : undefined,
      );
      expect(missing[0]?.attributes['agc.replay.key']).toMatch(/^sha256:/);
    }
  });

  it('warns when the re-run records into the folder it replays from', async () => {
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' }, POLICY);
    await makeAgent().run();
    await recording.stop();
    const warnings: string[] = [];
    const logger = {
      warn: (message: string) => warnings.push(message),
      error: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    try {
      recording.start({ AGC_REPLAY: recorded, AGC_RECORD_DIR: recorded }, POLICY);
      await recording.stop();
      recording.start({ AGC_REPLAY: recorded }, POLICY);
    } finally {
      diag.disable();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/AGC_REPLAY reads .*, the folder this re-run records into/);
  });

  it('names a missing recording or an empty folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'agc-empty-'));
    const start = (replay: string) => () =>
      GovernanceRuntime.start({
        config: runtimeConfigFromEnv({
          AGC_REPLAY: replay,
          AGC_RECORD: 'off',
          AGC_METRICS_PORT: '0',
        }),
        register: false,
      });
    expect(start(join(empty, 'nope.jsonl'))).toThrow(
      /^AGC_REPLAY: .*nope\.jsonl: no such file or folder$/,
    );
    expect(start(empty)).toThrow(/^AGC_REPLAY: .*: folder holds no recording files \(\*\.jsonl\)$/);
  });

  it('refuses a recording made without content capture', async () => {
    const recorded = recording.start({}, POLICY);
    await makeAgent().run();
    await recording.stop();
    expect(() => runtimeConfigFromEnv({ AGC_REPLAY: 'x' })).not.toThrow();
    expect(() =>
      GovernanceRuntime.start({
        config: runtimeConfigFromEnv({
          AGC_REPLAY: recordingFiles(recorded).join(','),
          AGC_RECORD: 'off',
          AGC_METRICS_PORT: '0',
        }),
        register: false,
      }),
    ).toThrow(
      /has no replay key: record with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true/,
    );
  });
});
