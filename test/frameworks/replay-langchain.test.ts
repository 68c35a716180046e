import { join } from 'node:path';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import * as chatModels from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import * as tools from '@langchain/core/tools';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withAgent } from '../../instrumentation/index.js';
import { LangChainInstrumentation } from '../../instrumentation/langchain/langchain-instrumentation.js';
import { ReplayDivergenceError } from '../../recording/index.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import { RecordingRuntime } from '../helpers/recording-runtime.js';
import { expectCleanDiff } from '../helpers/replay-diff.js';
import { assertBuilt, FIXTURES, runCell, writePolicies } from './cell-runner.js';
import type { CellRun } from './cell-runner.js';

// Deterministic re-execution of LangChain agents: model calls (BaseChatModel._generateUncached)
// and tool results (StructuredTool.call) recorded with content capture and served back under
// AGC_REPLAY as real LangChain objects, with no model request and no tool body run.

let instrumentation: LangChainInstrumentation | undefined;
const recording = new RecordingRuntime();

afterEach(() => recording.reset());

/** Patches the ESM copy of @langchain/core the test imports, as the module hooks would. */
function instrument(): void {
  instrumentation = new LangChainInstrumentation();
  const definitions: InstrumentationModuleDefinition[] = instrumentation.getModuleDefinitions();
  for (const definition of definitions) {
    for (const file of definition.files) {
      if (file.name.endsWith('chat_models.js')) file.patch(chatModels);
      if (file.name.endsWith('tools/index.js')) file.patch(tools);
    }
  }
}

/**
 * A "remote" chat model: asks for `lookup` (with a secret in the arguments) and `fail_soft`,
 * then answers with what the tools said. Counts requests; offline, any request throws.
 */
class RemoteChatModel extends BaseChatModel {
  requests = 0;
  constructor(private readonly offline: boolean) {
    super({});
  }
  _llmType(): string {
    return 'remote';
  }
  override getLsParams() {
    return { ls_provider: 'acme', ls_model_name: 'acme-1', ls_model_type: 'chat' as const };
  }
  _generate(messages: BaseMessage[]): Promise<ChatResult> {
    if (this.offline) return Promise.reject(new Error('network is off: the model was called'));
    this.requests++;
    const tools = messages.filter((m) => m.getType() === 'tool');
    const message =
      tools.length === 0
        ? new AIMessage({
            id: `msg-${this.requests}`,
            content: '',
            tool_calls: [
              {
                id: 'call-1',
                name: 'lookup',
                args: { q: 'otel', api_key: 'sk-live-0123456789abcdefghij' },
                type: 'tool_call',
              },
              { id: 'call-2', name: 'fail_soft', args: {}, type: 'tool_call' },
            ],
            usage_metadata: { input_tokens: 12, output_tokens: 5, total_tokens: 17 },
            response_metadata: { model_name: 'acme-1-2026' },
          })
        : new AIMessage({
            id: `msg-${this.requests}`,
            content: `answer: ${tools.map((m) => m.text).join(' | ')}`,
            usage_metadata: { input_tokens: 30, output_tokens: 9, total_tokens: 39 },
            response_metadata: { model_name: 'acme-1-2026' },
          });
    return Promise.resolve({
      generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }],
      llmOutput: { tokenUsage: { promptTokens: 1, completionTokens: 1 } },
    });
  }
}

/** The agent loop by hand: the model, then each tool call through `tool.invoke(toolCall)`. */
function makeAgent(offline = false) {
  const model = new RemoteChatModel(offline);
  const ran: string[] = [];
  const lookup = tools.tool(
    ({ q }) => {
      ran.push('lookup');
      return Promise.resolve([`found ${q}`, { hits: 3 }] as [string, { hits: number }]);
    },
    {
      name: 'lookup',
      description: 'Looks it up',
      schema: z.object({ q: z.string(), api_key: z.string() }),
      responseFormat: 'content_and_artifact',
    },
  );
  // A tool that answers with its own error ToolMessage (a soft failure).
  const failSoft = tools.tool(
    (_input: Record<string, never>, config: { toolCall?: { id?: string } }) => {
      ran.push('fail_soft');
      return Promise.resolve(
        new ToolMessage({
          content: 'quota exceeded',
          tool_call_id: config.toolCall?.id ?? '',
          status: 'error',
        }),
      );
    },
    { name: 'fail_soft', description: 'Fails softly', schema: z.object({}) },
  );
  type Invoke = { invoke(call: unknown): Promise<unknown> };
  const byName: Record<string, Invoke> = {
    lookup,
    fail_soft: failSoft,
  };
  const ends: unknown[] = [];
  const callbacks = [{ handleLLMEnd: (output: unknown) => void ends.push(output) }];
  const run = (question: string) =>
    withAgent({ id: 'agent-1' }, async () => {
      const messages: BaseMessage[] = [new HumanMessage(question)];
      const seen: BaseMessage[] = [];
      for (let turn = 0; turn < 3; turn++) {
        const reply = await model.invoke(messages, { callbacks });
        messages.push(reply);
        seen.push(reply);
        if (!reply.tool_calls?.length) break;
        for (const call of reply.tool_calls) {
          const result = (await byName[call.name]?.invoke({
            ...call,
            type: 'tool_call',
          })) as ToolMessage;
          messages.push(result);
          seen.push(result);
        }
      }
      return seen;
    });
  return { model, run, ran, ends };
}

describe('LangChain model calls and tool results in deterministic re-execution', () => {
  beforeAll(() => {
    expect(typeof BaseChatModel.prototype._generateUncached).toBe('function');
  });

  it('serves recorded AIMessages and ToolMessages: no model request, no tool run', async () => {
    instrument();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    const live = makeAgent();
    const first = await live.run('otel');
    await recording.stop();
    expect(live.model.requests).toBe(2);
    expect(live.ran).toEqual(['lookup', 'fail_soft']);

    const chats = readRecordedSpans(recorded).filter((s) => s.name === 'chat acme-1');
    expect(chats).toHaveLength(2);
    expect(chats[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'acme-1',
      'gen_ai.response.model': 'acme-1-2026',
      'gen_ai.provider.name': 'acme',
      'gen_ai.agent.id': 'agent-1',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
    });
    expect(JSON.stringify(readRecordedSpans(recorded))).not.toContain('sk-live-0123');

    const offline = makeAgent(true);
    const replayDir = recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const second = await offline.run('otel');
    await recording.stop();
    expect(offline.model.requests).toBe(0);
    expect(offline.ran).toEqual([]);

    // The same LangChain objects, with what the recording holds (secrets redacted).
    expect(second.map((m) => m.getType())).toEqual(['ai', 'tool', 'tool', 'ai']);
    const [ask, found, failed, answer] = second as [AIMessage, ToolMessage, ToolMessage, AIMessage];
    expect(AIMessage.isInstance(ask)).toBe(true);
    expect(ask.id).toBe('msg-1');
    expect(ask.tool_calls).toEqual([
      {
        id: 'call-1',
        name: 'lookup',
        args: { q: 'otel', api_key: '[REDACTED]' },
        type: 'tool_call',
      },
      { id: 'call-2', name: 'fail_soft', args: {}, type: 'tool_call' },
    ]);
    expect(ask.usage_metadata).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(ask.response_metadata).toMatchObject({ model_name: 'acme-1-2026' });
    expect(ToolMessage.isInstance(found)).toBe(true);
    expect(found).toMatchObject({
      content: 'found otel',
      artifact: { hits: 3 },
      tool_call_id: 'call-1',
      name: 'lookup',
      status: 'success',
    });
    expect(failed).toMatchObject({
      content: 'quota exceeded',
      tool_call_id: 'call-2',
      status: 'error',
    });
    expect(answer.content).toBe((first.at(-1) as AIMessage).content);
    // LangChain's own callbacks saw the served generations.
    expect(offline.ends).toHaveLength(2);
    expect(offline.ends[0]).toMatchObject({ generations: [[{ message: { id: 'msg-1' } }]] });

    const served = readRecordedSpans(replayDir).filter((s) => s.attributes['agc.replay.served']);
    expect(served.map((s) => s.name).sort()).toEqual([
      'chat acme-1',
      'chat acme-1',
      'execute_tool fail_soft',
      'execute_tool lookup',
    ]);
    await expectCleanDiff(recordingFiles(recorded), recordingFiles(replayDir));
  });

  it('keys the request without message ids: a re-run with fresh ids still matches', async () => {
    instrument();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await new RemoteChatModel(false).invoke([new HumanMessage({ content: 'hi', id: 'a' })]);
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const reply = await new RemoteChatModel(true).invoke([
      new HumanMessage({ content: 'hi', id: 'b' }),
    ]);
    expect(reply.tool_calls?.map((c) => c.name)).toEqual(['lookup', 'fail_soft']);
  });

  it('strict: a different conversation is a divergence naming the model call', async () => {
    instrument();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    await makeAgent().run('otel');
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const offline = makeAgent(true);
    const error = await offline.run('something else').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDivergenceError);
    expect(error).toMatchObject({ actual: { kind: 'model', name: 'acme-1' } });
    expect(offline.ran).toEqual([]);
  });

  it('a batch generate() is one model call, served per prompt', async () => {
    instrument();
    const recorded = recording.start({ AGC_CAPTURE_CONTENT: 'true' });
    const prompts = [[new HumanMessage('one')], [new HumanMessage('two')]];
    const live = await new RemoteChatModel(false).generate(prompts);
    await recording.stop();
    recording.start({ AGC_REPLAY: recordingFiles(recorded).join(',') });
    const again = await new RemoteChatModel(true).generate(prompts);
    expect(again.generations).toHaveLength(2);
    expect(again.generations.map((g) => (g[0] as { text: string }).text)).toEqual(
      live.generations.map((g) => (g[0] as { text: string }).text),
    );
  });

  it('without content capture or replay: no chat span, the model answers as before', async () => {
    instrument();
    const dir = recording.start({});
    const agent = makeAgent();
    await agent.run('otel');
    await recording.stop();
    expect(readRecordedSpans(dir).filter((s) => s.name.startsWith('chat'))).toHaveLength(0);
    expect(agent.model.requests).toBe(2);
  });
});

describe('LangGraph agent (the matrix fixture) re-executed from its recording', () => {
  // CommonJS and ESM copies are patched separately: both apps, recorded then replayed offline.
  it.each([
    ['app.cjs', 'require'],
    ['app.mjs', 'import'],
  ] as const)(
    '%s --%s: same tool messages and answer, no tool body run, no model request, a clean diff',
    async (app, preload) => {
      assertBuilt();
      const { app: policy } = writePolicies();
      const file = join(FIXTURES, 'langchain', app);
      const live = await runCell(file, preload, {
        AGC_POLICY: policy,
        AGC_CAPTURE_CONTENT: 'true',
      });
      expectOk(live);
      const replayed = await runCell(file, preload, {
        AGC_POLICY: policy,
        AGC_REPLAY: recordedFiles(live).join(','),
        AGC_TEST_MODEL_OFFLINE: '1',
      });
      expectOk(replayed);
      const { runSpan: _a, ...liveOutput } = live.output ?? {};
      const { runSpan: _b, ...replayOutput } = replayed.output ?? {};
      expect(liveOutput.ran).toEqual(['web_search']);
      expect(replayOutput).toEqual({ ...liveOutput, ran: [] });
      const served = replayed.spans.filter((s) => s.attributes['agc.replay.served'] === true);
      expect(served.map((s) => s.name).sort()).toEqual([
        'chat scripted',
        'chat scripted',
        'execute_tool web_search',
      ]);
      const denied = replayed.spans.find((s) => s.name === 'execute_tool send_email');
      expect(denied?.attributes['agc.policy.decision']).toBe('deny');
      await expectCleanDiff(recordedFiles(live), recordedFiles(replayed), 2);
    },
    120_000,
  );
});

function expectOk(run: CellRun): void {
  expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
  expect(run.output, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBeDefined();
}

/** The recording files a cell wrote (its AGC_RECORD_DIR is the directory of its spans). */
function recordedFiles(run: CellRun): string[] {
  return recordingFiles(run.recordDir);
}
