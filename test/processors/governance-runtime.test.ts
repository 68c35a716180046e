import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, PolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { loadPolicy } from '../../policy/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { verifyRecording } from '../../replay/index.js';
import { freePort } from '../helpers/free-port.js';
import { policyText } from '../helpers/governed-provider.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

const POLICY = policyText(
  '  default: allow\n  rules:\n    - { id: no-rm, tools: [rm], decision: deny }\n',
  'runtime',
);
let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
});

async function start(
  env: Record<string, string>,
  extra: InMemorySpanExporter[] = [],
): Promise<{ runtime: GovernanceRuntime; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-runtime-'));
  const config = runtimeConfigFromEnv({
    AGC_RECORD_DIR: dir,
    AGC_METRICS_PORT: '0',
    OTEL_SERVICE_NAME: 'svc',
    ...env,
  });
  runtime = GovernanceRuntime.start({
    config,
    policy: loadPolicy(POLICY),
    spanProcessors: extra.map((e) => new SimpleSpanProcessor(e)),
  });
  setGlobalGovernor(runtime.governor);
  return { runtime, dir };
}

async function calls(n: number, tool = 'search'): Promise<void> {
  for (let i = 0; i < n; i++)
    await withAgent({ id: 'agent-1', name: 'researcher' }, () =>
      govern({ tool, callId: `c${i}` }, async () => i),
    );
}

describe('the recorder: OTLP/JSON lines, hash-chained', () => {
  it('writes each line as OTel JSON-serializer output plus the chain attribute', async () => {
    const memory = new InMemorySpanExporter();
    const { runtime: rt, dir } = await start({}, [memory]);
    await calls(3);
    expect(() => withAgent({ id: 'agent-1' }, () => govern({ tool: 'rm' }, () => 1))).toThrow(
      PolicyDeniedError,
    );
    // Checkpoints go out of process, not into the recording.
    const finished = memory.getFinishedSpans().filter((s) => s.name !== 'agc.recording.checkpoint');
    await rt.shutdown();
    const files = recordingFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/svc-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.jsonl$/);
    const lines = readFileSync(files[0] ?? '', 'utf8')
      .trim()
      .split('\n');
    const requests = lines.map((l) => JSON.parse(l) as IExportTraceServiceRequest);
    // Strip our chain attribute: what remains is exactly OTel's own serializer output.
    for (const r of requests) {
      const attributes = r.resourceSpans?.[0]?.resource?.attributes ?? [];
      attributes.splice(
        attributes.findIndex((a) => a.key === 'agc.recording.chain'),
        1,
      );
    }
    const recordedIds = requests.flatMap(
      (r) =>
        r.resourceSpans?.flatMap((rs) =>
          rs.scopeSpans.flatMap((ss) => ss.spans?.map((s) => s.spanId) ?? []),
        ) ?? [],
    );
    const expected = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(finished)),
    ) as IExportTraceServiceRequest;
    const expectedSpans = expected.resourceSpans?.[0]?.scopeSpans[0]?.spans ?? [];
    expect(recordedIds).toEqual(expectedSpans.map((s) => s.spanId));
    const recordedSpans = requests.flatMap((r) => r.resourceSpans?.[0]?.scopeSpans[0]?.spans ?? []);
    expect(recordedSpans).toEqual(expectedSpans);
    const spans = readRecordedSpans(dir);
    expect(spans.map((s) => [s.name, s.attributes['agc.policy.decision']])).toEqual([
      ['execute_tool search', 'allow'],
      ['execute_tool search', 'allow'],
      ['execute_tool search', 'allow'],
      ['execute_tool rm', 'deny'],
    ]);
    expect(spans[0]?.resource['service.name']).toBe('svc');
    expect(verifyRecording(files)).toMatchObject({
      ok: true,
      lines: lines.length,
      runs: [{ files, ok: true }],
    });
  });

  it('detects any edit, deletion, reorder or truncation', async () => {
    const { runtime: rt, dir } = await start({ AGC_RECORD_MAX_BYTES: '1024' });
    for (let i = 0; i < 4; i++) {
      await calls(1);
      await rt.provider.forceFlush();
    }
    await rt.shutdown();
    const files = recordingFiles(dir);
    expect(files.length).toBeGreaterThan(1); // rotated, and the chain continues across files
    expect(verifyRecording(files).ok).toBe(true);
    const file = files[0] ?? '';
    const original = readFileSync(file, 'utf8');
    const tamper = (text: string): ReturnType<typeof verifyRecording> => {
      writeFileSync(file, text);
      const result = verifyRecording(files);
      writeFileSync(file, original);
      return result;
    };
    expect(tamper(original.replace('"search"', '"SEARCH"')).problem).toMatchObject({
      kind: 'modified',
      line: 1,
    });
    const all = files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n'));
    const single = (lines: string[]): ReturnType<typeof verifyRecording> => {
      const merged = join(dir, 'merged.jsonl');
      writeFileSync(merged, `${lines.join('\n')}\n`);
      return verifyRecording([merged]);
    };
    expect(single(all).ok).toBe(true);
    expect(single([all[0] ?? '', all[2] ?? '', all[3] ?? '']).problem).toMatchObject({
      kind: 'deleted',
      line: 2,
    });
    expect(single([all[0] ?? '', all[2] ?? '', all[1] ?? '', all[3] ?? '']).problem).toMatchObject({
      kind: 'deleted',
      line: 2,
    });
    // A file that starts mid-chain is a suffix left by retention; what comes after must follow.
    expect(single([all[1] ?? '', all[0] ?? '']).problem).toMatchObject({
      kind: 'reordered',
      line: 2,
    });
    expect(single([all[0] ?? '', all[1] ?? '', all[1] ?? '']).problem).toMatchObject({
      kind: 'reordered',
      line: 3,
    });
    const last = files[files.length - 1] ?? '';
    const lastText = readFileSync(last, 'utf8');
    writeFileSync(last, lastText.slice(0, -20));
    expect(verifyRecording(files).problem).toMatchObject({ kind: 'truncated' });
    writeFileSync(last, '');
    expect(verifyRecording(files).problem).toMatchObject({ kind: 'truncated', file: last });
  });

  it('keys the chain with AGC_RECORD_KEY (HMAC)', async () => {
    const { runtime: rt, dir } = await start({ AGC_RECORD_KEY: 'k1' });
    await calls(2);
    await rt.shutdown();
    const files = recordingFiles(dir);
    expect(verifyRecording(files, 'k1').ok).toBe(true);
    expect(verifyRecording(files, 'wrong').problem?.kind).toBe('modified');
    expect(verifyRecording(files).problem?.kind).toBe('key-needed');
  });

  it('AGC_RECORD=off records nothing', () => {
    expect(runtimeConfigFromEnv({ AGC_RECORD: 'off' }).recordDir).toBeUndefined();
  });
});

describe('metrics on the real /metrics endpoint', () => {
  it('exports calls by agent, tool, decision, source and outcome, durations and health', async () => {
    const port = await freePort();
    const { runtime: rt } = await start({ AGC_METRICS_PORT: String(port) });
    await calls(3);
    expect(() => withAgent({ id: 'agent-1' }, () => govern({ tool: 'rm' }, () => 1))).toThrow(
      PolicyDeniedError,
    );
    await expect(
      withAgent({ id: 'agent-1' }, () =>
        govern({ tool: 'search' }, async () => {
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    const url = await rt.metricsServer?.url;
    expect(url).toBe(`http://127.0.0.1:${port}/metrics`);
    const response = await fetch(url ?? '');
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toContain(
      'agc_tool_calls_total{agent="agent-1",tool="search",decision="allow",source="default",outcome="ok"} 3',
    );
    expect(text).toContain(
      'agc_tool_calls_total{agent="agent-1",tool="rm",decision="deny",source="policy",outcome="denied"} 1',
    );
    expect(text).toContain(
      'agc_tool_calls_total{agent="agent-1",tool="search",decision="allow",source="default",outcome="error"} 1',
    );
    expect(text).toMatch(
      /agc_tool_call_duration_seconds_count\{agent="agent-1",tool="search",outcome="ok"\} 3/,
    );
    expect(text).toMatch(/agc_policy_decision_duration_seconds_count 5/);
    expect(text).toMatch(/agc_policy_rules 1/);
    expect(text).toMatch(/agc_runtime_info\{version="[^"]+",mode="enforce"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('a port in use does not crash the host', async () => {
    const port = await freePort();
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const { runtime: rt } = await start({ AGC_METRICS_PORT: String(port) });
      await expect(rt.metricsServer?.url).rejects.toThrow(/EADDRINUSE/);
      expect(
        await withAgent({ id: 'a' }, () => govern({ tool: 'x' }, async () => 'still works')),
      ).toBe('still works');
    } finally {
      blocker.close();
    }
  });
});

describe('configuration from the environment', () => {
  it('reads the documented variables with their defaults', () => {
    const c = runtimeConfigFromEnv({});
    expect(c).toMatchObject({
      serviceName: 'agent',
      mode: 'enforce',
      recordDir: '.agc/recordings',
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      captureContent: false,
      otlp: false,
      policyPaths: [],
    });
    expect(runtimeConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }).otlp).toBe(true);
    expect(runtimeConfigFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' }).otlp).toBe(true);
    expect(
      runtimeConfigFromEnv({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'SPAN_ONLY' })
        .captureContent,
    ).toBe(true);
    expect(runtimeConfigFromEnv({ AGC_CAPTURE_CONTENT: 'true' }).captureContent).toBe(true);
    expect(runtimeConfigFromEnv({ AGC_POLICY: 'a.yaml, b.yaml' }).policyPaths).toEqual([
      'a.yaml',
      'b.yaml',
    ]);
    expect(runtimeConfigFromEnv({}, (p) => p === 'agc.policy.yaml').policyPaths).toEqual([
      'agc.policy.yaml',
    ]);
    expect(runtimeConfigFromEnv({ OTEL_SDK_DISABLED: 'true' }).sdkDisabled).toBe(true);
  });

  it.each([
    [{ AGC_MODE: 'strict' }, "AGC_MODE='strict': expected enforce, audit or off"],
    [
      { AGC_METRICS_PORT: '70000' },
      "AGC_METRICS_PORT='70000': expected an integer from 0 to 65535",
    ],
    [{ AGC_RECORD_MAX_BYTES: 'big' }, "AGC_RECORD_MAX_BYTES='big'"],
  ])('rejects %j with a precise message', (env, message) => {
    expect(() => runtimeConfigFromEnv(env)).toThrow(message);
  });
});
