import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatStreamCodec } from '../../instrumentation/llamaindex/chat-stream-codec.js';
import type { ChatChunk, ChatStream } from '../../instrumentation/llamaindex/chat-stream-codec.js';
import { LlamaIndexInstrumentation } from '../../instrumentation/llamaindex/llamaindex-instrumentation.js';
import { expectCleanDiff } from '../helpers/replay-diff.js';
import { governedSetup } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import type { RecordedSpan } from '../helpers/recording.js';
import { assertBuilt, FIXTURES, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';

// Deterministic re-execution of the LlamaIndex.TS agent of the matrix: recorded with content
// capture, then re-run with AGC_REPLAY (strict) and a model that throws if called.

const CELL_TIMEOUT_MS = 240_000;
let policy = '';

beforeAll(() => {
  assertBuilt();
  policy = writePolicies().app;
});

/**
 * Runs the fixture APP under PRELOAD, recording to a directory of its own (`runCell` reads its
 * spans from another one); returns the run, its recording files and their spans.
 */
async function cell(
  app: string,
  preload: Preload,
  env: Record<string, string>,
): Promise<{ run: CellRun; files: string[]; spans: RecordedSpan[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-replay-llamaindex-'));
  const run = await runCell(join(FIXTURES, 'llamaindex', app), preload, {
    AGC_POLICY: policy,
    AGC_RECORD_DIR: dir,
    ...env,
  });
  return { run, files: recordingFiles(dir), spans: readRecordedSpans(dir) };
}

describe('LlamaIndex.TS deterministic re-execution', () => {
  it.each([
    ['app.cjs', 'require'],
    ['app.mjs', 'import'],
  ] as const)(
    '%s --%s: model responses and tool results served, same output, same tool calls',
    async (app, preload) => {
      const original = await cell(app, preload, { AGC_CAPTURE_CONTENT: 'true' });
      expect(original.run.code, original.run.stderr).toBe(0);
      const replay = await cell(app, preload, {
        AGC_REPLAY: original.files.join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
      });
      expect(replay.run.code, replay.run.stderr).toBe(0);

      const { ran, runSpan: _runSpan, ...rest } = original.run.output ?? {};
      expect(ran).toEqual(['web_search']);
      expect(replay.run.output).toEqual({ ...rest, ran: [], runSpan: expect.any(String) });

      const chats = replay.spans.filter((s) => s.name === 'chat scripted');
      expect(chats).toHaveLength(2);
      for (const chat of chats) {
        expect(chat.attributes).toMatchObject({
          'agc.replay.served': true,
          'gen_ai.operation.name': 'chat',
          'gen_ai.agent.name': 'researcher',
        });
      }
      const tools = replay.spans.filter((s) => s.name.startsWith('execute_tool '));
      expect(tools.map((s) => [s.name, s.attributes['agc.policy.decision']])).toEqual([
        ['execute_tool web_search', 'allow'],
        ['execute_tool send_email', 'deny'],
      ]);
      expect(tools[0]?.attributes['agc.replay.served']).toBe(true);

      // The denied send_email's arguments come from the served, redacted model response (the
      // e-mail address): against a re-run the diff compares replay keys, so it is the same call.
      await expectCleanDiff(original.files, replay.files);
    },
    CELL_TIMEOUT_MS,
  );

  it(
    'multi-agent: a replayed handOff still hands off to the next agent',
    async () => {
      const original = await cell('handoff.cjs', 'require', { AGC_CAPTURE_CONTENT: 'true' });
      expect(original.run.code, original.run.stderr).toBe(0);
      expect(original.run.output).toEqual({ final: 'written', agent: 'writer' });
      const replay = await cell('handoff.cjs', 'require', {
        AGC_REPLAY: original.files.join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
      });
      expect(replay.run.code, replay.run.stderr).toBe(0);
      expect(replay.run.output).toEqual(original.run.output);
      const served = replay.spans.filter((s) => s.attributes['agc.replay.served'] === true);
      expect(served.map((s) => s.name).sort()).toEqual([
        'chat scripted-researcher',
        'chat scripted-writer',
        'execute_tool handOff',
      ]);
      await expectCleanDiff(original.files, replay.files);
    },
    CELL_TIMEOUT_MS,
  );

  it(
    'strict: another prompt diverges at the first model call',
    async () => {
      const original = await cell('app.cjs', 'require', { AGC_CAPTURE_CONTENT: 'true' });
      expect(original.run.code, original.run.stderr).toBe(0);
      const replay = await cell('app.cjs', 'require', {
        AGC_REPLAY: original.files.join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
        AGC_TEST_PROMPT: 'search, then mail the intern',
      });
      // LlamaIndex's workflow does not hand a failed step to run(): the process ends with it.
      expect(replay.run.code).not.toBe(0);
      expect(replay.run.stderr).toMatch(
        /ReplayDivergenceError: replay diverged at step 0: the agent called model 'scripted' \(sha256:.*\), the recording called model 'scripted' with other messages/,
      );
      expect(replay.run.stderr).not.toContain('the model is offline');
    },
    CELL_TIMEOUT_MS,
  );
});

describe('LlamaIndex.TS chat stream codec', () => {
  async function collect(stream: ChatStream): Promise<ChatChunk[]> {
    const chunks: ChatChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  async function* provider(): AsyncGenerator<ChatChunk> {
    yield { raw: { id: 1 }, delta: 'Let me ' };
    yield { raw: { id: 2 }, delta: 'look.' };
    const toolCall = [{ name: 'web_search', input: { query: 'otel' }, id: 'call_1' }];
    yield { raw: { id: 3 }, delta: '', options: { toolCall } };
    yield { raw: { id: 4 }, delta: 'ok' };
  }

  it('passes every chunk through, records joined text and tool calls, serves them back', async () => {
    const teed = chatStreamCodec.tee?.(provider());
    if (teed === undefined) throw new Error('no tee');
    const seen = await collect(teed.response);
    expect(seen.map((c) => c.raw)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    const recorded = await teed.recorded;
    const toolCall = [{ name: 'web_search', input: { query: 'otel' }, id: 'call_1' }];
    expect(recorded).toEqual({
      chunks: [{ delta: 'Let me look.' }, { delta: '', options: { toolCall } }, { delta: 'ok' }],
    });
    const served = await collect(chatStreamCodec.decode(JSON.parse(JSON.stringify(recorded))));
    expect(served).toEqual([
      { raw: null, delta: 'Let me look.' },
      { raw: null, delta: '', options: { toolCall } },
      { raw: null, delta: 'ok' },
    ]);
  });

  it('a failing stream fails its record; a recording of another shape is refused', async () => {
    async function* failing(): AsyncGenerator<ChatChunk> {
      yield { raw: null, delta: 'a' };
      throw new Error('connection reset');
    }
    const teed = chatStreamCodec.tee?.(failing());
    if (teed === undefined) throw new Error('no tee');
    await expect(collect(teed.response)).rejects.toThrow('connection reset');
    await expect(teed.recorded).rejects.toThrow('connection reset');
    expect(() => chatStreamCodec.decode({ text: 'hi' })).toThrow(TypeError);
  });
});

describe('LlamaIndex.TS FunctionAgent.takeStep patch', () => {
  let setup: GovernedSetup | undefined;
  let instrumentation: LlamaIndexInstrumentation | undefined;
  afterEach(async () => {
    instrumentation?.disable();
    instrumentation = undefined;
    await setup?.close();
    setup = undefined;
  });

  async function agentStep(freezeLlm: boolean) {
    const workflow = await import('@llamaindex/workflow');
    const { ToolCallLLM } = await import('@llamaindex/core/llms');
    instrumentation = new LlamaIndexInstrumentation();
    for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.(workflow);
    class OneLineLLM extends ToolCallLLM {
      supportToolCall = true;
      metadata = {
        model: 'one-line',
        temperature: 0,
        topP: 1,
        contextWindow: 8192,
        tokenizer: undefined,
        structuredOutput: false,
      };
      override async chat(): Promise<never> {
        return (async function* () {
          yield { raw: null, delta: 'hello' };
        })() as never;
      }
    }
    const llm = new OneLineLLM();
    const agent = new workflow.FunctionAgent({ name: 'greeter', llm, tools: [] });
    if (freezeLlm) Object.defineProperty(agent, 'llm', { writable: false, configurable: false });
    const state = { scratchpad: [] } as never;
    const ctx = { sendEvent: () => undefined } as never;
    const output = await agent.takeStep(ctx, state, [{ role: 'user', content: 'hi' }], []);
    return { agent, llm, output };
  }

  it('records the chat of a step and gives the agent its own LLM back', async () => {
    setup = governedSetup({ governor: { captureContent: true } });
    const { agent, llm, output } = await agentStep(false);
    expect(output.response).toEqual({ role: 'assistant', content: 'hello' });
    expect(agent.llm).toBe(llm);
    expect(Object.getOwnPropertyDescriptor(agent, 'llm')).toMatchObject({ writable: true });
    await new Promise((resolve) => setImmediate(resolve));
    const chat = setup.exporter.getFinishedSpans().find((s) => s.name === 'chat one-line');
    expect(chat?.attributes).toMatchObject({
      'gen_ai.agent.name': 'greeter',
      'agc.replay.response': '{"chunks":[{"delta":"hello"}]}',
    });
  });

  it('fails open: an agent whose LLM cannot be lent runs its step unrecorded', async () => {
    setup = governedSetup({ governor: { captureContent: true } });
    const { agent, llm, output } = await agentStep(true);
    expect(output.response).toEqual({ role: 'assistant', content: 'hello' });
    expect(agent.llm).toBe(llm);
    expect(setup.exporter.getFinishedSpans().filter((s) => s.name.startsWith('chat'))).toEqual([]);
  });
});
