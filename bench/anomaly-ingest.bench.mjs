// Ingest cost of AnomalyMonitor.observe per finished call, at 1, 1 000 and 100 000 agents, side by
// side: all detectors with the default LRU cap (10 000 agents), 100 000 agents with a cap that
// holds them all, the frequency detector alone, and the incumbent's rogue detector (our faithful
// JS port, bench/anomaly/incumbent.mjs: record_action + assess per call, unbounded memory).
//
//   npm run build && node --expose-gc bench/anomaly-ingest.bench.mjs
//
// Method: one pre-built pool of events (mutated in place: agent and time), each system's event
// clock advancing 25 ms per call, so with 1 000 agents each agent gets a call every 25 s and all
// detectors are warm before timing (warm-up: 400 000 calls, 2.8 h of event time). Per agent
// count, the systems are timed in interleaved batches of 50 000 calls (so load on the shared
// machine hits them alike); we report the median (and min/max) per-call cost over the batches,
// the ratio to the same system at 1 agent and to ours at the same agent count, and the heap
// retained per held agent after warm-up. Writes bench/results/anomaly-ingest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AnomalyMonitor } from '../dist/esm/anomaly/index.js';
import { IncumbentRogueDetector } from './anomaly/incumbent.mjs';

const BATCH = 50_000;
const BATCHES = 11;
const STEP_MS = 25;
const WARMUP_CALLS = 400_000;
const POOL = 1 << 16;
const TOOLS = ['search', 'read_file', 'write_file', 'query_db', 'send_email', 'summarise'];

const gc = globalThis.gc ?? (() => {});
if (!globalThis.gc) console.warn('run with --expose-gc for heap figures');

function pool() {
  let seed = 42;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  return Array.from({ length: POOL }, (_, i) => ({
    timeMs: 0,
    agentId: '',
    tool: TOOLS[Math.floor(rnd() ** 2 * TOOLS.length)],
    decision: 'allow',
    source: 'policy',
    blocked: false,
    error: rnd() < 0.02,
    durationMs: 50 + 200 * rnd() * (i % 97 === 0 ? 5 : 1),
  }));
}

/**
 * A system under test driven over AGENTS agents with its own event clock. Created, warmed and
 * measured for retained heap one at a time; timed later, interleaved with the others.
 */
function prepare(name, agents, makeSystem, events, ids) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const { observe, size } = makeSystem();
  let t = Date.UTC(2026, 0, 5);
  let i = 0;
  const run = (n) => {
    for (let k = 0; k < n; k++, i++) {
      const e = events[i & (POOL - 1)];
      e.timeMs = t;
      e.agentId = ids[i % agents];
      t += STEP_MS;
      observe(e);
    }
  };
  run(Math.max(WARMUP_CALLS, agents * 2));
  gc();
  const held = size();
  const heapPerAgent = (process.memoryUsage().heapUsed - heapBefore) / Math.max(1, held);
  return { name, agents, held, heapPerAgent, run, perCall: [] };
}

/** Times the systems in interleaved batches, so machine noise hits them alike. */
function time(systems) {
  for (let b = 0; b < BATCHES; b++) {
    for (const s of systems) {
      const start = performance.now();
      s.run(BATCH);
      s.perCall.push(((performance.now() - start) * 1e6) / BATCH);
    }
  }
  return systems.map(({ run: _run, perCall, ...r }) => {
    perCall.sort((x, y) => x - y);
    return {
      ...r,
      medianNs: perCall[Math.floor(perCall.length / 2)],
      minNs: perCall[0],
      maxNs: perCall.at(-1),
    };
  });
}

const ours = (options) => () => {
  const monitor = new AnomalyMonitor(options);
  return { observe: (e) => monitor.observe(e), size: () => monitor.size };
};
const incumbent = () => {
  const detector = new IncumbentRogueDetector();
  return {
    observe: (e) => {
      detector.recordAction(e.agentId, e.tool, e.tool, e.timeMs / 1000);
      detector.assess(e.agentId, e.timeMs / 1000);
    },
    size: () => detector.agents.size,
  };
};
const frequencyOnly = {
  entropy: { enabled: false },
  capability: { enabled: false },
  latency: { enabled: false },
  errorRate: { enabled: false },
};

const started = performance.now();
const rows = [];
const events = pool();
for (const agents of [1, 1_000, 100_000]) {
  const ids = Array.from({ length: agents }, (_, i) => `agent-${i}`);
  const systems = [
    prepare('ours (all detectors, cap 10 000)', agents, ours({}), events, ids),
    prepare('ours (frequency only, cap 10 000)', agents, ours(frequencyOnly), events, ids),
    prepare('incumbent port (record + assess)', agents, incumbent, events, ids),
  ];
  if (agents === 100_000) {
    systems.splice(
      1,
      0,
      prepare(
        'ours (all detectors, cap 100 000)',
        agents,
        ours({ maxAgents: 100_000 }),
        events,
        ids,
      ),
    );
  }
  rows.push(...time(systems));
}

const OURS = 'ours (all detectors, cap 10 000)';
const family = (name) => (name.startsWith('ours (all') ? OURS : name);
for (const r of rows) {
  const one = rows.find((o) => o.agents === 1 && o.name === family(r.name));
  const same = rows.find((o) => o.agents === r.agents && o.name === OURS);
  r.ratioToOneAgent = r.medianNs / one.medianNs;
  r.ratioToOurs = r.medianNs / same.medianNs;
}

const header = [
  'system',
  'agents',
  'held',
  'median ns/call',
  'min..max',
  'x 1-agent',
  'x ours',
  'heap/agent',
];
const table = rows.map((r) => [
  r.name,
  r.agents.toLocaleString('en'),
  r.held.toLocaleString('en'),
  r.medianNs.toFixed(0),
  `${r.minNs.toFixed(0)}..${r.maxNs.toFixed(0)}`,
  r.ratioToOneAgent.toFixed(2),
  r.ratioToOurs.toFixed(2),
  r.agents === 1 ? '-' : `${(r.heapPerAgent / 1024).toFixed(2)} KiB`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log(`\nAnomalyMonitor.observe cost per call (batches of ${BATCH}, median of ${BATCHES})\n`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of table) console.log(line(row));
const seconds = (performance.now() - started) / 1000;
console.log(`\n${seconds.toFixed(1)} s`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/anomaly-ingest.json', import.meta.url),
  JSON.stringify(
    { batch: BATCH, batches: BATCHES, stepMs: STEP_MS, node: process.version, seconds, rows },
    null,
    2,
  ) + '\n',
);
