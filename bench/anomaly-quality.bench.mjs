// Anomaly detection quality on labelled synthetic agent traffic: our AnomalyMonitor (defaults)
// side by side with the incumbent's rogue-agent detector (bench/anomaly/incumbent.mjs).
//
//   npm run build && node --expose-gc bench/anomaly-quality.bench.mjs [--seeds heldout|tuning|1,2]
//                                                                     [--agents 100] [--hours 24]
//
// Our defaults were tuned on TUNING_SEEDS only; the report uses HELDOUT_SEEDS unless told
// otherwise. Two scenarios: `learned` (no declared tool profiles: our capability detector learns
// them, the incumbent's never fires) and `declared` (both get every agent's normal tool list).
// Alerts are counted at two levels: `medium` (any finding; the incumbent's composite >= 1) and
// `high` (our default quarantine level; the incumbent's quarantine recommendation).
// Writes bench/results/anomaly-quality.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { AnomalyMonitor } from '../dist/esm/anomaly/index.js';
import {
  EPISODE_GAP_MS,
  GRACE_MS,
  incumbentSystem,
  merge,
  ourSystem,
  plansFor,
  runSystems,
  score,
  summarise,
} from './anomaly/evaluate.mjs';
import { ANOMALIES, PATTERNS } from './anomaly/traffic.mjs';

export const TUNING_SEEDS = [1, 2, 3];
export const HELDOUT_SEEDS = [101, 102, 103, 104];

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const seedArg = arg('seeds', 'heldout');
const seeds =
  seedArg === 'heldout'
    ? HELDOUT_SEEDS
    : seedArg === 'tuning'
      ? TUNING_SEEDS
      : seedArg.split(',').map(Number);
const agents = Number(arg('agents', '100'));
const hours = Number(arg('hours', '24'));
const LEVELS = ['medium', 'high'];

const started = performance.now();
const report = {
  seeds,
  seedSet: seedArg,
  agentsPerSeed: agents,
  hours,
  episodeGapMs: EPISODE_GAP_MS,
  graceMs: GRACE_MS,
  scenarios: {},
};
let totalEvents = 0;
for (const scenario of ['learned', 'declared']) {
  const declared = scenario === 'declared';
  const perSystem = {};
  const observeMs = {};
  let events = 0;
  for (const seed of seeds) {
    const plans = plansFor(seed, agents, hours);
    const run = runSystems(plans, [
      ourSystem(AnomalyMonitor, plans, { declared }),
      incumbentSystem(plans, { declared }),
    ]);
    events += run.events;
    for (const r of run.results) {
      observeMs[r.name] = (observeMs[r.name] ?? 0) + r.observeMs;
      for (const level of LEVELS) {
        (perSystem[`${r.name}@${level}`] ??= []).push(score(plans, r.alerts, level));
      }
    }
  }
  totalEvents += events;
  const rows = Object.fromEntries(
    Object.entries(perSystem).map(([name, results]) => [name, summarise(merge(results))]),
  );
  report.scenarios[scenario] = {
    events,
    nsPerEvent: Object.fromEntries(
      Object.entries(observeMs).map(([name, ms]) => [name, (ms * 1e6) / events]),
    ),
    systems: rows,
  };
  printScenario(scenario, events, rows, report.scenarios[scenario].nsPerEvent);
}
report.totalSeconds = (performance.now() - started) / 1000;
console.log(`\n${totalEvents} events in ${report.totalSeconds.toFixed(1)} s`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/anomaly-quality.json', import.meta.url),
  JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) +
    '\n',
);

function printScenario(scenario, events, rows, nsPerEvent) {
  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
  const num = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const secs = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} s` : '-');
  console.log(
    `\n== scenario '${scenario}': seeds ${seeds.join(',')} (${seedArg}), ${agents} agents x ` +
      `${hours} h per seed, ${events} calls; observe cost ours ` +
      `${num(nsPerEvent.ours, 0)} ns/call, incumbent ${num(nsPerEvent.incumbent, 0)} ns/call`,
  );
  const first = Object.values(rows)[0];
  console.log(
    `   ${first.injected} injected anomalies, ${num(first.normalAgentHours, 0)} normal agent-hours`,
  );
  table(
    [
      'system@alert level',
      'recall',
      'recall (any alert)',
      'precision',
      'false / 100 agent-h',
      'delay p50',
      'delay p90',
    ],
    Object.entries(rows).map(([name, r]) => [
      name,
      pct(r.recall),
      pct(r.recallAnyAlert),
      pct(r.precision),
      num(r.falsePer100AgentHours),
      secs(r.delayMedianS),
      secs(r.delayP90S),
    ]),
  );
  table(
    ['recall by class', ...Object.keys(rows)],
    ANOMALIES.map((kind) => [
      `${kind} (${first.recallByClass[kind].injected})`,
      ...Object.values(rows).map((r) => pct(r.recallByClass[kind].recall)),
    ]),
  );
  table(
    ['false / 100 agent-h by pattern', ...Object.keys(rows)],
    PATTERNS.map((p) => [p, ...Object.values(rows).map((r) => num(r.falsePer100ByPattern[p]))]),
  );
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const row of rows) console.log(line(row));
}
