// Shared helpers for benchmarks: per-call timing with the timer's own cost measured and
// subtracted, medians and percentiles, and JSON results under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const hr = process.hrtime.bigint;

/** Median cost of an empty timed region, in ns (subtracted from per-call samples). */
export function timerOverheadNs(samples = 200_000) {
  const s = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t0 = hr();
    s[i] = Number(hr() - t0);
  }
  return percentile(s, 0.5);
}

/** Times FN per call SAMPLES times after WARMUP calls; returns sorted net samples in ns. */
export function sampleNs(fn, { samples = 200_000, warmup = 50_000, overhead = 0 } = {}) {
  for (let i = 0; i < warmup; i++) fn(i);
  const s = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t0 = hr();
    fn(i);
    s[i] = Math.max(0, Number(hr() - t0) - overhead);
  }
  return s.sort();
}

/** Mean ns per call over a tight loop of N calls (no per-call timer). */
export function loopMeanNs(fn, n = 1_000_000) {
  for (let i = 0; i < Math.min(n, 100_000); i++) fn(i);
  const t0 = hr();
  for (let i = 0; i < n; i++) fn(i);
  return Number(hr() - t0) / n;
}

/** The P-quantile (0..1) of sorted SAMPLES. */
export function percentile(sorted, p) {
  const a = sorted instanceof Float64Array ? sorted : Float64Array.from(sorted).sort();
  if (!(sorted instanceof Float64Array)) a.sort();
  return a[Math.min(a.length - 1, Math.floor(p * a.length))];
}

/** Median of an array of numbers. */
export function median(values) {
  const a = [...values].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** Formats ns as a short human string. */
export function fmtNs(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** Prints rows as an aligned table. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Writes RESULT as bench/results/NAME.json with the machine's facts. */
export function writeResult(name, result) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const meta = {
    node: process.version,
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
  };
  writeFileSync(file, `${JSON.stringify({ ...meta, ...result }, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
}
