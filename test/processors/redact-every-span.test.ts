import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, withAgent } from '../../instrumentation/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

const SECRETS = [
  'sk-proj-AbCdEfGhIjKlMnOpQrStUv123',
  'jane.doe@example.com',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlMTIz',
  'hunter2-password-value',
  'Bearer abcdefgh12345678',
];

const saved = { ...process.env };
let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
  process.env = { ...saved };
});

// Spans other instrumentations put into the trace (the AI SDK's `ai.*` telemetry, OpenLLMetry's
// `llm.*`, an HTTP client's headers) reach our recorder and our OTLP export; so do tool errors.
describe('everything we record or export is redacted, whoever set it', () => {
  it('foreign span attributes, events, status messages and tool errors', async () => {
    const receiver = await startOtlpReceiver('http/json');
    const dir = mkdtempSync(join(tmpdir(), 'agc-redact-all-'));
    try {
      Object.assign(process.env, {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      });
      const config = runtimeConfigFromEnv({
        ...process.env,
        AGC_RECORD_DIR: dir,
        AGC_METRICS_PORT: '0',
      });
      runtime = GovernanceRuntime.start({ config });
      setGlobalGovernor(runtime.governor);

      const span = trace.getTracer('ai').startSpan('ai.generateText', {
        attributes: {
          'ai.response.toolCalls': JSON.stringify([
            { toolName: 'mail', args: { apiKey: SECRETS[0], to: SECRETS[1] } },
          ]),
          'llm.prompts': [`use the token ${SECRETS[2]}`],
          'http.request.header.authorization': SECRETS[4],
          'db.password': SECRETS[3],
          'gen_ai.usage.input_tokens': 12,
        },
      });
      span.addEvent('exception', { 'exception.message': `401 for ${SECRETS[4]}` });
      span.setStatus({ code: SpanStatusCode.ERROR, message: `failed for ${SECRETS[1]}` });
      span.end();
      await withAgent({ id: 'a' }, async () => {
        await expect(
          govern({ tool: 'fetch' }, async () => {
            throw new Error(`upstream said: bad key ${SECRETS[0]}`);
          }),
        ).rejects.toThrow('upstream said');
      });
      await runtime.shutdown();

      const recorded = readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('');
      const exported = receiver.bodies.join('');
      for (const [where, text] of [
        ['recording', recorded],
        ['OTLP export', exported],
      ] as const) {
        expect(text, where).toContain('ai.generateText');
        expect(text, where).toContain('execute_tool fetch');
        expect(text, where).toContain('[REDACTED]');
        for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret);
        // Counts under a token-ish name are kept.
        expect(text, where).toMatch(/"gen_ai\.usage\.input_tokens","value":\{"intValue":12\}/);
      }
    } finally {
      await receiver.close();
    }
  });
});
