// Redaction cost on the way out: every span the recorder writes and our OTLP exporter sends is
// redacted (name, attributes, status, events, links), whoever set them. Measured side by side in
// one run, 5 rounds, medians: the per-span cost of redactedSpan() on our governed span and on a
// foreign AI SDK span with JSON tool calls, against an identity pass; and redactText() on
// typical attribute strings, repeated (short strings are remembered) and new each call (the
// worst case: every shape is tried). Mean (loop) as well as p50/p99 (per call).
import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { redactText } from '../dist/esm/common/index.js';
import { redactedSpan } from '../dist/esm/recording/index.js';
import {
  fmtNs,
  loopMeanNs,
  median,
  percentile,
  sampleNs,
  table,
  timerOverheadNs,
  writeResult,
} from './lib.mjs';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
}).getTracer('bench');

const governed = tracer.startSpan('execute_tool web_search', {
  attributes: {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'web_search',
    'gen_ai.tool.type': 'function',
    'gen_ai.agent.id': 'researcher-1',
    'gen_ai.tool.call.id': 'call_8f2a61c0',
    'agc.governed': true,
    'agc.policy.decision': 'allow',
    'agc.policy.source': 'policy',
    'agc.policy.rule': 'allow-search',
    'agc.policy.reason': 'search is allowed for researchers',
  },
});
governed.end();
const foreign = tracer.startSpan('ai.generateText', {
  attributes: {
    'ai.model.id': 'gpt-4.1-mini',
    'ai.prompt': JSON.stringify({ prompt: 'find the latest OpenTelemetry GenAI conventions' }),
    'ai.response.text': 'The GenAI semantic conventions define spans for model and tool calls.',
    'ai.response.toolCalls': JSON.stringify([
      { toolCallId: 'call_1', toolName: 'web_search', args: { query: 'otel genai', page: 1 } },
      {
        toolCallId: 'call_2',
        toolName: 'fetch_page',
        args: { url: 'https://opentelemetry.io/docs' },
      },
    ]),
    'gen_ai.usage.input_tokens': 812,
    'gen_ai.usage.output_tokens': 96,
  },
});
foreign.addEvent('ai.stream.firstChunk', { 'ai.response.msToFirstChunk': 212 });
foreign.setStatus({ code: SpanStatusCode.OK });
foreign.end();
const [governedSpan, foreignSpan] = exporter.getFinishedSpans();

const STRINGS = [
  'search results for opentelemetry genai semantic conventions',
  JSON.stringify({ toolName: 'web_search', args: { q: 'otel', page: 2 }, id: 'call_123456' }),
  'upstream 503 from https://api.example.com/v1/items?id=42 after 3 retries',
];

let sink = 0;
const cases = {
  'identity (no redaction)': () => {
    sink ^= governedSpan === undefined ? 1 : 0;
  },
  'redactedSpan, governed span': () => {
    sink ^= redactedSpan(governedSpan) === governedSpan ? 0 : 1;
  },
  'redactedSpan, AI SDK span': () => {
    sink ^= redactedSpan(foreignSpan) === foreignSpan ? 0 : 1;
  },
  'redactText, a repeated string (memo)': (i) => {
    sink ^= redactText(STRINGS[i % 3]).length;
  },
  'redactText, a new string each call': (i) => {
    sink ^= redactText(`${STRINGS[i % 3]} #${i}`).length;
  },
};

const overhead = timerOverheadNs();
const rounds = [];
for (let round = 0; round < 5; round++) {
  const r = {};
  for (const [name, fn] of Object.entries(cases)) {
    const s = sampleNs(fn, { samples: 100_000, warmup: 20_000, overhead });
    r[name] = { p50: percentile(s, 0.5), p99: percentile(s, 0.99), mean: loopMeanNs(fn, 200_000) };
  }
  rounds.push(r);
}
const results = {};
for (const name of Object.keys(cases)) {
  results[name] = Object.fromEntries(
    ['p50', 'p99', 'mean'].map((k) => [k, median(rounds.map((r) => r[name][k]))]),
  );
}
table(
  ['case', 'p50', 'p99', 'mean (loop)'],
  Object.entries(results).map(([name, r]) => [name, fmtNs(r.p50), fmtNs(r.p99), fmtNs(r.mean)]),
);
if (Number.isNaN(sink)) console.log(sink);
writeResult('redaction', { rounds: rounds.length, results });
