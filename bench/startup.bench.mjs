// Start-up cost of the preload on a trivial CommonJS app and a trivial ESM app, side by side with
// a bare start: `node app`, `node --require @agc/otel app`, `node --import @agc/otel/register app`,
// and the same preloads with AGC_INSTRUMENTATIONS=none (the governance runtime alone), so the
// framework instrumentations' own share (module hooks, ESM loader hook) is the difference.
// One more row measures --require on the ESM app with a preload that skips Node's loader-hooks
// thread (Node 20 runs --require preloads there too; see docs/frameworks.md).
//
// Variants run interleaved, round after round, so machine noise hits all of them alike; medians.
// Run after `npm run build`: node --expose-gc bench/startup.bench.mjs (STARTUP_ROUNDS=n to fix
// the number of rounds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, table, writeResult } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// STARTUP_ROUNDS=n runs exactly n rounds (for a loaded machine); else 5 to 10 within ~50 s.
const FIXED_ROUNDS = Number(process.env.STARTUP_ROUNDS) || undefined;
const MAX_ROUNDS = FIXED_ROUNDS ?? 10;
const MIN_ROUNDS = FIXED_ROUNDS ?? 5;
const BUDGET_MS = 50_000;

if (!existsSync(join(ROOT, 'dist/cjs/index.js')) || !existsSync(join(ROOT, 'dist/esm/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'agc-startup-'));
const apps = { cjs: join(dir, 'app.cjs'), mjs: join(dir, 'app.mjs') };
writeFileSync(apps.cjs, 'module.exports = 1;\n');
writeFileSync(apps.mjs, 'export default 1;\n');
// preload.cjs plus one guard: return early in Node's loader-hooks thread.
const guarded = join(dir, 'preload-guarded.cjs');
writeFileSync(
  guarded,
  [
    "'use strict';",
    "const { isMainThread, parentPort } = require('node:worker_threads');",
    'if (!isMainThread && parentPort === null) return;',
    `const api = require(${JSON.stringify(join(ROOT, 'dist/cjs/index.js'))});`,
    "if (module.parent && module.parent.id === 'internal/preload') api.startFromEnvironment();",
    '',
  ].join('\n'),
);

const REQUIRE = ['--require', '@agc/otel'];
const IMPORT = ['--import', '@agc/otel/register'];
const NONE = { AGC_INSTRUMENTATIONS: 'none' };
const variants = [];
for (const [format, app] of Object.entries(apps)) {
  variants.push(
    { format, name: 'bare', args: [app] },
    { format, name: '--require @agc/otel', args: [...REQUIRE, app] },
    { format, name: '--import @agc/otel/register', args: [...IMPORT, app] },
    { format, name: '--require, AGC_INSTRUMENTATIONS=none', args: [...REQUIRE, app], env: NONE },
    { format, name: '--import, AGC_INSTRUMENTATIONS=none', args: [...IMPORT, app], env: NONE },
  );
}
variants.push({
  format: 'mjs',
  name: '--require, preload skipping the hooks thread',
  args: ['--require', guarded, apps.mjs],
});

const env = { PATH: process.env.PATH ?? '', AGC_METRICS_PORT: '0', AGC_RECORD: 'off' };
const samples = variants.map(() => []);
const start = Date.now();
let rounds = 0;
while (rounds < MAX_ROUNDS && (rounds < MIN_ROUNDS || Date.now() - start < BUDGET_MS)) {
  variants.forEach((variant, i) => {
    const t0 = process.hrtime.bigint();
    const run = spawnSync(process.execPath, variant.args, {
      cwd: ROOT,
      env: { ...env, ...variant.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (run.status !== 0) {
      console.error(`${variant.format} ${variant.name} failed:\n${run.stderr}`);
      process.exit(1);
    }
    samples[i].push(ms);
  });
  rounds++;
}

const medians = samples.map((s) => median(s));
const bareOf = (format) =>
  medians[variants.findIndex((v) => v.format === format && v.name === 'bare')];
const results = variants.map((variant, i) => {
  const bare = bareOf(variant.format);
  const none = variant.name.startsWith('--require @agc')
    ? medians[
        variants.findIndex((v) => v.format === variant.format && v.name.startsWith('--require,'))
      ]
    : variant.name.startsWith('--import @agc')
      ? medians[
          variants.findIndex((v) => v.format === variant.format && v.name.startsWith('--import,'))
        ]
      : undefined;
  return {
    app: variant.format === 'cjs' ? 'app.cjs' : 'app.mjs',
    variant: variant.name,
    medianMs: round(medians[i]),
    addedMs: round(medians[i] - bare),
    ratio: round(medians[i] / bare, 2),
    instrumentationMs: none === undefined ? undefined : round(medians[i] - none),
  };
});

console.log(`preload start-up, medians of ${rounds} interleaved runs (Node ${process.version})\n`);
table(
  ['app', 'start', 'median ms', 'added ms', 'x bare', 'instrumentation ms'],
  results.map((r) => [r.app, r.variant, r.medianMs, r.addedMs, r.ratio, r.instrumentationMs ?? '']),
);
console.log(
  '\nadded = median - bare start of the same app; instrumentation = full preload - the same' +
    '\npreload with AGC_INSTRUMENTATIONS=none (module hooks + ESM loader hook + patches).',
);
writeResult('startup', { rounds, results });

function round(value, digits = 0) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
