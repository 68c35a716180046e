import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { govern, withAgent } from '../../instrumentation/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { GovernanceRuntime, loadRuntimeInputs, runtimeConfigFromEnv } from '../../runtime/index.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import type { OtlpReceiver } from '../helpers/otlp-receiver.js';
import { SECRET_CORPUS } from '../helpers/secret-corpus.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

// Every place a string enters a governed call — arguments, results, thrown errors, agent ids,
// tool names, policy reasons, other instrumentations' attributes — with each of the corpus's
// secret shapes, content capture on: none may reach the recording, the OTLP export or /metrics.

const REASON_SECRETS = SECRET_CORPUS.filter((s) => !/[\n'"]/.test(s.text)).slice(0, 3);
const saved = { ...process.env };
/** Runs CALL and ignores its failure (a deny is thrown before the call starts). */
const settle = (call: () => Promise<unknown>) =>
  Promise.resolve()
    .then(call)
    .catch(() => undefined);
let runtime: GovernanceRuntime | undefined;
let receiver: OtlpReceiver;
const out = { recording: '', otlp: '', metrics: '' };

beforeAll(async () => {
  receiver = await startOtlpReceiver('http/json');
  const dir = mkdtempSync(join(tmpdir(), 'agc-secret-corpus-'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(
    policy,
    [
      'apiVersion: agc/v1',
      'kind: Policy',
      'metadata: { name: corpus }',
      'spec:',
      '  mode: enforce',
      '  default: allow',
      '  rules:',
      '    - id: leaky-reason',
      '      tools: [leaky]',
      '      decision: deny',
      `      reason: ${JSON.stringify(`refused: ${REASON_SECRETS.map((s) => s.text).join(' / ')}`)}`,
      '',
    ].join('\n'),
  );
  Object.assign(process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  });
  const config = runtimeConfigFromEnv({
    ...process.env,
    AGC_POLICY: policy,
    AGC_RECORD_DIR: join(dir, 'recordings'),
    AGC_METRICS_PORT: '0',
    AGC_CAPTURE_CONTENT: 'true',
  });
  const { inputs, problems } = loadRuntimeInputs(config);
  expect(problems).toEqual([]);
  runtime = GovernanceRuntime.start({ config, ...inputs });
  setGlobalGovernor(runtime.governor);

  const other = trace.getTracer('other-instrumentation');
  for (const [i, { text }] of SECRET_CORPUS.entries()) {
    await withAgent({ id: `agent-${i} ${text}`, name: text }, async () => {
      await govern({ tool: 'search', args: { q: text } }, async () => `found: ${text}`);
      await govern({ tool: `tool-${i} ${text}` }, async () => 'ok');
      await settle(() =>
        govern({ tool: 'fetch' }, async () => {
          throw new Error(`upstream failed: ${text}`);
        }),
      );
    });
    const span = other.startSpan('other.work', { attributes: { 'other.note': text } });
    span.addEvent('log', { message: text });
    span.end();
  }
  await settle(() => govern({ tool: 'leaky' }, async () => 'never'));
  out.metrics = await runtime.metrics.registry.metrics();
  await runtime.shutdown();
  const recordings = join(dir, 'recordings');
  out.recording = readdirSync(recordings)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(join(recordings, f), 'utf8'))
    .join('');
  out.otlp = receiver.bodies.join('');
}, 60_000);

afterAll(async () => {
  await stopRuntime(runtime);
  await receiver.close();
  process.env = { ...saved };
});

describe(`${SECRET_CORPUS.length} secret shapes in every place a string enters`, () => {
  it('the corpus holds at least 50 shapes', () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  it('the calls were recorded, exported and counted (the test sees them)', () => {
    for (const text of [out.recording, out.otlp]) {
      expect(text).toContain('execute_tool search');
      expect(text).toContain('other.work');
      expect(text).toContain('leaky-reason');
    }
    expect(out.metrics).toContain('agc_tool_calls_total{agent="agent-0');
  });

  it.each(SECRET_CORPUS)(
    '$kind: not in the recording, the OTLP export or /metrics',
    ({ secret }) => {
      for (const [where, text] of Object.entries(out)) {
        expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
      }
    },
  );
});
