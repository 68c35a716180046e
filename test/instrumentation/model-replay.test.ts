import { afterEach, describe, expect, it } from 'vitest';
import { govern, recordModelCall, withAgent } from '../../instrumentation/index.js';
import { ReplayDivergenceError } from '../../recording/index.js';
import { renderRunTree, showRecording } from '../../replay/index.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import { RecordingRuntime } from '../helpers/recording-runtime.js';
import { expectCleanDiff } from '../helpers/replay-diff.js';

const recording = new RecordingRuntime();
afterEach(() => recording.reset());

interface Reply {
  text?: string;
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  usage: { input: number; output: number };
}
type Message = { role: string; content: string };

/**
 * A hand-written agent loop over a scripted "remote" model: the model asks for a tool with a
 * secret in its arguments, the tool answers with a secret, the model answers with the result.
 * Counts model requests and tool runs (the side effects a re-run must not repeat).
 */
function makeAgent(offline = false) {
  const counts = { model: 0, tool: 0 };
  const remoteModel = async (messages: readonly Message[]): Promise<Reply> => {
    if (offline) throw new Error('network is off: the model was called');
    counts.model++;
    const last = messages.at(-1)?.content ?? '';
    return messages.length === 1
      ? {
          toolCalls: [
            { name: 'lookup', args: { q: last, api_key: 'sk-live-0123456789abcdefghij' } },
          ],
          usage: { input: 12, output: 5 },
        }
      : { text: `answer: ${last}`, usage: { input: 30, output: 9 } };
  };
  const chat = (messages: readonly Message[]): Promise<Reply> =>
    recordModelCall(
      () => ({ model: 'scripted-1', provider: 'test', request: messages }),
      () => remoteModel(messages),
      {
        decode: (recorded) => recorded as Reply,
        usage: (r) => ({ inputTokens: r.usage.input, outputTokens: r.usage.output }),
      },
    );
  const lookup = async (args: Record<string, unknown>): Promise<string> => {
    counts.tool++;
    return `found ${String(args.q)} for Bearer abcdefgh12345678 (${counts.tool})`;
  };
  const run = (question: string): Promise<string> =>
    withAgent({ id: 'agent-1' }, async () => {
      const messages: Message[] = [{ role: 'user', content: question }];
      for (let turn = 0; turn < 4; turn++) {
        const reply = await chat(messages);
        if (reply.toolCalls === undefined) return reply.text ?? '';
        for (const call of reply.toolCalls) {
          const result = await govern({ tool: call.name, args: call.args }, () =>
            lookup(call.args),
          );
          messages.push({ role: 'tool', content: result });
        }
      }
      return 'gave up';
    });
  return { run, counts };
}

describe('model calls in deterministic re-execution', () => {
  it('records responses and serves them back: no model request, no tool run, a clean diff', async () => {
    const live = makeAgent();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    const first = await live.run('otel');
    await recording.stop();
    expect(live.counts).toEqual({ model: 2, tool: 1 });
    expect(first).toBe('answer: found otel for Bearer abcdefgh12345678 (1)');
    const chats = readRecordedSpans(recorded).filter((s) => s.name === 'chat scripted-1');
    expect(chats).toHaveLength(2);
    expect(chats[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'scripted-1',
      'gen_ai.provider.name': 'test',
      'gen_ai.agent.id': 'agent-1',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
    });
    // The response is recorded redacted: the key in the tool arguments never reaches the file.
    expect(String(chats[0]?.attributes['agc.replay.response'])).toContain('[REDACTED]');
    expect(JSON.stringify(readRecordedSpans(recorded))).not.toContain('sk-live-0123');

    const offline = makeAgent(true);
    const replayDir = recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const second = await offline.run('otel');
    await recording.stop();
    expect(offline.counts).toEqual({ model: 0, tool: 0 });
    // What the re-run sees is the recording: redacted where the original saw a secret.
    expect(second).toBe('answer: found otel for [REDACTED] (1)');
    const served = readRecordedSpans(replayDir).filter(
      (s) => s.attributes['agc.replay.served'] === true,
    );
    expect(served.map((s) => s.name).sort()).toEqual([
      'chat scripted-1',
      'chat scripted-1',
      'execute_tool lookup',
    ]);
    // `agc replay show` of the re-run marks what was served.
    const lines: string[] = [];
    await showRecording(recordingFiles(replayDir), (tree) => {
      lines.push(renderRunTree(tree));
    });
    const shown = lines.join('\n');
    expect(shown.match(/model scripted-1 .*replayed/g)).toHaveLength(2);
    expect(shown).toMatch(/lookup .*replayed/);
    await expectCleanDiff(recordingFiles(recorded), recordingFiles(replayDir), 1);
  });

  it('strict: a different request is a divergence naming the model call', async () => {
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await makeAgent().run('otel');
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const offline = makeAgent(true);
    const error = await offline.run('something else').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    expect(error).toMatchObject({
      step: 0,
      actual: { kind: 'model', name: 'scripted-1' },
      expected: { kind: 'model', name: 'scripted-1' },
    });
    expect((error as Error).message).toMatch(
      /^replay diverged at step 0: the agent called model 'scripted-1' \(sha256:.*\), the recording called model 'scripted-1' with other messages/,
    );
    expect(offline.counts).toEqual({ model: 0, tool: 0 });
  });

  it('a response cut at the capture limit cannot be served: strict says so, record-missing calls the model', async () => {
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true', AGC_CAPTURE_MAX_CHARS: '256' });
    const live = makeAgent();
    // The first reply is about 150 characters; make the question long enough to cut it.
    await live.run('x'.repeat(300));
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const error = await makeAgent(true)
      .run('x'.repeat(300))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /the recorded response cannot be served: its recorded value was cut at the capture limit/,
    );
    await recording.stop();
    const dir = recording.start({
      AGC_REPLAY: recordingFiles(recorded).join(','),
      AGC_REPLAY_MODE: 'record-missing',
    });
    const again = makeAgent();
    await again.run('x'.repeat(300));
    await recording.stop();
    expect(again.counts.model).toBeGreaterThan(0);
    expect(
      readRecordedSpans(dir).some(
        (s) => s.name === 'chat scripted-1' && s.attributes['agc.replay.missing'] === true,
      ),
    ).toBe(true);
  });

  it('without content capture or replay, a model call makes no span', async () => {
    const dir = recording.start({});
    const agent = makeAgent();
    await agent.run('otel');
    await recording.stop();
    const spans = readRecordedSpans(dir);
    expect(spans.filter((s) => s.name.startsWith('chat'))).toHaveLength(0);
    expect(spans.filter((s) => s.name.startsWith('execute_tool'))).toHaveLength(1);
    expect(agent.counts).toEqual({ model: 2, tool: 1 });
  });
});

describe('a model call that cannot be described', () => {
  const broken = (calls: { n: number }) =>
    recordModelCall(
      () => {
        throw new TypeError('unexpected request shape');
      },
      async () => {
        calls.n++;
        return 'live answer';
      },
      { decode: (v) => v as string },
    );

  it('still runs when recording (the host never fails because of us)', async () => {
    recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    const calls = { n: 0 };
    await expect(broken(calls)).resolves.toBe('live answer');
    expect(calls.n).toBe(1);
  });

  it('fails closed in a strict re-run: no model request', async () => {
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await makeAgent().run('otel');
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const calls = { n: 0 };
    await expect(broken(calls)).rejects.toThrow(
      /cannot replay this model call: unexpected request shape/,
    );
    expect(calls.n).toBe(0);
  });
});

describe('recordings that hold a call but not its outcome', () => {
  it('a passthrough re-run records what it let through without outcome: a later strict re-run of it diverges instead of serving nothing', async () => {
    const first = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await makeAgent().run('otel');
    await recording.stop();
    // A passthrough re-run with another question: its model calls go through, unrecorded.
    const passthrough = recording.start({
      AGC_REPLAY: recordingFiles(first).join(','),
      AGC_REPLAY_MODE: 'passthrough',
    });
    await makeAgent().run('other question');
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(passthrough).join(',') });
    const offline = makeAgent(true);
    const error = await offline.run('other question').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    expect((error as Error).message).toMatch(/the recording has no more calls/);
    expect(offline.counts).toEqual({ model: 0, tool: 0 });
  });

  it('a response that could not be recorded is not served as undefined', async () => {
    const failingEncode = () =>
      recordModelCall(
        () => ({ model: 'm', request: { q: 1 } }),
        async () => ({ text: 'hi' }),
        {
          encode: () => {
            throw new Error('cannot encode');
          },
          decode: (v) => v as { text: string },
        },
      );
    const dir = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await expect(failingEncode()).resolves.toEqual({ text: 'hi' });
    await recording.stop();
    const [chat] = readRecordedSpans(dir).filter((s) => s.name === 'chat m');
    expect(chat?.attributes['agc.replay.response']).toBeUndefined();
    expect(chat?.status).not.toBe(2);
    recording.start({ AGC_REPLAY: recordingFiles(dir).join(',') });
    await expect(failingEncode()).rejects.toThrow(
      /the recorded response cannot be served: its response was not recorded/,
    );
  });
});
