// The recorder's cost per span, measured side by side in one run (7 rounds, medians), on batches
// of 512 governed spans (the recorder's line size): the floor — OTel's JSON serializer alone —,
// the first version's encoding (serializer, then decode + JSON.parse + two JSON.stringify to add
// the chain attribute) for reference, and RecordingWriter.write() as it is now (redaction,
// serializer bytes hashed and spliced, written, head replaced atomically), plain, keyed and
// signed. Mean per span over each batch (the amortised figure: a batch is the unit of work) and
// p50/p99 of the per-batch time divided by 512. Also the bytes per span on disk.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TextDecoder } from 'node:util';
import { join } from 'node:path';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { RecordingWriter, redactedSpans } from '../dist/esm/recording/index.js';
import { fmtNs, median, percentile, table, writeResult } from './lib.mjs';

const BATCH = 512;
const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'bench-agent' }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
}).getTracer('@agc/otel');
for (let i = 0; i < BATCH; i++) {
  tracer
    .startSpan('execute_tool web_search', {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'web_search',
        'gen_ai.tool.type': 'function',
        'gen_ai.agent.id': `researcher-${i % 20}`,
        'gen_ai.tool.call.id': `call_${i}`,
        'agc.governed': true,
        'agc.policy.decision': 'allow',
        'agc.policy.source': 'policy',
        'agc.policy.rule': 'allow-search',
        'agc.policy.mode': 'enforce',
      },
    })
    .end();
}
const batch = exporter.getFinishedSpans();
const dir = mkdtempSync(join(tmpdir(), 'agc-bench-recorder-'));
const { privateKey } = generateKeyPairSync('ed25519');
const writers = {
  plain: new RecordingWriter({ dir: join(dir, 'plain'), service: 'bench' }),
  keyed: new RecordingWriter({ dir: join(dir, 'keyed'), service: 'bench', key: 'k' }),
  signed: new RecordingWriter({
    dir: join(dir, 'signed'),
    service: 'bench',
    signingKey: privateKey,
  }),
};

let sink = 0;
const cases = {
  'serializer alone (floor)': () => {
    sink ^= JsonTraceSerializer.serializeRequest(redactedSpans(batch)).length;
  },
  'first version: serializer + parse/stringify round trip + sha256': () => {
    const text = new TextDecoder().decode(
      JsonTraceSerializer.serializeRequest(redactedSpans(batch)),
    );
    const request = JSON.parse(text);
    const payload = JSON.stringify(request);
    const hash = createHash('sha256').update(payload).digest('hex');
    request.resourceSpans[0].resource.attributes.push({ key: 'c', value: { stringValue: hash } });
    sink ^= JSON.stringify(request).length;
  },
  'RecordingWriter.write, plain': () => writers.plain.write(batch),
  'RecordingWriter.write, keyed (AGC_RECORD_KEY)': () => writers.keyed.write(batch),
  'RecordingWriter.write, signed (Ed25519)': () => writers.signed.write(batch),
};

const rounds = [];
for (let round = 0; round < 7; round++) {
  const r = {};
  for (const [name, fn] of Object.entries(cases)) {
    for (let i = 0; i < 5; i++) fn();
    const samples = new Float64Array(60);
    for (let i = 0; i < samples.length; i++) {
      const t0 = process.hrtime.bigint();
      fn();
      samples[i] = Number(process.hrtime.bigint() - t0) / BATCH;
    }
    samples.sort();
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    r[name] = { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), mean };
  }
  rounds.push(r);
}
const results = {};
for (const name of Object.keys(cases)) {
  results[name] = Object.fromEntries(
    ['p50', 'p99', 'mean'].map((k) => [k, median(rounds.map((r) => r[name][k]))]),
  );
}
const floor = results['serializer alone (floor)'].mean;
table(
  ['case (per span)', 'p50', 'p99', 'mean', 'mean / floor'],
  Object.entries(results).map(([name, r]) => [
    name,
    fmtNs(r.p50),
    fmtNs(r.p99),
    fmtNs(r.mean),
    `${(r.mean / floor).toFixed(2)}×`,
  ]),
);
for (const w of Object.values(writers)) w.close();
const plainDir = join(dir, 'plain');
const bytes = readdirSync(plainDir)
  .filter((f) => f.endsWith('.jsonl'))
  .reduce((n, f) => n + statSync(join(plainDir, f)).size, 0);
const spans = rounds.length * (5 + 60) * BATCH;
console.log(`\non disk: ${(bytes / spans).toFixed(0)} bytes per governed span (plain)`);
rmSync(dir, { recursive: true, force: true });
if (Number.isNaN(sink)) console.log(sink);
writeResult('recorder', {
  rounds: rounds.length,
  batch: BATCH,
  results,
  bytesPerSpan: bytes / spans,
});
