import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, PolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { loadPolicy } from '../../policy/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { ConfigError, GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { freePort } from '../helpers/free-port.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { policyText } from '../helpers/governed-provider.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

const POLICY = loadPolicy(
  policyText('  default: allow\n  rules:\n    - { id: no-rm, tools: [rm], decision: deny }\n'),
);
const saved = { ...process.env };
let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
  process.env = { ...saved };
});

function startWith(env: Record<string, string>): GovernanceRuntime {
  // The OTLP exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself.
  Object.assign(process.env, env);
  const config = runtimeConfigFromEnv({ ...process.env, AGC_RECORD: 'off', AGC_METRICS_PORT: '0' });
  runtime = GovernanceRuntime.start({ config, policy: POLICY });
  setGlobalGovernor(runtime.governor);
  return runtime;
}

describe('OTLP/HTTP export', () => {
  it('sends the governed spans to OTEL_EXPORTER_OTLP_ENDPOINT; shutdown() flushes', async () => {
    const received: IExportTraceServiceRequest[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        expect(req.url).toBe('/v1/traces');
        received.push(JSON.parse(body) as IExportTraceServiceRequest);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const rt = startWith({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'otlp-test',
      });
      for (let i = 0; i < 5; i++)
        await withAgent({ id: 'a' }, () => govern({ tool: 'search' }, async () => i));
      expect(() => withAgent({ id: 'a' }, () => govern({ tool: 'rm' }, () => 1))).toThrow(
        PolicyDeniedError,
      );
      await rt.shutdown();
      const spans = received.flatMap(
        (r) =>
          r.resourceSpans?.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans ?? [])) ?? [],
      );
      expect(spans.map((s) => s.name)).toEqual([
        ...Array(5).fill('execute_tool search'),
        'execute_tool rm',
      ]);
      const service = received[0]?.resourceSpans?.[0]?.resource?.attributes.find(
        (a) => a.key === 'service.name',
      );
      expect(service?.value).toEqual({ stringValue: 'otlp-test' });
      expect(await rt.metrics.text()).toMatch(
        /agc_exporter_spans_total\{exporter="otlp",result="ok"\} 6/,
      );
    } finally {
      server.close();
    }
  });

  it('a dead endpoint keeps memory bounded and decisions intact', async () => {
    const port = await freePort(); // nothing listens there
    const rt = startWith({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
    });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let denied = 0;
    for (let i = 0; i < 30_000; i++) {
      try {
        await withAgent({ id: `a${i % 50}` }, () =>
          govern({ tool: i % 10 === 0 ? 'rm' : 'search' }, async () => i),
        );
      } catch (error) {
        if (error instanceof PolicyDeniedError) denied++;
        else throw error;
      }
    }
    gc?.();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(denied).toBe(3_000);
    // 30,000 spans would be ~60 MB if queued; the bounded batch queue keeps at most 2,048.
    expect(grownMb).toBeLessThan(40);
    // Failures are counted once the exporter gives up on a batch (after its retries).
    const failed = /agc_exporter_spans_total\{exporter="otlp",result="failed"\} [1-9]/;
    for (let i = 0; i < 300 && !failed.test(await rt.metrics.text()); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await rt.metrics.text()).toMatch(failed);
    // Every span is accounted for once the queue drains: failed, or dropped while the queue was
    // full (the SDK's batch processor alone only logs those).
    await stopRuntime(rt);
    runtime = undefined;
    const text = await rt.metrics.text();
    const count = (result: string): number =>
      Number(
        new RegExp(`agc_exporter_spans_total\\{exporter="otlp",result="${result}"\\} (\\d+)`).exec(
          text,
        )?.[1] ?? 0,
      );
    expect(count('dropped_queue_full')).toBeGreaterThan(0);
    expect(count('ok')).toBe(0);
    expect(count('failed') + count('dropped_queue_full')).toBe(30_000);
  }, 90_000);

  it.each([
    ['grpc', 'grpc', ':grpc'],
    ['http/protobuf', 'http/protobuf', 'application/x-protobuf'],
    ['http/json', 'http/json', 'application/json'],
    ['unset (the specification default)', undefined, 'application/x-protobuf'],
  ] as const)(
    'OTEL_EXPORTER_OTLP_PROTOCOL %s: sent on that transport, decoded by a receiver of it',
    async (_name, protocol, contentType) => {
      const receiver = await startOtlpReceiver(protocol ?? 'http/protobuf');
      try {
        const rt = startWith({
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          ...(protocol !== undefined && { OTEL_EXPORTER_OTLP_PROTOCOL: protocol }),
        });
        await withAgent({ id: 'a' }, () => govern({ tool: 'search' }, async () => 1));
        expect(() => withAgent({ id: 'a' }, () => govern({ tool: 'rm' }, () => 1))).toThrow(
          PolicyDeniedError,
        );
        await rt.shutdown();
        expect(receiver.requests.length).toBeGreaterThan(0);
        for (const type of receiver.requests) expect(type).toContain(contentType);
        expect(receiver.spans.map((s) => [s.name, s.attributes['agc.policy.decision']])).toEqual([
          ['execute_tool search', 'allow'],
          ['execute_tool rm', 'deny'],
        ]);
      } finally {
        await receiver.close();
      }
    },
    20_000,
  );

  it('refuses an unknown protocol with the variable, the value and what is expected', () => {
    expect(() => runtimeConfigFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' })).toThrow(
      new ConfigError(
        "OTEL_EXPORTER_OTLP_PROTOCOL='http/xml': expected grpc, http/protobuf or http/json",
      ),
    );
    expect(
      runtimeConfigFromEnv({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      }).otlpProtocol,
    ).toBe('grpc');
  });
});
