// SLO calculator cost at 1k, 100k and 10M recorded events, side by side.
//   npm run build && node --expose-gc bench/slo.bench.mjs
// Records N tool calls (one every 100 ms: 10M span 11.6 days) into one SloCalculator (tool
// success, 99.5 %, Google 30d windows), timing record() in batches of 1000, then times
// evaluate() after the N-th event. Flat across N = O(1) per event and per evaluation.
// Also: SloMonitor.observe with 3 SLOs and circuitFor on a circuit-enabled SLO.
// Reference: the incumbent's SLO.evaluate took 216 ms at 100k events on this machine (Python
// agent-sre; its TypeScript SDK 31 ms), and record_event() calls evaluate() every time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { SloCalculator, SloMonitor, parseSloSpecs } from '../dist/esm/slo/index.js';

const SIZES = [1_000, 100_000, 10_000_000];
const STEP_MS = 100;
const BATCH = 1_000;
const EVALUATIONS = 10_000;
const INCUMBENT_EVALUATE_100K_NS = 216e6;

const SPECS = parseSloSpecs(`apiVersion: agc/v1
kind: SLO
metadata: { name: tool-success }
spec:
  objective: 99.5
  sli: { kind: tool_success }
---
apiVersion: agc/v1
kind: SLO
metadata: { name: search-latency }
spec:
  objective: 99
  sli: { kind: tool_latency, thresholdMs: 500 }
  selector: { tools: [search] }
  circuit: { enabled: true }
---
apiVersion: agc/v1
kind: SLO
metadata: { name: support-denies }
spec:
  objective: 98
  sli: { kind: deny_ratio }
  selector: { agents: ['support-*'] }
`);

const gc = globalThis.gc ?? (() => {});
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A pool of mutable events reused in a loop (10M distinct objects would measure the GC). */
function eventPool() {
  const tools = ['search', 'db.query', 'fetch', 'search'];
  const agents = ['planner', 'support-1', 'support-2'];
  return Array.from({ length: 997 }, (_, i) => ({
    timeMs: 0,
    agentId: agents[i % agents.length],
    tool: tools[i % tools.length],
    decision: i % 101 === 0 ? 'deny' : 'allow',
    source: 'policy',
    blocked: i % 101 === 0,
    error: i % 211 === 0,
    durationMs: i % 89 === 0 ? 800 : 120,
  }));
}

/**
 * ns per call of `record` over N events one every STEP_MS, median of batches of BATCH calls.
 * Small N is repeated on fresh instances (`make`) so every size has at least 200 batches.
 */
function measureRecord(n, make) {
  const pool = eventPool();
  const batches = [];
  const repetitions = Math.max(1, Math.ceil((200 * BATCH) / n));
  let instance;
  for (let rep = 0; rep < repetitions; rep++) {
    instance = make();
    let i = 0;
    while (i < n) {
      const begin = i;
      const end = Math.min(n, i + BATCH);
      const start = process.hrtime.bigint();
      for (; i < end; i++) {
        const event = pool[i % pool.length];
        event.timeMs = 1 + i * STEP_MS;
        instance.record(event);
      }
      batches.push(Number(process.hrtime.bigint() - start) / (end - begin));
    }
  }
  return { medianNs: median(batches), batches: batches.length, instance };
}

/** ns per call of `fn`, median of `rounds` rounds of `perRound` calls. */
function measure(fn, rounds = 50, perRound = EVALUATIONS / 50) {
  gc();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < perRound; k++) fn(k);
    samples.push(Number(process.hrtime.bigint() - start) / perRound);
  }
  return median(samples);
}

/** Runs every measurement for N events. */
function run(n) {
  gc();
  const record = measureRecord(n, () => new SloCalculator(SPECS[0]));
  const calculator = record.instance;
  let sink = 0;
  const end = n * STEP_MS;
  const evaluateNs = measure((k) => {
    sink += calculator.evaluate(end + k).eventsTotal;
  });
  const pageCheckNs = measure((k) => {
    sink += calculator.pageFiring(end + k) ? 1 : 0;
  });
  gc();
  const observe = measureRecord(n, () => {
    const monitor = new SloMonitor(SPECS);
    return { monitor, record: (e) => monitor.observe(e) };
  });
  const { monitor } = observe.instance;
  const circuitNs = measure(
    (k) => {
      sink += monitor.circuitFor('planner', k % 2 ? 'search' : 'fetch', end) ? 1 : 0;
    },
    20,
    5_000,
  );
  const monitorEvaluateNs = measure((k) => {
    sink += monitor.evaluate(end + k).statuses.length;
  });
  if (sink < 0) console.log(sink);
  return {
    events: n,
    recordNs: record.medianNs,
    evaluateNs,
    pageCheckNs,
    monitorObserve3SlosNs: observe.medianNs,
    circuitForNs: circuitNs,
    monitorEvaluate3SlosNs: monitorEvaluateNs,
  };
}

const started = Date.now();
run(200_000); // warm-up: let the JIT compile every path before measuring
const rows = SIZES.map(run);
const elapsedS = (Date.now() - started) / 1000;

const base = rows[0];
const fmt = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const header = [
  'metric (median per call)',
  ...rows.map((r) => `${r.events.toLocaleString('en')} events`),
  '10M / 1k',
];
const metrics = [
  ['SloCalculator.record', 'recordNs'],
  ['SloCalculator.evaluate', 'evaluateNs'],
  ['SloCalculator.pageFiring', 'pageCheckNs'],
  ['SloMonitor.observe (3 SLOs)', 'monitorObserve3SlosNs'],
  ['SloMonitor.circuitFor', 'circuitForNs'],
  ['SloMonitor.evaluate (3 SLOs)', 'monitorEvaluate3SlosNs'],
];
const table = [
  header,
  ...metrics.map(([label, key]) => [
    label,
    ...rows.map((r) => fmt(r[key])),
    `${(rows[rows.length - 1][key] / base[key]).toFixed(2)}x`,
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
const at100k = rows.find((r) => r.events === 100_000);
const speedup = INCUMBENT_EVALUATE_100K_NS / at100k.evaluateNs;
console.log(
  `\nevaluate at 100k events: ${fmt(at100k.evaluateNs)} vs the incumbent's 216 ms = ${Math.round(speedup).toLocaleString('en')}x faster`,
);
console.log(`total ${elapsedS.toFixed(1)} s, node ${process.version}`);

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/slo.json',
  `${JSON.stringify(
    {
      bench: 'slo',
      node: process.version,
      date: new Date().toISOString(),
      elapsedS,
      rows,
      incumbentEvaluate100kNs: INCUMBENT_EVALUATE_100K_NS,
      speedupEvaluate100k: speedup,
    },
    null,
    2,
  )}\n`,
);
