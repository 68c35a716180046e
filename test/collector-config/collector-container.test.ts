// Runs the real OpenTelemetry Collector (contrib image) with collector-config/*.yaml through
// testcontainers, where a container runtime exists. Without one (our CI, this machine) every test
// is skipped with the probe's reason, printed once. AGC_SKIP_CONTAINERS=1 skips on purpose.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_SOURCE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_NAME,
  ERROR_TYPE_POLICY_DENIED,
  EVENT_AGC_ANOMALY,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../../conventions/index.js';

const IMAGE = process.env.AGC_COLLECTOR_IMAGE ?? 'otel/opentelemetry-collector-contrib:0.130.0';
const CONFIG_DIR = join(import.meta.dirname, '../../collector-config');
const CONFIG_IN_IMAGE = '/etc/otelcol-contrib/config.yaml';
const REPLAY_FILE = '/tmp/agc-replay.jsonl';
const TIMEOUT = 240_000;

/** Why container tests cannot run here, or null when a runtime answers. */
async function containerRuntimeUnavailable(): Promise<string | null> {
  if (process.env.AGC_SKIP_CONTAINERS === '1') return 'AGC_SKIP_CONTAINERS=1';
  try {
    // The import itself can fail (testcontainers 12 does not load on Node 20).
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return `no container runtime: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const noRuntime = await containerRuntimeUnavailable();
if (noRuntime) console.warn(`[collector-config] skipping container tests — ${noRuntime}`);

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One OTLP/JSON request with a single governed tool span in its own trace. */
function toolTrace(
  traceId: string,
  decision: string,
  options: {
    source?: string;
    error?: boolean;
    event?: string;
    extra?: ReturnType<typeof attr>[];
  } = {},
) {
  const end = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'collector-test')] },
        scopeSpans: [
          {
            scope: { name: '@agc/otel' },
            spans: [
              {
                traceId,
                spanId: hex(8),
                name: 'execute_tool web_search',
                kind: 1,
                startTimeUnixNano: String(end - 5_000_000n),
                endTimeUnixNano: String(end),
                attributes: [
                  attr(ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_EXECUTE_TOOL),
                  attr(ATTR_GEN_AI_TOOL_NAME, 'web_search'),
                  attr(ATTR_GEN_AI_AGENT_ID, 'researcher-1'),
                  attr(ATTR_AGC_POLICY_DECISION, decision),
                  attr(ATTR_AGC_POLICY_SOURCE, options.source ?? 'policy'),
                  ...(options.error ? [attr(ATTR_ERROR_TYPE, ERROR_TYPE_POLICY_DENIED)] : []),
                  ...(options.extra ?? []),
                ],
                events: options.event ? [{ name: options.event, timeUnixNano: String(end) }] : [],
                status: { code: options.error ? 2 : 0 },
              },
            ],
          },
        ],
      },
    ],
  };
}

async function post(container: StartedTestContainer, body: unknown): Promise<void> {
  const url = `http://${container.getHost()}:${container.getMappedPort(4318)}/v1/traces`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

/** The text of a single-file tar archive (what copyArchiveFromContainer returns). */
async function untarSingleFile(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  const tar = Buffer.concat(chunks);
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0/g, '').trim(), 8);
  return tar.subarray(512, 512 + size).toString('utf8');
}

/** Spans the gateway's file exporter has written so far, by trace id. */
async function replaySpans(
  gateway: StartedTestContainer,
): Promise<Map<string, Record<string, string>>> {
  const spans = new Map<string, Record<string, string>>();
  let text: string;
  try {
    text = await untarSingleFile(await gateway.copyArchiveFromContainer(REPLAY_FILE));
  } catch {
    return spans; // not written yet
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const data = JSON.parse(line) as {
      resourceSpans?: {
        scopeSpans?: {
          spans?: {
            traceId: string;
            attributes?: { key: string; value: { stringValue?: string } }[];
          }[];
        }[];
      }[];
    };
    for (const rs of data.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? [])
          spans.set(
            s.traceId,
            Object.fromEntries((s.attributes ?? []).map((a) => [a.key, a.value.stringValue ?? ''])),
          );
  }
  return spans;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const started: { stop(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
});

async function startGateway(network?: StartedNetwork): Promise<StartedTestContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  let container = new GenericContainer(IMAGE)
    .withCopyFilesToContainer([
      { source: join(CONFIG_DIR, 'gateway.yaml'), target: CONFIG_IN_IMAGE },
    ])
    .withEnvironment({
      AGC_DECISION_WAIT: '2s',
      AGC_BASELINE_SAMPLING_PERCENT: '0',
      AGC_SPANMETRICS_FLUSH_INTERVAL: '1s',
      AGC_REPLAY_FILE: REPLAY_FILE,
      // Nothing listens there: the backend export fails, the file exporter still writes.
      AGC_TRACE_BACKEND: '127.0.0.1:14317',
    })
    .withExposedPorts(4318, 8889, 13133)
    .withWaitStrategy(Wait.forHttp('/', 13133));
  if (network) container = container.withNetwork(network).withNetworkAliases('agc-gateway');
  const gateway = await container.start();
  started.push(gateway);
  return gateway;
}

describe('collector-config/gateway.yaml in the real collector', () => {
  it(
    'keeps denied and anomalous traces, drops the rest at 0 % baseline, counts all of them, masks secrets',
    async (ctx) => {
      if (noRuntime) return ctx.skip(noRuntime);
      const gateway = await startGateway();
      const allowed = hex(16);
      const denied = hex(16);
      const anomalous = hex(16);
      await post(gateway, toolTrace(allowed, 'allow'));
      await post(
        gateway,
        toolTrace(denied, 'deny', {
          error: true,
          extra: [
            attr(
              ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
              '{"key":"sk-proj-abcdefghijklmnopqrstuvwxyz0123"}',
            ),
            attr('http.request.header.authorization', 'Bearer abc.def'),
          ],
        }),
      );
      await post(gateway, toolTrace(anomalous, 'allow', { event: EVENT_AGC_ANOMALY }));

      const kept = await eventually('the kept traces in the replay file', async () => {
        const spans = await replaySpans(gateway);
        return spans.has(denied) && spans.has(anomalous) ? spans : undefined;
      });
      expect(kept.has(allowed)).toBe(false);
      const deniedSpan = kept.get(denied) ?? {};
      expect(deniedSpan[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).not.toContain('sk-proj');
      expect(deniedSpan['http.request.header.authorization']).not.toContain('abc.def');
      expect(deniedSpan[ATTR_AGC_POLICY_DECISION]).toBe('deny');

      // Span metrics are computed before sampling: the dropped allowed call is counted too.
      const metricsUrl = `http://${gateway.getHost()}:${gateway.getMappedPort(8889)}/metrics`;
      const counts = await eventually('span metrics of all three calls', async () => {
        const body = await (await fetch(metricsUrl)).text();
        const calls = body.split('\n').filter((l) => /^agc[._]span[._]calls/.test(l));
        const count = (decision: string) =>
          calls
            .filter(
              (l) =>
                l.includes(`agc_policy_decision="${decision}"`) ||
                l.includes(`"agc.policy.decision"="${decision}"`),
            )
            .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
        const result = { allow: count('allow'), deny: count('deny') };
        return result.allow + result.deny >= 3 ? result : undefined;
      });
      expect(counts).toEqual({ allow: 2, deny: 1 });
    },
    TIMEOUT,
  );

  it(
    'agent.yaml forwards to the gateway by trace id',
    async (ctx) => {
      if (noRuntime) return ctx.skip(noRuntime);
      const { GenericContainer, Network, Wait } = await import('testcontainers');
      const network = await new Network().start();
      started.push(network);
      const gateway = await startGateway(network);
      const agent = await new GenericContainer(IMAGE)
        .withCopyFilesToContainer([
          { source: join(CONFIG_DIR, 'agent.yaml'), target: CONFIG_IN_IMAGE },
        ])
        .withEnvironment({ AGC_OTLP_HOST: '0.0.0.0', AGC_GATEWAY_HOST: 'agc-gateway' })
        .withNetwork(network)
        .withExposedPorts(4318, 13133)
        .withWaitStrategy(Wait.forHttp('/', 13133))
        .start();
      started.push(agent);
      const denied = hex(16);
      await post(agent, toolTrace(denied, 'deny', { source: 'quarantine', error: true }));
      const spans = await eventually('the trace at the gateway', async () => {
        const s = await replaySpans(gateway);
        return s.has(denied) ? s : undefined;
      });
      expect(spans.get(denied)?.[ATTR_AGC_POLICY_SOURCE]).toBe('quarantine');
    },
    TIMEOUT,
  );
});
