// The demo: a LangGraph research agent (createReactAgent, with a scripted chat model instead of
// an LLM) whose tools are governed by auto-instrumentation alone: this file never calls govern().
// Run it with `npm run demo`, which starts it as
//   AGC_POLICY=examples/demo/agc.policy.yaml node --require @agc/otel examples/demo/agent.mjs
// The policy next to this file allows searching (5 a minute) and reading inside the workspace,
// and no e-mail; every deny reaches the model as a ToolMessage with status 'error'.
import { getRuntime } from '@agc/otel';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';

const runtime = getRuntime();
if (!runtime) {
  console.error('@agc/otel is not preloaded: run `npm run demo` (node --require @agc/otel ...)');
  process.exit(1);
}

const tools = [
  tool(async ({ query }) => `3 results for "${query}"`, {
    name: 'web_search',
    description: 'Searches the web',
    schema: z.object({ query: z.string() }),
  }),
  tool(async ({ path }) => `contents of ${path}`, {
    name: 'file_read',
    description: 'Reads a file',
    schema: z.object({ path: z.string() }),
  }),
  tool(async ({ to }) => `sent to ${to}`, {
    name: 'send_email',
    description: 'Sends an e-mail',
    schema: z.object({ to: z.string(), body: z.string() }),
  }),
];

// What the (scripted) model decides to do, one tool call per turn, then its answer.
const plan = [
  ['file_read', { path: '/workspace/notes.md' }],
  ['web_search', { query: 'opentelemetry genai conventions' }],
  ['file_read', { path: '/etc/passwd' }],
  ['send_email', { to: 'someone@example.com', body: 'the notes' }],
  ...Array.from({ length: 7 }, (_, i) => ['web_search', { query: `follow-up ${i + 1}` }]),
];

class ScriptedChatModel extends BaseChatModel {
  turn = 0;
  constructor() {
    super({});
  }
  _llmType() {
    return 'scripted';
  }
  bindTools() {
    return this;
  }
  async _generate() {
    const step = plan[this.turn++];
    const message = step
      ? new AIMessage({
          content: '',
          tool_calls: [
            { id: `call-${this.turn}`, name: step[0], args: step[1], type: 'tool_call' },
          ],
        })
      : new AIMessage('Here is what I found.');
    return { generations: [{ message, text: '' }] };
  }
}

const agent = createReactAgent({ llm: new ScriptedChatModel(), tools, name: 'researcher-1' });
const result = await agent.invoke(
  { messages: [new HumanMessage('Research the OpenTelemetry GenAI conventions.')] },
  { recursionLimit: 50 },
);

// What the model saw for each call: the tool's output, or the refusal as an error ToolMessage.
const outcomes = result.messages
  .filter((m) => m.getType() === 'tool')
  .map((m, i) => {
    const detail = String(m.content);
    if (m.status !== 'error') return { step: i + 1, tool: m.name, decision: 'allow', detail };
    const [, source = 'policy', rule, reason = detail] =
      /denied by (\w+)(?: rule '([^']+)')?: (.*)$/.exec(detail) ?? [];
    return {
      step: i + 1,
      tool: m.name,
      decision: 'deny',
      source,
      detail: `${rule ?? source}: ${reason}`,
    };
  });

for (const o of outcomes) {
  console.log(
    `${String(o.step).padStart(2)}  ${o.tool.padEnd(11)} ${o.decision.padEnd(5)} ${o.detail}`,
  );
}
const bySource = {};
for (const o of outcomes) {
  const key = o.decision === 'allow' ? 'allow' : `deny/${o.source}`;
  bySource[key] = (bySource[key] ?? 0) + 1;
}
await runtime.provider.forceFlush();
const metricsUrl = runtime.metricsServer
  ? await runtime.metricsServer.url.catch(() => 'unavailable')
  : 'off';
const summary = Object.entries(bySource).map(([k, n]) => `${n} ${k}`);
console.log(`\n${outcomes.length} tool calls: ${summary.join(', ')}`);
console.log(`agent says: ${String(result.messages.at(-1).content)}`);
console.log(
  `recording: ${runtime.recordingPath ?? 'off'}   (inspect: npx agc policy check examples/demo/agc.policy.yaml)`,
);
console.log(`metrics:   ${metricsUrl}`);
if (process.env.AGC_DEMO_HOLD !== '1') await runtime.shutdown();
