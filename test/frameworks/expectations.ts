import { expect } from 'vitest';
import type { RecordedSpan } from '../helpers/recording.js';

/** What one framework's app must show in every cell of the matrix. */
export interface FrameworkExpectation {
  readonly framework: string;
  /** The fixture folder of its apps (a framework major with its own dependencies). @default framework */
  readonly fixture?: string;
  /** The lowest Node major the framework runs on (cells on older lines are not built). */
  readonly minNode?: number;
  /** Extra environment of the app. */
  readonly env?: (policies: { app: string; server: string }) => Record<string, string>;
  /** Asserts the app's output and recorded spans. */
  readonly check: (output: Output, spans: RecordedSpan[]) => void;
}

type Output = Record<string, unknown>;

interface ExpectedCall {
  readonly tool: string;
  readonly callId?: string;
  readonly decision: 'allow' | 'deny';
  readonly agent?: string;
  readonly toolType?: string;
  readonly service?: string;
}

const APP_SERVICE = 'agent';

/** The `execute_tool` spans of SERVICE (the app by default). */
export function toolSpans(spans: RecordedSpan[], service = APP_SERVICE): RecordedSpan[] {
  return spans.filter(
    (s) =>
      s.attributes['gen_ai.operation.name'] === 'execute_tool' &&
      s.resource['service.name'] === service,
  );
}

/**
 * The one span of CALL: exactly one `execute_tool` span has its tool name (and call id), with
 * the GenAI attributes and the decision; a deny is marked enforced.
 */
export function expectCall(spans: RecordedSpan[], call: ExpectedCall): RecordedSpan {
  const matching = toolSpans(spans, call.service).filter(
    (s) =>
      s.attributes['gen_ai.tool.name'] === call.tool &&
      (call.callId === undefined || s.attributes['gen_ai.tool.call.id'] === call.callId),
  );
  expect(matching, `spans of ${call.tool} ${call.callId ?? ''}`).toHaveLength(1);
  const span = matching[0] as RecordedSpan;
  expect(span.name).toBe(`execute_tool ${call.tool}`);
  expect(span.attributes['agc.governed']).toBe(true);
  expect(span.attributes['agc.policy.decision']).toBe(call.decision);
  if (call.callId !== undefined) expect(span.attributes['gen_ai.tool.call.id']).toBe(call.callId);
  if (call.agent !== undefined) {
    expect(span.attributes['gen_ai.agent.id']).toBe(call.agent);
    expect(span.attributes['gen_ai.agent.name']).toBe(call.agent);
  }
  if (call.toolType !== undefined) expect(span.attributes['gen_ai.tool.type']).toBe(call.toolType);
  if (call.decision === 'deny') {
    expect(span.attributes['agc.policy.enforced']).toBe(true);
    expect(span.attributes['error.type']).toBe('agc.policy_denied');
    expect(span.status).toBe(2);
  }
  return span;
}

function parentOf(spans: RecordedSpan[], span: RecordedSpan): RecordedSpan | undefined {
  return spans.find((s) => s.spanId === span.parentSpanId && s.traceId === span.traceId);
}

/** The allowed call and the denied call every agent makes, with the agent's name. */
function agentCalls(spans: RecordedSpan[], agent: string | undefined, toolType = 'function') {
  return {
    allowed: expectCall(spans, {
      tool: 'web_search',
      callId: 'call_1',
      decision: 'allow',
      agent,
      toolType,
    }),
    denied: expectCall(spans, {
      tool: 'send_email',
      callId: 'call_2',
      decision: 'deny',
      agent,
      toolType,
    }),
  };
}

/** Tool spans are children of the app's `agent-run` span (frameworks without agent spans). */
function expectChildrenOfRun(output: Output, ...children: RecordedSpan[]): void {
  for (const child of children) expect(child.parentSpanId).toBe(output.runSpan);
}

/**
 * Tool spans are children of our `invoke_agent {agent}` run span (frameworks without their own
 * OTel run span), which is itself a child of the app's `agent-run` span.
 */
function expectChildrenOfAgentRun(
  output: Output,
  spans: RecordedSpan[],
  agent: string,
  ...children: RecordedSpan[]
): void {
  const runs = spans.filter((s) => s.name === `invoke_agent ${agent}`);
  expect(runs, `invoke_agent ${agent} spans`).toHaveLength(1);
  const run = runs[0] as RecordedSpan;
  expect(run.attributes['gen_ai.operation.name']).toBe('invoke_agent');
  expect(run.attributes['gen_ai.agent.name']).toBe(agent);
  expect(run.status).not.toBe(2);
  expect(run.parentSpanId).toBe(output.runSpan);
  for (const child of children) {
    expect(child.traceId).toBe(run.traceId);
    expect(child.parentSpanId).toBe(run.spanId);
  }
}

function bodiesRan(output: Output): void {
  expect(output.ran).toContain('web_search');
  expect(output.ran).not.toContain('send_email');
}

const DENIED = /tool 'send_email' denied by policy rule 'no-email': e-mail is not allowed/;

/**
 * The AI SDK's cell, whose governed tool spans sit under the SDK's own spans named PARENTS
 * (parent, grandparent; name prefixes).
 */
const aiSdk = (parents: readonly [string, string]): FrameworkExpectation => ({
  framework: 'ai-sdk',
  check(output, spans) {
    expect(output.ran).toEqual(['web_search', 'web_search']);
    const { allowed, denied } = agentCalls(spans, 'researcher');
    for (const span of [allowed, denied]) {
      const parent = parentOf(spans, span);
      expect(parent?.name).toMatch(new RegExp(`^${parents[0]}`));
      expect(parentOf(spans, parent as RecordedSpan)?.name).toMatch(new RegExp(`^${parents[1]}`));
    }
    const plain = expectCall(spans, { tool: 'web_search', callId: 'call_3', decision: 'allow' });
    // No agent known: no id at all, never a made-up `unknown`.
    expect(plain.attributes).not.toHaveProperty('gen_ai.agent.id');
    // The SDK reports the deny to the model as a tool-error part.
    expect(output.toolResults).toEqual([
      {
        id: 'call_1',
        name: 'web_search',
        type: 'tool-result',
        output: '3 results for otel genai',
      },
      {
        id: 'call_2',
        name: 'send_email',
        type: 'tool-error',
        output: expect.stringMatching(DENIED),
      },
    ]);
    expect(output.final).toBe('done');
    expect(output.generateText).toBe('ok');
  },
});

/** Mastra (`@mastra/core` 1.x, Node >= 22.13), from its own fixture folder. */
const MASTRA: FrameworkExpectation = {
  framework: 'mastra',
  minNode: 22,
  check(output, spans) {
    expect(output.ran).toEqual(['web_search']);
    agentCalls(spans, 'researcher');
    expect(toolSpans(spans)).toHaveLength(2);
    // Mastra's tool-call step turns the thrown deny into an error-text tool result for the model.
    expect(output.toolResults).toEqual([
      {
        id: 'call_1',
        name: 'web_search',
        output: { type: 'text', value: '3 results for otel genai' },
      },
      {
        id: 'call_2',
        name: 'send_email',
        output: { type: 'error-text', value: expect.stringMatching(DENIED) },
      },
    ]);
    expect(output.final).toBe('done');
    expect(output.modelCalls).toBe(2);
  },
};

/** One entry per framework (and fixture folder) of the matrix. */
export const EXPECTATIONS: readonly FrameworkExpectation[] = [
  {
    framework: 'langchain',
    check(output, spans) {
      bodiesRan(output);
      const { allowed, denied } = agentCalls(spans, 'researcher');
      expect(allowed.attributes['gen_ai.conversation.id']).toBe('thread-7');
      expectChildrenOfAgentRun(output, spans, 'researcher', allowed, denied);
      // LangGraph's ToolNode gives the model a ToolMessage with status 'error'.
      expect(output.toolMessages).toEqual([
        {
          id: 'call_1',
          name: 'web_search',
          status: 'success',
          content: '3 results for otel genai',
        },
        {
          id: 'call_2',
          name: 'send_email',
          status: 'error',
          content: expect.stringMatching(DENIED),
        },
      ]);
      expect(output.final).toBe('done');
    },
  },
  {
    framework: 'openai-agents',
    check(output, spans) {
      bodiesRan(output);
      const { allowed, denied } = agentCalls(spans, 'researcher');
      expectChildrenOfAgentRun(output, spans, 'researcher', allowed, denied);
      // The model's next turn gets the refusal as the tool output, like a rejecting guardrail.
      expect(output.toolResults).toEqual([
        {
          id: 'call_1',
          name: 'web_search',
          output: { type: 'text', text: '3 results for otel genai' },
        },
        {
          id: 'call_2',
          name: 'send_email',
          output: { type: 'text', text: expect.stringMatching(DENIED) },
        },
      ]);
      expect(output.final).toBe('done');
    },
  },
  // ai 6 with experimental_telemetry: execute_tool ⊂ ai.toolCall ⊂ ai.generateText (the run).
  aiSdk(['ai.toolCall', 'ai.generateText']),
  // ai 7 (ESM only, Node >= 22; the same scenario from a folder where `ai` is 7) with
  // @ai-sdk/otel: its own execute_tool span is governed, under `step N` ⊂ `invoke_agent`.
  { ...aiSdk(['step ', 'invoke_agent ']), fixture: 'ai-sdk-7', minNode: 22 },
  {
    framework: 'mcp',
    env: (policies) => ({ FIXTURE_SERVER_POLICY: policies.server }),
    check(output, spans) {
      const extension = 'extension';
      // Client side (the app): allowed, denied before sending, allowed then denied by the server.
      const search = expectCall(spans, {
        tool: 'web_search',
        decision: 'allow',
        toolType: extension,
      });
      const email = expectCall(spans, {
        tool: 'send_email',
        decision: 'deny',
        toolType: extension,
      });
      const del = expectCall(spans, {
        tool: 'delete_file',
        decision: 'allow',
        toolType: extension,
      });
      expectChildrenOfRun(output, search, email, del);
      // Server side (the stdio child): the same trace through params._meta, child of the client.
      const server = { service: 'mcp-server', toolType: extension, agent: 'fixture-client' };
      const served = expectCall(spans, { ...server, tool: 'web_search', decision: 'allow' });
      const refused = expectCall(spans, { ...server, tool: 'delete_file', decision: 'deny' });
      expect(served.traceId).toBe(search.traceId);
      expect(served.parentSpanId).toBe(search.spanId);
      expect(refused.traceId).toBe(del.traceId);
      expect(refused.parentSpanId).toBe(del.spanId);
      expect(toolSpans(spans, 'mcp-server').map((s) => s.attributes['gen_ai.tool.name'])).toEqual(
        expect.not.arrayContaining(['send_email']),
      );
      expect(output.serverRan).toEqual(['web_search']);
      expect(output.remote).toEqual({
        web_search: { isError: false, text: '3 results for otel genai' },
        send_email: { isError: true, text: expect.stringMatching(DENIED) },
        delete_file: {
          isError: true,
          text: expect.stringMatching(/denied by policy rule 'no-deletes'/),
        },
      });
      // In one process: one span per call, also when the server and a LangChain tool see it too.
      expectCall(spans, { tool: 'lookup', decision: 'allow', toolType: extension });
      expectCall(spans, { tool: 'mcp__local__lookup', callId: 'call_9', decision: 'allow' });
      expect(output.localRan).toEqual(['lookup', 'lookup']);
      expect(output.local).toEqual({ direct: 'value of a', adapted: 'value of b' });
    },
  },
  {
    framework: 'google-adk',
    check(output, spans) {
      bodiesRan(output);
      const { allowed, denied } = agentCalls(spans, 'researcher', 'FunctionTool');
      // ADK's own execute_tool spans, enriched: no second span of ours.
      for (const span of [allowed, denied]) {
        expect(span.attributes['gen_ai.conversation.id']).toBe(output.sessionId);
        const llmCall = parentOf(spans, span);
        expect(llmCall?.name).toBe('call_llm');
        expect(parentOf(spans, llmCall as RecordedSpan)?.name).toBe('invoke_agent researcher');
      }
      expect(spans.filter((s) => s.name === 'execute_tool send_email')).toHaveLength(1);
      // ADK's tool error response reaches the model.
      expect(output.toolResults).toEqual([
        { id: 'call_1', name: 'web_search', response: { result: '3 results for otel genai' } },
        { id: 'call_2', name: 'send_email', response: { error: expect.stringMatching(DENIED) } },
      ]);
      expect(output.final).toBe('done');
    },
  },
  {
    framework: 'llamaindex',
    check(output, spans) {
      bodiesRan(output);
      const { allowed, denied } = agentCalls(spans, 'researcher');
      expectChildrenOfAgentRun(output, spans, 'researcher', allowed, denied);
      // The workflow records the deny as the tool's error output.
      expect(output.toolResults).toEqual([
        { id: 'call_1', result: '3 results for otel genai', isError: false },
        { id: 'call_2', result: expect.stringMatching(DENIED), isError: true },
      ]);
      expect(output.final).toBe('done');
    },
  },
  MASTRA,
];
