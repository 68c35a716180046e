// Replay throughput and memory: `agc replay show` and `what-if` over generated recordings at two
// sizes, each scenario in a fresh child process so its peak RSS is its own. Side by side in one
// run: the streaming reader vs a naive whole-file read (readFileSync + split + JSON.parse, what
// the incumbent and most cassette loaders do), and raw JSON.parse of the same lines as the
// ceiling. Medians of REPEATS runs; ratios large/small show whether memory stays flat.
// Run: npm run build && node --expose-gc bench/replay.bench.mjs
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, table, writeResult } from './lib.mjs';

const SIZES = [10_000, 40_000];
const SPANS_PER_LINE = 200;
const REPEATS = 3;
const dist = new URL('../dist/esm/', import.meta.url);
const POLICY = `apiVersion: agc/v1
kind: Policy
metadata: { name: bench }
spec:
  default: allow
  rules:
    - { id: no-rm, tools: [shell_rm], decision: deny }
    - { id: ws, tools: [file_read], when: '!args.path.startsWith("/workspace/")', decision: deny }
    - { id: search-rate, tools: [web_search], limit: { count: 50, per: 1m } }
    - { id: spend, budget: { costUsd: 100, per: 1h } }
`;

if (process.argv[2] === '--child')
  await child(process.argv[3], process.argv[4], process.argv[5], process.argv[6] === 'mem');
else await main();

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'agc-replay-bench-'));
  // Children import a snapshot of dist/esm: a concurrent `npm run build` empties dist mid-run.
  const built = fileURLToPath(new URL('replay/index.js', dist));
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  cpSync(fileURLToPath(dist), join(dir, 'esm'), { recursive: true });
  symlinkSync(fileURLToPath(new URL('../../node_modules', dist)), join(dir, 'node_modules'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, POLICY);
  const rows = [];
  const result = {
    spansPerLine: SPANS_PER_LINE,
    repeats: REPEATS,
    loadAverageAtStart: loadavg()[0],
    sizes: [],
  };
  try {
    for (const spans of SIZES) {
      const file = join(dir, `rec-${spans}.jsonl`);
      await generate(file, spans);
      const bytes = statSync(file).size;
      const entry = { spans, bytes, scenarios: {} };
      for (const scenario of ['json-parse', 'naive-read', 'show', 'what-if']) {
        const runs = [];
        for (let i = 0; i < REPEATS; i++) runs.push(runChild(scenario, file, policy, false));
        // One more run that forces a GC every MiB read and records the live heap: peak RSS
        // follows V8's lazy collection, the live heap is what the reader actually holds.
        const mem = runChild(scenario, file, policy, true);
        const ms = median(runs.map((r) => r.ms));
        const rssMb = median(runs.map((r) => r.maxRssKb / 1024));
        entry.scenarios[scenario] = {
          ms,
          spansPerSec: Math.round((spans * 1000) / ms),
          mbPerSec: Number((bytes / 1048576 / (ms / 1000)).toFixed(1)),
          peakRssMb: Number(rssMb.toFixed(1)),
          peakLiveHeapMb: Number((mem.peakHeap / 1048576).toFixed(1)),
          check: runs[0].check,
        };
      }
      result.sizes.push(entry);
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = result.sizes;
  for (const scenario of ['json-parse', 'naive-read', 'show', 'what-if']) {
    const a = small.scenarios[scenario];
    const b = large.scenarios[scenario];
    rows.push([
      scenario,
      `${a.spansPerSec.toLocaleString('en')} / ${b.spansPerSec.toLocaleString('en')}`,
      `${a.mbPerSec} / ${b.mbPerSec}`,
      `${a.peakRssMb} / ${b.peakRssMb}`,
      `${(b.peakRssMb / a.peakRssMb).toFixed(2)}x`,
      `${a.peakLiveHeapMb} / ${b.peakLiveHeapMb}`,
      `${(b.peakLiveHeapMb / a.peakLiveHeapMb).toFixed(2)}x`,
      `${(a.spansPerSec / small.scenarios['json-parse'].spansPerSec).toFixed(2)}x`,
    ]);
  }
  const mb = (e) => `${(e.bytes / 1048576).toFixed(0)} MB`;
  console.log(
    `replay: ${small.spans.toLocaleString('en')} spans (${mb(small)}) vs ${large.spans.toLocaleString('en')} spans (${mb(large)}), ${SPANS_PER_LINE} spans per line, median of ${REPEATS}\n`,
  );
  table(
    [
      'scenario',
      'spans/s small / large',
      'MB/s',
      'peak RSS MB',
      'RSS ratio',
      'live heap MB',
      'heap ratio',
      'speed vs JSON.parse',
    ],
    rows,
  );
  const ratio = (name, key) =>
    Number((large.scenarios[name][key] / small.scenarios[name][key]).toFixed(2));
  result.largeOverSmall = Object.fromEntries(
    ['json-parse', 'naive-read', 'show', 'what-if'].map((n) => [
      n,
      {
        peakRss: ratio(n, 'peakRssMb'),
        peakLiveHeap: ratio(n, 'peakLiveHeapMb'),
        spansPerSec: ratio(n, 'spansPerSec'),
      },
    ]),
  );
  console.log(
    `\nload average ${loadavg()[0].toFixed(1)} on this machine during the run (2 cores shared)`,
  );
  writeResult('replay', result);
}

function runChild(scenario, file, policy, mem) {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      fileURLToPath(import.meta.url),
      '--child',
      scenario,
      file,
      policy,
      mem ? 'mem' : 'time',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`${scenario} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function child(scenario, file, policy, mem) {
  const replay = await import(pathToFileURL(join(dirname(file), 'esm', 'replay', 'index.js')).href);
  let peakHeap = 0;
  const sample = () => {
    globalThis.gc();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const onProgress = mem ? sample : undefined;
  const t0 = process.hrtime.bigint();
  let check = 0;
  if (scenario === 'json-parse') {
    // The ceiling: split and parse every line, decode nothing (whole file in memory).
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const line of lines) if (line) check += JSON.parse(line).resourceSpans.length;
    if (mem) sample();
  } else if (scenario === 'naive-read') {
    const all = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      for (const rs of JSON.parse(line).resourceSpans)
        for (const ss of rs.scopeSpans) all.push(...ss.spans);
    }
    all.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    check = all.length;
    if (mem) sample();
  } else if (scenario === 'show') {
    // What `agc replay show --json > /dev/null` does: group, build trees, render, summarise.
    const result = await replay.showRecording(
      [file],
      (tree) => {
        check += replay.renderRunTree(tree).length > 0 ? 1 : 0;
      },
      { onProgress },
    );
    check = result.summary.spans;
  } else if (scenario === 'what-if') {
    const result = await replay.whatIfRecording([file], [policy], { onProgress });
    check = result.calls;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, peakHeap, check }));
}

/** Writes SPANS spans as recorder-shaped OTLP/JSON lines: agent runs of 1 model + 8 tool calls. */
async function generate(file, spans) {
  const out = createWriteStream(file);
  const t0 = 1767225600000n * 1000000n;
  const tools = [
    'web_search',
    'file_read',
    'file_read',
    'web_search',
    'shell_rm',
    'fetch',
    'web_search',
    'file_write',
  ];
  const attr = (key, value) =>
    typeof value === 'string'
      ? { key, value: { stringValue: value } }
      : typeof value === 'boolean'
        ? { key, value: { boolValue: value } }
        : Number.isInteger(value)
          ? { key, value: { intValue: value } }
          : { key, value: { doubleValue: value } };
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  let batch = [];
  let written = 0;
  let run = 0;
  const flush = async () => {
    const line = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              attr('service.name', 'bench-agent'),
              attr('telemetry.sdk.language', 'nodejs'),
            ],
            droppedAttributesCount: 0,
          },
          scopeSpans: [{ scope: { name: '@agc/otel' }, spans: batch }],
        },
      ],
    };
    if (!out.write(`${JSON.stringify(line)}\n`)) await new Promise((r) => out.once('drain', r));
    batch = [];
  };
  while (written < spans) {
    const traceId = hex(BigInt(run) + 1n, 32);
    const rootId = hex(BigInt(run) * 16n + 1n, 16);
    const base = t0 + BigInt(run) * 2_000_000_000n;
    const agent = `agent-${run % 50}`;
    const children = [];
    children.push({
      name: 'chat gpt-4o',
      attributes: [
        attr('gen_ai.operation.name', 'chat'),
        attr('gen_ai.request.model', 'gpt-4o'),
        attr('gen_ai.usage.input_tokens', 1200),
        attr('gen_ai.usage.output_tokens', 90),
      ],
      start: base + 1_000_000n,
      end: base + 400_000_000n,
      status: { code: 0 },
    });
    tools.forEach((tool, i) => {
      const denied = tool === 'shell_rm';
      children.push({
        name: `execute_tool ${tool}`,
        attributes: [
          attr('gen_ai.operation.name', 'execute_tool'),
          attr('gen_ai.tool.name', tool),
          attr('gen_ai.tool.type', 'function'),
          attr('gen_ai.agent.id', agent),
          attr('agc.governed', true),
          attr('gen_ai.agent.name', 'researcher'),
          attr('gen_ai.tool.call.id', `call-${run}-${i}`),
          attr(
            'gen_ai.tool.call.arguments',
            JSON.stringify({ path: i % 2 ? '/workspace/a.md' : '/etc/x', q: `query ${run}` }),
          ),
          attr('agc.policy.decision', denied ? 'deny' : 'allow'),
          attr('agc.policy.source', denied ? 'policy' : 'default'),
          attr('agc.policy.mode', 'enforce'),
          attr('agc.policy.reason', denied ? 'no' : 'default allow'),
          attr('gen_ai.guardrail.verdict.type', denied ? 'deny' : 'allow'),
          attr('agc.policy.id', 'bench'),
          attr('agc.usage.cost_usd', 0.0012),
          ...(denied
            ? [
                attr('agc.policy.rule', 'no-rm'),
                attr('agc.policy.enforced', true),
                attr('error.type', 'agc.policy_denied'),
              ]
            : [attr('gen_ai.tool.call.result', '"ok"')]),
        ],
        start: base + 410_000_000n + BigInt(i) * 100_000_000n,
        end: base + 450_000_000n + BigInt(i) * 100_000_000n,
        status: denied ? { code: 2, message: 'no' } : { code: 0 },
      });
    });
    children.push({
      name: 'invoke_agent researcher',
      attributes: [
        attr('gen_ai.operation.name', 'invoke_agent'),
        attr('gen_ai.agent.id', agent),
        attr('gen_ai.agent.name', 'researcher'),
      ],
      start: base,
      end: base + 1_300_000_000n,
      status: { code: 0 },
      root: true,
    });
    children.forEach((c, i) => {
      batch.push({
        traceId,
        spanId: c.root ? rootId : hex(BigInt(run) * 16n + BigInt(i) + 2n, 16),
        ...(c.root ? {} : { parentSpanId: rootId }),
        name: c.name,
        kind: 1,
        startTimeUnixNano: String(c.start),
        endTimeUnixNano: String(c.end),
        attributes: c.attributes,
        droppedAttributesCount: 0,
        events: [],
        droppedEventsCount: 0,
        status: c.status,
        links: [],
        droppedLinksCount: 0,
        flags: 257,
      });
    });
    written += children.length;
    run++;
    if (batch.length >= SPANS_PER_LINE) await flush();
  }
  if (batch.length > 0) await flush();
  await new Promise((r) => out.end(r));
}
