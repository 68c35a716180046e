import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isWrapped } from '@opentelemetry/instrumentation';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgcInstrumentation } from '../../instrumentation/agc-instrumentation.js';
import { AiSdkInstrumentation } from '../../instrumentation/ai-sdk/ai-sdk-instrumentation.js';
import { GoogleAdkInstrumentation } from '../../instrumentation/google-adk/google-adk-instrumentation.js';
import { LangChainInstrumentation } from '../../instrumentation/langchain/langchain-instrumentation.js';
import { LlamaIndexInstrumentation } from '../../instrumentation/llamaindex/llamaindex-instrumentation.js';
import { McpInstrumentation } from '../../instrumentation/mcp/mcp-instrumentation.js';
import { OpenAIAgentsInstrumentation } from '../../instrumentation/openai-agents/openai-agents-instrumentation.js';
import { governedSetup } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

// Each framework patch: fails open to the original when its internals throw, and disable()
// restores the framework's real methods.

const require = createRequire(import.meta.url);

/** Applies every patch of INSTRUMENTATION to EXPORTS (as the module hooks would); returns them. */
function patch(instrumentation: AgcInstrumentation, exports: object): Record<string, unknown> {
  let patched: unknown = exports;
  const definitions: InstrumentationModuleDefinition[] = instrumentation.getModuleDefinitions();
  for (const definition of definitions) {
    if (definition.patch) patched = definition.patch(patched) ?? patched;
    for (const file of definition.files) patched = file.patch(patched) ?? patched;
  }
  return patched as Record<string, unknown>;
}

/** An object whose property NAME throws when read (framework internals that changed shape). */
function throwingOn<T extends object>(name: string, base: T = {} as T): T {
  return Object.defineProperty(base, name, {
    get() {
      throw new TypeError(`${name} moved`);
    },
  });
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

describe('patches fail open to the original when their internals throw', () => {
  it('LangChain StructuredTool.call and LangGraph Pregel._streamIterator', async () => {
    setup = governedSetup();
    const exports = {
      StructuredTool: class {
        get name(): string {
          throw new TypeError('name moved');
        }
        call(arg: unknown) {
          return Promise.resolve(`original ${String(arg)}`);
        }
      },
      Pregel: class {
        get name(): string {
          throw new TypeError('name moved');
        }
        _streamIterator(_input: unknown, options: unknown) {
          return options;
        }
      },
    };
    patch(make(new LangChainInstrumentation()), exports);
    expect(
      isWrapped(Object.getOwnPropertyDescriptor(exports.StructuredTool.prototype, 'call')?.value),
    ).toBe(true);
    expect(await new exports.StructuredTool().call('input')).toBe('original input');
    const options = { metadata: { a: 1 } };
    expect(new exports.Pregel()._streamIterator(undefined, options)).toBe(options);
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('LangChain BaseChatModel._generateUncached (model calls recorded)', async () => {
    setup = governedSetup({ governor: { captureContent: true } });
    const exports = {
      BaseChatModel: class {
        get model(): string {
          throw new TypeError('model moved');
        }
        _generateUncached(messages: unknown) {
          return Promise.resolve({ original: messages });
        }
      },
    };
    patch(make(new LangChainInstrumentation()), exports);
    expect(
      isWrapped(
        Object.getOwnPropertyDescriptor(exports.BaseChatModel.prototype, '_generateUncached')
          ?.value,
      ),
    ).toBe(true);
    expect(await new exports.BaseChatModel()._generateUncached([['hi']])).toEqual({
      original: [['hi']],
    });
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('OpenAI Agents invokeFunctionTool and Agent.getAllTools', async () => {
    setup = governedSetup();
    const tools = [{ name: 'web_search' }];
    const exports = {
      invokeFunctionTool: (args: unknown) => Promise.resolve({ original: args }),
      Agent: class {
        get name(): string {
          throw new TypeError('name moved');
        }
        getAllTools() {
          return Promise.resolve(tools);
        }
      },
    };
    patch(make(new OpenAIAgentsInstrumentation()), exports);
    const args = throwingOn('tool');
    expect(await exports.invokeFunctionTool(args)).toEqual({ original: args });
    expect(await new exports.Agent().getAllTools()).toBe(tools);
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('AI SDK generateText / streamText and ToolLoopAgent.prepareCall', async () => {
    setup = governedSetup();
    const exports = {
      generateText: (options: unknown) => options,
      streamText: (options: unknown) => options,
      ToolLoopAgent: class {
        prepareCall(options: unknown) {
          return Promise.resolve(options);
        }
      },
    };
    const patched = patch(make(new AiSdkInstrumentation()), exports) as typeof exports;
    const options = throwingOn('tools');
    expect(patched.generateText(options)).toBe(options);
    expect(patched.streamText(options)).toBe(options);
    expect(await new exports.ToolLoopAgent().prepareCall(options)).toBe(options);
  });

  it('MCP Client.callTool and McpServer.executeToolHandler', async () => {
    setup = governedSetup();
    const exports = {
      Client: class {
        callTool(params: unknown) {
          return Promise.resolve({ original: params });
        }
      },
      McpServer: class {
        get _registeredTools(): never {
          throw new TypeError('registry moved');
        }
        executeToolHandler(tool: unknown, args: unknown) {
          return Promise.resolve({ original: [tool, args] });
        }
      },
    };
    patch(make(new McpInstrumentation()), exports);
    const params = throwingOn('name');
    expect(await new exports.Client().callTool(params)).toEqual({ original: params });
    const tool = { handler: () => undefined };
    expect(await new exports.McpServer().executeToolHandler(tool, { a: 1 })).toEqual({
      original: [tool, { a: 1 }],
    });
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('Google ADK PluginManager.runBeforeToolCallback', async () => {
    setup = governedSetup();
    const exports = {
      PluginManager: class {
        runBeforeToolCallback(request: unknown) {
          return Promise.resolve({ original: request });
        }
      },
    };
    patch(make(new GoogleAdkInstrumentation()), exports);
    const request = { tool: throwingOn('runAsync') };
    expect(await new exports.PluginManager().runBeforeToolCallback(request)).toEqual({
      original: request,
    });
  });

  it('LlamaIndex AgentWorkflow.callTool', async () => {
    setup = governedSetup();
    const exports = {
      AgentWorkflow: class {
        callTool(toolCall: unknown) {
          return Promise.resolve({ original: toolCall });
        }
      },
    };
    patch(make(new LlamaIndexInstrumentation()), exports);
    const toolCall = throwingOn('toolName');
    expect(await new exports.AgentWorkflow().callTool(toolCall)).toEqual({ original: toolCall });
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });
});

describe('disable() restores the frameworks’ own methods', () => {
  type Method = { target: object; name: string };
  // [framework, instrumentation, () => [the modules to patch, the methods that get wrapped]]
  const cases: [string, () => AgcInstrumentation, () => Promise<[object[], Method[]]>][] = [
    [
      'LangChain',
      () => new LangChainInstrumentation(),
      async () => {
        const tools = await import('@langchain/core/tools');
        const pregel = await import('@langchain/langgraph/pregel');
        const chatModels = await import('@langchain/core/language_models/chat_models');
        return [
          [tools, pregel, chatModels],
          [
            { target: tools.StructuredTool.prototype, name: 'call' },
            { target: pregel.Pregel.prototype, name: '_streamIterator' },
            { target: chatModels.BaseChatModel.prototype, name: '_generateUncached' },
          ],
        ];
      },
    ],
    [
      'OpenAI Agents',
      () => new OpenAIAgentsInstrumentation(),
      () => {
        // The CommonJS files the run loop calls into (an ESM namespace is only patchable through
        // the loader's proxy).
        const dist = dirname(require.resolve('@openai/agents-core'));
        const tool = require(join(dist, 'tool.js')) as object;
        const agent = require(join(dist, 'agent.js')) as { Agent: { prototype: object } };
        return Promise.resolve([
          [tool, agent],
          [
            { target: tool, name: 'invokeFunctionTool' },
            { target: agent.Agent.prototype, name: 'getAllTools' },
          ],
        ]);
      },
    ],
    [
      'AI SDK',
      () => new AiSdkInstrumentation(),
      async () => {
        const ai = await import('ai');
        return [[ai], [{ target: ai.ToolLoopAgent.prototype, name: 'prepareCall' }]];
      },
    ],
    [
      'MCP',
      () => new McpInstrumentation(),
      async () => {
        const client = await import('@modelcontextprotocol/sdk/client/index.js');
        const server = await import('@modelcontextprotocol/sdk/server/mcp.js');
        return [
          [client, server],
          [
            { target: client.Client.prototype, name: 'callTool' },
            { target: server.McpServer.prototype, name: 'executeToolHandler' },
          ],
        ];
      },
    ],
    [
      'Google ADK',
      () => new GoogleAdkInstrumentation(),
      async () => {
        const adk = await import('@google/adk');
        return [[adk], [{ target: adk.PluginManager.prototype, name: 'runBeforeToolCallback' }]];
      },
    ],
    [
      'LlamaIndex',
      () => new LlamaIndexInstrumentation(),
      async () => {
        const workflow = await import('@llamaindex/workflow');
        return [
          [workflow],
          [
            { target: workflow.AgentWorkflow.prototype, name: 'callTool' },
            { target: workflow.FunctionAgent.prototype, name: 'takeStep' },
          ],
        ];
      },
    ],
  ];

  it.each(cases)(
    '%s',
    async (_name, create, load) => {
      const [modules, methods] = await load();
      const originals = methods.map(
        ({ target, name }) => (target as Record<string, unknown>)[name],
      );
      const instrumentation = make(create());
      for (const exports of modules) patch(instrumentation, exports);
      for (const { target, name } of methods) {
        expect(isWrapped((target as Record<string, unknown>)[name]), name).toBe(true);
      }
      instrumentation.disable();
      methods.forEach(({ target, name }, i) => {
        expect((target as Record<string, unknown>)[name], name).toBe(originals[i]);
      });
    },
    30_000,
  );

  it('AI SDK: the replaced CommonJS exports get their own functions back', () => {
    const ai = require('ai') as Record<string, unknown>;
    const instrumentation = make(new AiSdkInstrumentation());
    const patched = patch(instrumentation, ai);
    expect(patched).not.toBe(ai); // non-configurable getters: a configurable copy
    expect(isWrapped(patched.generateText)).toBe(true);
    expect(isWrapped(patched.streamText)).toBe(true);
    instrumentation.disable();
    expect(patched.generateText).toBe(ai.generateText);
    expect(patched.streamText).toBe(ai.streamText);
  });
});
