// Cost of a governed tool call, side by side in one run: the bare tool call, a bare OTel span
// through a provider without our processor, and govern() through the same kind of provider with
// GovernanceSpanProcessor (policy decided in onStart, observers and metrics in onEnding).
// Then the same with the embedded recorder in both providers, and 1,000 concurrent agents.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { govern, withAgent } from '../dist/esm/instrumentation/index.js';
import { loadPolicy } from '../dist/esm/policy/index.js';
import {
  AnomalyGovernance,
  GovernanceMetrics,
  GovernanceSampler,
  GovernanceSpanProcessor,
  Governor,
  RecordingSpanProcessor,
  setGlobalGovernor,
} from '../dist/esm/processors/index.js';
import { RecordingWriter } from '../dist/esm/recording/index.js';
import {
  fmtNs,
  loopMeanNs,
  median,
  percentile,
  sampleNs,
  table,
  timerOverheadNs,
  writeResult,
} from './lib.mjs';

const policy = loadPolicy(`apiVersion: agc/v1
kind: Policy
metadata: { name: bench }
spec:
  default: deny
  agents: [{ match: "agent-*", allowTools: [search, read, write] }]
  rules:
    - { id: no-etc, tools: [read], when: 'args.path.startsWith("/etc/")', decision: deny }
    - { id: rate, tools: [search], limit: { count: 1000000000, per: 1s } }
`);
const tool = (args) => args.q.length;
const args = { q: 'opentelemetry' };
// The same start attributes govern() sets, so the baselines differ only in governance.
const attrs = {
  'gen_ai.operation.name': 'execute_tool',
  'gen_ai.tool.name': 'search',
  'gen_ai.tool.type': 'function',
  'gen_ai.agent.id': 'agent-1',
  'agc.governed': true,
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const overhead = timerOverheadNs();

function recorder() {
  return new RecordingSpanProcessor(
    new RecordingWriter({ dir: mkdtempSync(join(tmpdir(), 'agc-bench-')), service: 'bench' }),
    { flushOnExit: false },
  );
}

function scenario(withRecorder, withAnomaly = false) {
  const metrics = new GovernanceMetrics({ processMetrics: false });
  const governor = new Governor({ policy, metrics });
  if (withAnomaly) governor.addObserver(new AnomalyGovernance(undefined, governor, metrics));
  setGlobalGovernor(governor);
  const governed = new BasicTracerProvider({
    sampler: new GovernanceSampler(new AlwaysOnSampler()),
    spanProcessors: [new GovernanceSpanProcessor(governor), ...(withRecorder ? [recorder()] : [])],
  });
  const bare = new BasicTracerProvider({
    sampler: new AlwaysOnSampler(),
    spanProcessors: withRecorder ? [recorder()] : [],
  });
  trace.disable();
  trace.setGlobalTracerProvider(governed);
  const bareTracer = bare.getTracer('bench');
  const agent = { id: 'agent-1' };
  const runs = {
    'bare call': () => tool(args),
    'bare OTel span': () => {
      const span = bareTracer.startSpan('execute_tool search', { attributes: attrs });
      const r = tool(args);
      span.end();
      return r;
    },
    // What an ordinary OTel instrumentation does around a call: the span is active while it runs.
    'bare OTel active span': () =>
      bareTracer.startActiveSpan('execute_tool search', { attributes: attrs }, (span) => {
        const r = tool(args);
        span.end();
        return r;
      }),
    'governed call': () => govern({ tool: 'search', args, agent }, () => tool(args)),
  };
  const rows = {};
  for (let round = 0; round < 5; round++) {
    for (const [name, fn] of Object.entries(runs)) {
      const s = sampleNs(fn, { samples: 100_000, warmup: 20_000, overhead });
      (rows[name] ??= []).push({
        p50: percentile(s, 0.5),
        p99: percentile(s, 0.99),
        p999: percentile(s, 0.999),
        // The amortised cost: a batch written every 512 spans is invisible to a median.
        mean: loopMeanNs(fn, 100_000),
      });
    }
  }
  return Object.fromEntries(
    Object.entries(rows).map(([k, v]) => [
      k,
      {
        p50Ns: median(v.map((x) => x.p50)),
        p99Ns: median(v.map((x) => x.p99)),
        p999Ns: median(v.map((x) => x.p999)),
        meanNs: median(v.map((x) => x.mean)),
      },
    ]),
  );
}

async function concurrent(agents, callsEach) {
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: agents }, (_, i) =>
      withAgent({ id: `agent-${i}` }, async () => {
        for (let c = 0; c < callsEach; c++)
          await govern({ tool: 'search', args }, async () => tool(args));
      }),
    ),
  );
  return Number(process.hrtime.bigint() - t0) / (agents * callsEach);
}

const results = {};
for (const [label, withRecorder, withAnomaly] of [
  ['no exporter', false, false],
  ['with recorder', true, false],
  ['recorder + anomaly (runtime default)', true, true],
]) {
  const r = scenario(withRecorder, withAnomaly);
  results[label] = {
    ...r,
    governedVsBareSpan: r['governed call'].p50Ns / r['bare OTel span'].p50Ns,
    governedVsBareSpanMean: r['governed call'].meanNs / r['bare OTel span'].meanNs,
    governedP999VsP50: r['governed call'].p999Ns / r['governed call'].p50Ns,
    governedVsBareActiveSpan: r['governed call'].p50Ns / r['bare OTel active span'].p50Ns,
    governedVsBareCall: r['governed call'].p50Ns / Math.max(1, r['bare call'].p50Ns),
  };
}
scenario(false);
const single = median([
  await concurrent(1, 5000),
  await concurrent(1, 5000),
  await concurrent(1, 5000),
]);
const many = median([
  await concurrent(1000, 5),
  await concurrent(1000, 5),
  await concurrent(1000, 5),
]);

console.log(
  `governed call vs bare call vs bare OTel span (median of 5 rounds of per-call p50; timer overhead ${overhead} ns subtracted)\n`,
);
const rows = [];
for (const [label, r] of Object.entries(results)) {
  for (const name of ['bare call', 'bare OTel span', 'bare OTel active span', 'governed call'])
    rows.push([
      label,
      name,
      fmtNs(r[name].p50Ns),
      fmtNs(r[name].p99Ns),
      fmtNs(r[name].p999Ns),
      fmtNs(r[name].meanNs),
    ]);
}
table(['providers', 'what', 'p50', 'p99', 'p99.9', 'mean (loop)'], rows);
for (const [label, r] of Object.entries(results)) {
  console.log(
    `${label}: governed / bare OTel span = ${r.governedVsBareSpan.toFixed(2)}x p50, ${r.governedVsBareSpanMean.toFixed(2)}x mean; governed p99.9 / p50 = ${r.governedP999VsP50.toFixed(1)}x`,
  );
}
console.log(
  `\nasync governed calls, mean per call: 1 agent ${fmtNs(single)}, 1,000 concurrent agents ${fmtNs(many)} (${(many / single).toFixed(2)}x)`,
);
writeResult('runtime', {
  timerOverheadNs: overhead,
  results,
  concurrent: { oneAgentNs: single, thousandAgentsNs: many, ratio: many / single },
});
