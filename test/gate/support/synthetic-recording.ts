import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How one arm behaves; every draw comes from a seeded generator. */
export interface ArmProfile {
  readonly seed: number;
  /** Agent tasks (traces). */
  readonly runs: number;
  /** Tool calls per run: uniform in [min, max]. @default [3, 5] */
  readonly callsPerRun?: readonly [number, number];
  /** Share of calls that run and fail. @default 0.02 */
  readonly errorRate?: number;
  /** Share of calls denied by policy (blocked, not run). @default 0.01 */
  readonly denyRate?: number;
  /** Share of calls denied with source quarantine. @default 0 */
  readonly quarantineRate?: number;
  /** Share of calls carrying an agc.anomaly event. @default 0.01 */
  readonly anomalyRate?: number;
  /** Median tool latency, ms (log-normal, σ 0.5). @default 50 */
  readonly latencyMs?: number;
  /** Median tokens of the run's model call (log-normal, σ 0.3); 0 = no model span. @default 1200 */
  readonly tokens?: number;
  /** USD per token. @default 0.000002 */
  readonly costPerToken?: number;
  /** Epoch ms of the first run. @default 1_700_000_000_000 */
  readonly startMs?: number;
  /** Gap between run starts, ms. @default 2000 */
  readonly gapMs?: number;
  /** Agent id. @default 'researcher-1' */
  readonly agent?: string;
}

/** A seeded uniform generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function hex(random: () => number, chars: number): string {
  let s = '';
  while (s.length < chars) s += Math.floor(random() * 16).toString(16);
  return s;
}

type Value =
  { stringValue: string } | { intValue: number } | { doubleValue: number } | { boolValue: boolean };
const attr = (key: string, v: string | number | boolean): { key: string; value: Value } => ({
  key,
  value:
    typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : Number.isInteger(v)
          ? { intValue: v }
          : { doubleValue: v },
});
const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/**
 * OTLP/JSON lines (one `ExportTraceServiceRequest` per run, as the recorder writes them) for an
 * arm: per run an `invoke_agent` root, a `chat` span with usage and cost, then tool spans with
 * the decision attributes our instrumentation sets.
 */
export function syntheticLines(profile: ArmProfile): string[] {
  const random = rng(profile.seed);
  const [minCalls, maxCalls] = profile.callsPerRun ?? [3, 5];
  const errorRate = profile.errorRate ?? 0.02;
  const denyRate = profile.denyRate ?? 0.01;
  const quarantineRate = profile.quarantineRate ?? 0;
  const anomalyRate = profile.anomalyRate ?? 0.01;
  const latency = profile.latencyMs ?? 50;
  const tokens = profile.tokens ?? 1200;
  const costPerToken = profile.costPerToken ?? 0.000002;
  const agent = profile.agent ?? 'researcher-1';
  const lines: string[] = [];
  for (let r = 0; r < profile.runs; r++) {
    const traceId = hex(random, 32);
    const rootId = hex(random, 16);
    const start = (profile.startMs ?? 1_700_000_000_000) + r * (profile.gapMs ?? 2000);
    let t = start + 1;
    const spans: unknown[] = [];
    if (tokens > 0) {
      const used = Math.max(1, Math.round(tokens * Math.exp(0.3 * normal(random))));
      const input = Math.round(used * 0.8);
      const end = t + 200;
      spans.push({
        traceId,
        spanId: hex(random, 16),
        parentSpanId: rootId,
        name: 'chat gpt-x',
        kind: 3,
        startTimeUnixNano: nanos(t),
        endTimeUnixNano: nanos(end),
        attributes: [
          attr('gen_ai.operation.name', 'chat'),
          attr('gen_ai.request.model', 'gpt-x'),
          attr('gen_ai.usage.input_tokens', input),
          attr('gen_ai.usage.output_tokens', used - input),
          attr('agc.usage.cost_usd', used * costPerToken),
        ],
        status: { code: 0 },
        events: [],
      });
      t = end;
    }
    const calls = minCalls + Math.floor(random() * (maxCalls - minCalls + 1));
    for (let c = 0; c < calls; c++) {
      const tool = ['web_search', 'file_read', 'fetch_page'][c % 3] as string;
      const u = random();
      const quarantined = u < quarantineRate;
      const denied = !quarantined && u < quarantineRate + denyRate;
      const failed = !quarantined && !denied && random() < errorRate;
      const anomalous = random() < anomalyRate;
      const duration = quarantined || denied ? 0.05 : latency * Math.exp(0.5 * normal(random));
      const end = t + duration;
      const attributes = [
        attr('gen_ai.operation.name', 'execute_tool'),
        attr('gen_ai.tool.name', tool),
        attr('gen_ai.tool.call.id', `call-${r}-${c}`),
        attr('gen_ai.agent.id', agent),
        attr('agc.policy.decision', quarantined || denied ? 'deny' : 'allow'),
        attr('agc.policy.source', quarantined ? 'quarantine' : denied ? 'policy' : 'policy'),
        attr('agc.policy.mode', 'enforce'),
      ];
      if (quarantined || denied) {
        attributes.push(attr('agc.policy.enforced', true), attr('error.type', 'agc.policy_denied'));
      } else if (failed) {
        attributes.push(attr('error.type', 'UpstreamError'));
      }
      spans.push({
        traceId,
        spanId: hex(random, 16),
        parentSpanId: rootId,
        name: `execute_tool ${tool}`,
        kind: 1,
        startTimeUnixNano: nanos(t),
        endTimeUnixNano: nanos(end),
        attributes,
        status: { code: quarantined || denied || failed ? 2 : 0 },
        events: anomalous
          ? [
              {
                name: 'agc.anomaly',
                timeUnixNano: nanos(end),
                attributes: [
                  attr('agc.anomaly.detector', 'frequency'),
                  attr('agc.anomaly.score', 0.9),
                ],
              },
            ]
          : [],
      });
      t = end + 1;
    }
    spans.push({
      traceId,
      spanId: rootId,
      name: 'invoke_agent researcher',
      kind: 1,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(t + 5),
      attributes: [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.id', agent)],
      status: { code: 0 },
      events: [],
    });
    lines.push(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [attr('service.name', 'agent')] },
            scopeSpans: [{ scope: { name: '@agc/otel' }, spans }],
          },
        ],
      }),
    );
  }
  return lines;
}

/** Writes an arm's recording as `<dir>/<name>.jsonl` and returns the path. */
export function writeRecording(dir: string, name: string, profile: ArmProfile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, `${syntheticLines(profile).join('\n')}\n`);
  return path;
}
