// The demo: a small research agent whose tool calls go through govern() under the policy in
// agc.policy.yaml next to this file. Run it with `npm run demo` (which preloads @agc/otel).
import { getRuntime, govern, isPolicyDeniedError, withAgent } from '@agc/otel';

const tools = {
  web_search: async ({ query }) => `3 results for "${query}"`,
  file_read: async ({ path }) => `contents of ${path}`,
  send_email: async ({ to }) => `sent to ${to}`,
};

// What the (scripted) model decides to do, step by step.
const plan = [
  ['file_read', { path: '/workspace/notes.md' }],
  ['web_search', { query: 'opentelemetry genai conventions' }],
  ['file_read', { path: '/etc/passwd' }],
  ['send_email', { to: 'someone@example.com', body: 'the notes' }],
  ...Array.from({ length: 7 }, (_, i) => ['web_search', { query: `follow-up ${i + 1}` }]),
];

const runtime = getRuntime();
if (!runtime) {
  console.error('@agc/otel is not preloaded: run `npm run demo` (node --require @agc/otel ...)');
  process.exit(1);
}

const outcomes = [];
await withAgent({ id: 'researcher-1', name: 'researcher' }, async () => {
  let step = 0;
  for (const [tool, args] of plan) {
    step++;
    try {
      const result = await govern({ tool, args, callId: `call-${step}` }, () => tools[tool](args));
      outcomes.push({ step, tool, decision: 'allow', detail: result });
    } catch (error) {
      if (!isPolicyDeniedError(error)) throw error;
      const v = error.verdict;
      outcomes.push({
        step,
        tool,
        decision: 'deny',
        source: v.source,
        detail: `${v.rule ?? v.source}: ${v.reason}`,
      });
    }
  }
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
console.log(
  `\n${outcomes.length} tool calls: ${Object.entries(bySource)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}`,
);
console.log(
  `recording: ${runtime.recordingPath ?? 'off'}   (inspect: npx agc policy check examples/demo/agc.policy.yaml)`,
);
console.log(`metrics:   ${metricsUrl}`);
if (process.env.AGC_DEMO_HOLD !== '1') await runtime.shutdown();
