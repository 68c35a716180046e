// Progressive-delivery gate: cost of the statistics, of judging, and of reading recordings.
//   npm run build && node --expose-gc bench/gate.bench.mjs
// Side by side in one run:
// - Hodges-Lehmann shift + 98 % interval by exact order-statistic selection (what the gate
//   does) against materialising and sorting all n·m pairwise differences (the textbook way);
// - Mann-Whitney U at 1k / 10k / 100k observations per arm;
// - ArmAccumulator.observeCall per call, against a bare array push;
// - judging two arms (default gate) at 300 and 5,000 runs per arm;
// - reading a recording into an arm, against the replay reader alone (spans per second).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArmAccumulator,
  DEFAULT_GATE_CONFIG,
  hodgesLehmann,
  judgeGate,
  loadGateSlos,
  mannWhitneyU,
  normalQuantile,
  readArmRecordings,
} from '../dist/esm/gate/index.js';
import { RecordingReader } from '../dist/esm/replay/index.js';
import { fmtNs, loopMeanNs, median, table, writeResult } from './lib.mjs';

const gc = globalThis.gc ?? (() => {});
const now = () => process.hrtime.bigint();

/** Median wall time of FN over REPEATS runs, ns. */
function timeIt(fn, repeats) {
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    gc();
    const t0 = now();
    fn();
    samples.push(Number(now() - t0));
  }
  return median(samples);
}

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const logNormal = (random, medianValue) =>
  medianValue *
  Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));

/** The textbook Hodges-Lehmann: every difference, sorted. */
function naiveHodgesLehmann(x, y, confidence) {
  const diffs = new Float64Array(x.length * y.length);
  let k = 0;
  for (const a of x) for (const b of y) diffs[k++] = a - b;
  diffs.sort();
  const n = diffs.length;
  const shift = n % 2 ? diffs[(n - 1) / 2] : (diffs[n / 2 - 1] + diffs[n / 2]) / 2;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const c = Math.round(n / 2 - z * Math.sqrt((n * (x.length + y.length + 1)) / 12));
  return { shift, lower: diffs[c - 1], upper: diffs[n - c] };
}

const results = { hodgesLehmann: [], mannWhitney: [], observeCall: {}, judge: [], read: {} };

// --- Hodges-Lehmann -------------------------------------------------------------------------
console.log('Hodges-Lehmann shift + 98 % interval (median of 5 runs)');
const hlRows = [];
for (const n of [500, 1000, 3000]) {
  const random = rng(n);
  const x = Array.from({ length: n }, () => logNormal(random, 55));
  const y = Array.from({ length: n }, () => logNormal(random, 50));
  const exact = hodgesLehmann(x, y, 0.98);
  const naive = naiveHodgesLehmann(x, y, 0.98);
  if (exact.shift !== naive.shift || exact.lower !== naive.lower || exact.upper !== naive.upper) {
    throw new Error(`n=${n}: selection and sorting disagree`);
  }
  const fast = timeIt(() => hodgesLehmann(x, y, 0.98), 5);
  const slow = timeIt(() => naiveHodgesLehmann(x, y, 0.98), 5);
  results.hodgesLehmann.push({
    perArm: n,
    pairs: n * n,
    selectionNs: fast,
    sortNs: slow,
    speedup: slow / fast,
  });
  hlRows.push([
    n,
    (n * n).toLocaleString('en'),
    fmtNs(fast),
    fmtNs(slow),
    `${(slow / fast).toFixed(1)}x`,
  ]);
}
table(['per arm', 'pairs', 'selection (ours)', 'sort all pairs', 'sort / ours'], hlRows);

// --- Mann-Whitney ---------------------------------------------------------------------------
console.log('\nMann-Whitney U, normal approximation with tie correction (median of 5 runs)');
const mwRows = [];
for (const n of [1_000, 10_000, 100_000]) {
  const random = rng(n + 1);
  const x = Array.from({ length: n }, () => Math.round(logNormal(random, 50)));
  const y = Array.from({ length: n }, () => Math.round(logNormal(random, 50)));
  const ns = timeIt(() => mannWhitneyU(x, y), 5);
  results.mannWhitney.push({ perArm: n, ns, nsPerObservation: ns / (2 * n) });
  mwRows.push([n.toLocaleString('en'), fmtNs(ns), `${(ns / (2 * n)).toFixed(0)} ns`]);
}
table(['per arm', 'time', 'per observation'], mwRows);

// --- observeCall ----------------------------------------------------------------------------
const events = Array.from({ length: 1024 }, (_, i) => ({
  timeMs: 1_700_000_000_000 + i,
  agentId: 'a',
  tool: 't',
  decision: i % 100 === 0 ? 'deny' : 'allow',
  source: 'policy',
  blocked: i % 100 === 0,
  error: i % 50 === 0,
  durationMs: 40 + (i % 17),
}));
const observeRatios = [];
const observeNs = [];
const pushNs = [];
for (let round = 0; round < 5; round++) {
  gc();
  const arm = new ArmAccumulator('bench');
  const a = loopMeanNs((i) => arm.observeCall(events[i & 1023]), 1_000_000);
  gc();
  const sink = [];
  const b = loopMeanNs((i) => sink.push(events[i & 1023]), 1_000_000);
  observeNs.push(a);
  pushNs.push(b);
  observeRatios.push(a / b);
}
results.observeCall = {
  observeCallNs: median(observeNs),
  arrayPushNs: median(pushNs),
  ratio: median(observeRatios),
};
console.log(
  `\nArmAccumulator.observeCall: ${fmtNs(median(observeNs))} per call; a bare array push ${fmtNs(median(pushNs))} (${median(observeRatios).toFixed(1)}x)`,
);

// --- Judging --------------------------------------------------------------------------------
const slos = loadGateSlos([]);
function filledArm(runs, seed) {
  const random = rng(seed);
  const arm = new ArmAccumulator(`arm-${seed}`);
  let t = 1_700_000_000_000;
  for (let r = 0; r < runs; r++) {
    const start = t;
    for (let c = 0; c < 4; c++) {
      const d = logNormal(random, 50);
      t += d + 1;
      const denied = random() < 0.01;
      arm.observeCall(
        {
          timeMs: t,
          agentId: 'a',
          tool: `tool-${c}`,
          decision: denied ? 'deny' : 'allow',
          source: 'policy',
          blocked: denied,
          error: !denied && random() < 0.02,
          durationMs: denied ? 0.05 : d,
        },
        { anomalies: random() < 0.01 ? 1 : 0 },
      );
    }
    const tokens = Math.round(logNormal(random, 1200));
    arm.observeRun({ durationMs: t - start + 200, tokens, costUsd: tokens * 2e-6 });
    t += 1000;
  }
  return arm;
}
console.log('\nJudging two arms with the default gate (9 metrics; median of 5 runs)');
const judgeRows = [];
for (const runs of [300, 5_000]) {
  const a = filledArm(runs, 1);
  const b = filledArm(runs, 2);
  let verdict = '';
  const measureNs = timeIt(() => {
    a.measurements(DEFAULT_GATE_CONFIG, slos);
    b.measurements(DEFAULT_GATE_CONFIG, slos);
  }, 5);
  const ma = a.measurements(DEFAULT_GATE_CONFIG, slos);
  const mb = b.measurements(DEFAULT_GATE_CONFIG, slos);
  const judgeNs = timeIt(() => {
    verdict = judgeGate(DEFAULT_GATE_CONFIG, ma, mb).verdict;
  }, 5);
  results.judge.push({
    runsPerArm: runs,
    callsPerArm: runs * 4,
    measurementsNs: measureNs,
    judgeNs,
    verdict,
  });
  judgeRows.push([
    runs.toLocaleString('en'),
    (runs * 4).toLocaleString('en'),
    fmtNs(measureNs),
    fmtNs(judgeNs),
    verdict,
  ]);
}
table(
  ['runs/arm', 'calls/arm', 'measurements (2 arms, incl. SLO replay)', 'judgeGate', 'verdict'],
  judgeRows,
);

// --- Reading recordings ---------------------------------------------------------------------
function recordingLines(runs, seed) {
  const random = rng(seed);
  const hex = (n) =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const nanos = (ms) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;
  const attr = (key, v) => ({
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
  const lines = [];
  for (let r = 0; r < runs; r++) {
    const traceId = hex(32);
    const root = hex(16);
    let t = 1_700_000_000_000 + r * 2000;
    const start = t;
    const spans = [
      {
        traceId,
        spanId: hex(16),
        parentSpanId: root,
        name: 'chat',
        kind: 3,
        startTimeUnixNano: nanos(t),
        endTimeUnixNano: nanos(t + 200),
        attributes: [
          attr('gen_ai.operation.name', 'chat'),
          attr('gen_ai.usage.input_tokens', 1000),
          attr('gen_ai.usage.output_tokens', 200),
          attr('agc.usage.cost_usd', 0.0024),
        ],
        status: { code: 0 },
        events: [],
      },
    ];
    t += 200;
    for (let c = 0; c < 4; c++) {
      const d = logNormal(random, 50);
      spans.push({
        traceId,
        spanId: hex(16),
        parentSpanId: root,
        name: 'execute_tool search',
        kind: 1,
        startTimeUnixNano: nanos(t),
        endTimeUnixNano: nanos(t + d),
        attributes: [
          attr('gen_ai.operation.name', 'execute_tool'),
          attr('gen_ai.tool.name', 'search'),
          attr('gen_ai.agent.id', 'a'),
          attr('agc.policy.decision', 'allow'),
          attr('agc.policy.source', 'policy'),
        ],
        status: { code: random() < 0.02 ? 2 : 0 },
        events: [],
      });
      t += d + 1;
    }
    spans.push({
      traceId,
      spanId: root,
      name: 'invoke_agent',
      kind: 1,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(t),
      attributes: [attr('gen_ai.operation.name', 'invoke_agent')],
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
const dir = mkdtempSync(join(tmpdir(), 'agc-gate-bench-'));
const file = join(dir, 'arm.jsonl');
const RUNS = 4_000;
writeFileSync(file, `${recordingLines(RUNS, 7).join('\n')}\n`);
const spans = RUNS * 6;
/** Median wall time of the async FN over REPEATS runs, ns. */
async function timeAsync(fn, repeats) {
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    gc();
    const t0 = now();
    await fn();
    samples.push(Number(now() - t0));
  }
  return median(samples);
}
const readOnly = await timeAsync(async () => {
  for await (const _ of new RecordingReader([file]).batches());
}, 5);
const readArm = await timeAsync(() => readArmRecordings([file]), 5);
rmSync(dir, { recursive: true, force: true });
results.read = {
  runs: RUNS,
  spans,
  readerOnlyNs: readOnly,
  readArmNs: readArm,
  spansPerSecondReader: spans / (readOnly / 1e9),
  spansPerSecondArm: spans / (readArm / 1e9),
  ratio: readArm / readOnly,
};
console.log(
  `\nReading ${RUNS.toLocaleString('en')} runs (${spans.toLocaleString('en')} spans), median of 5:`,
);
table(
  ['path', 'time', 'spans/s'],
  [
    [
      'replay RecordingReader alone',
      fmtNs(readOnly),
      Math.round(results.read.spansPerSecondReader).toLocaleString('en'),
    ],
    [
      'readArmRecordings (group, runs, calls)',
      fmtNs(readArm),
      Math.round(results.read.spansPerSecondArm).toLocaleString('en'),
    ],
    ['ratio', `${results.read.ratio.toFixed(2)}x`, ''],
  ],
);

writeResult('gate', results);
