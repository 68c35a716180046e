import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgcInstrumentation } from '../../instrumentation/agc-instrumentation.js';
import { govern } from '../../instrumentation/govern.js';
import { LangChainInstrumentation } from '../../instrumentation/langchain/langchain-instrumentation.js';
import { LlamaIndexInstrumentation } from '../../instrumentation/llamaindex/llamaindex-instrumentation.js';
import { OpenAIAgentsInstrumentation } from '../../instrumentation/openai-agents/openai-agents-instrumentation.js';
import { governedSetup } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

// The `invoke_agent {agent}` run spans of the frameworks without an OTel run span of their own:
// active while the run executes (governed tool spans are children and take the agent from it),
// ended when the run finishes, ERROR with error.type when it throws, one per nested run.

function patch(instrumentation: AgcInstrumentation, exports: object): void {
  const definitions: InstrumentationModuleDefinition[] = instrumentation.getModuleDefinitions();
  for (const definition of definitions) {
    definition.patch?.(exports);
    for (const file of definition.files) file.patch(exports);
  }
}

const instrumentations: AgcInstrumentation[] = [];
function make<T extends AgcInstrumentation>(instrumentation: T): T {
  instrumentations.push(instrumentation);
  return instrumentation;
}

let setup: GovernedSetup | undefined;
afterEach(async () => {
  for (const instrumentation of instrumentations.splice(0)) instrumentation.disable();
  await setup?.close();
  setup = undefined;
});

class RunFailed extends Error {
  override name = 'RunFailed';
}

function spans(): ReadableSpan[] {
  return setup?.exporter.getFinishedSpans() ?? [];
}

function runSpan(agent: string): ReadableSpan {
  const runs = spans().filter((s) => s.name === `invoke_agent ${agent}`);
  expect(runs).toHaveLength(1);
  const run = runs[0] as ReadableSpan;
  expect(run.kind).toBe(SpanKind.INTERNAL);
  expect(run.attributes['gen_ai.operation.name']).toBe('invoke_agent');
  expect(run.attributes['gen_ai.agent.name']).toBe(agent);
  return run;
}

function expectFailed(run: ReadableSpan): void {
  expect(run.status.code).toBe(SpanStatusCode.ERROR);
  expect(run.attributes['error.type']).toBe('RunFailed');
}

/** A governed tool call (as the framework's tool patch makes it), without an explicit agent. */
function toolCall(): Promise<string> {
  return govern({ tool: 'web_search' }, () => Promise.resolve('ok'));
}

function expectToolChildOf(run: ReadableSpan): void {
  const tool = spans().find((s) => s.name === 'execute_tool web_search');
  expect(tool?.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
  expect(tool?.attributes['gen_ai.agent.name']).toBe(run.attributes['gen_ai.agent.name']);
}

describe('LangGraph: a named graph run is an invoke_agent span', () => {
  function pregel(body: () => AsyncGenerator<string>) {
    const exports = {
      Pregel: class {
        constructor(readonly name: string) {}
        _streamIterator(_input: unknown, _options?: unknown): AsyncGenerator<string> {
          return body();
        }
      },
    };
    patch(make(new LangChainInstrumentation()), exports);
    return exports.Pregel;
  }

  it('is active while the graph iterates and ends when it completes', async () => {
    setup = governedSetup();
    const Pregel = pregel(async function* () {
      yield await toolCall();
      yield 'done';
    });
    const out: string[] = [];
    for await (const chunk of new Pregel('researcher')._streamIterator({})) out.push(chunk);
    expect(out).toEqual(['ok', 'done']);
    const run = runSpan('researcher');
    expect(run.status.code).not.toBe(SpanStatusCode.ERROR);
    expectToolChildOf(run);
  });

  it('ends with ERROR and error.type when the graph throws', async () => {
    setup = governedSetup();
    const Pregel = pregel(async function* () {
      yield 'first';
      throw new RunFailed('boom');
    });
    const iterate = async () => {
      for await (const _ of new Pregel('researcher')._streamIterator({})) void _;
    };
    await expect(iterate()).rejects.toThrow('boom');
    expectFailed(runSpan('researcher'));
  });

  it('ends when iteration is returned early', async () => {
    setup = governedSetup();
    const Pregel = pregel(async function* () {
      yield 'first';
      yield 'second';
    });
    for await (const _ of new Pregel('researcher')._streamIterator({})) break;
    expect(runSpan('researcher').ended).toBe(true);
  });

  it('opens no span for an unnamed graph, nor a second one for a nested run', async () => {
    setup = governedSetup();
    const Inner = pregel(async function* () {
      yield 'inner';
    });
    const Outer = pregel(async function* () {
      for await (const chunk of new Inner('researcher')._streamIterator({})) yield chunk;
    });
    for await (const _ of new Outer('researcher')._streamIterator({})) void _;
    expect(spans().filter((s) => s.name.startsWith('invoke_agent'))).toHaveLength(1);
    for await (const _ of new Inner('LangGraph')._streamIterator({})) void _;
    expect(spans().filter((s) => s.name.startsWith('invoke_agent'))).toHaveLength(1);
  });
});

describe('OpenAI Agents: Runner.run is an invoke_agent span', () => {
  function runner(body: (options?: { stream?: boolean }) => Promise<unknown>) {
    const exports = {
      Runner: class {
        run(_agent: unknown, _input: unknown, options?: { stream?: boolean }): Promise<unknown> {
          return body(options);
        }
      },
    };
    patch(make(new OpenAIAgentsInstrumentation()), exports);
    return new exports.Runner();
  }

  it('is active while the run executes and ends when it settles', async () => {
    setup = governedSetup();
    const r = runner(async () => toolCall());
    expect(await r.run({ name: 'researcher' }, 'hi')).toBe('ok');
    const run = runSpan('researcher');
    expect(run.attributes['gen_ai.provider.name']).toBe('openai');
    expectToolChildOf(run);
  });

  it('ends with ERROR and error.type when the run throws', async () => {
    setup = governedSetup();
    const r = runner(() => Promise.reject(new RunFailed('boom')));
    await expect(r.run({ name: 'researcher' }, 'hi')).rejects.toThrow('boom');
    expectFailed(runSpan('researcher'));
  });

  it('a streamed run ends when its completed promise settles (ERROR on rejection)', async () => {
    setup = governedSetup();
    let fail: (error: unknown) => void = () => undefined;
    const completed = new Promise((_resolve, reject) => (fail = reject));
    completed.catch(() => undefined);
    const r = runner(() => Promise.resolve({ completed }));
    await r.run({ name: 'researcher' }, 'hi', { stream: true });
    expect(spans().filter((s) => s.name === 'invoke_agent researcher')).toHaveLength(0);
    fail(new RunFailed('boom'));
    await completed.catch(() => undefined);
    await Promise.resolve();
    expectFailed(runSpan('researcher'));
  });

  it('fails open: an agent whose name cannot be read runs without a span', async () => {
    setup = governedSetup();
    const r = runner(() => Promise.resolve('original'));
    const agent = Object.defineProperty({}, 'name', {
      get() {
        throw new TypeError('name moved');
      },
    });
    expect(await r.run(agent, 'hi')).toBe('original');
    expect(spans()).toHaveLength(0);
  });
});

describe('LlamaIndex: AgentWorkflow.run is an invoke_agent span', () => {
  function workflow(body: () => Promise<unknown>) {
    const exports = {
      AgentWorkflow: class {
        rootAgentName = 'researcher';
        callTool(): Promise<unknown> {
          return Promise.resolve(undefined);
        }
        run(_input: unknown): Promise<unknown> {
          return body();
        }
      },
    };
    patch(make(new LlamaIndexInstrumentation()), exports);
    return new exports.AgentWorkflow();
  }

  it('is active while the run executes and ends when it settles', async () => {
    setup = governedSetup();
    expect(await workflow(() => toolCall()).run('hi')).toBe('ok');
    expectToolChildOf(runSpan('researcher'));
  });

  it('ends with ERROR and error.type when the run throws', async () => {
    setup = governedSetup();
    const w = workflow(() => Promise.reject(new RunFailed('boom')));
    await expect(w.run('hi')).rejects.toThrow('boom');
    expectFailed(runSpan('researcher'));
  });
});
