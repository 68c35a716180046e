import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeLines } from '../helpers/node-lines.js';
import { expectAttachedRun, LOAD_ORDERS } from '../helpers/own-otel-app.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/own-otel';
const SETUPS = ['tracing-sdk.cjs', 'tracing-provider.cjs'] as const;
/** On the other Node lines: the orders that differ in how Node loads things. */
const OTHER_NODE_ORDERS = [
  'app setup first',
  'NODE_OPTIONS preload',
  '--import register, setup in code',
];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cjs/index.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});

// OpenTelemetry JS 2.x (`@opentelemetry/sdk-node` 0.2xx, the project's own devDependency); the
// 3.x line is `own-otel-sdk3.test.ts`.
describe.each(nodeLines())(
  "$name: an app with its own OpenTelemetry SDK 2.x: governance attaches, the app's export stays",
  (node) => {
    const current = node.bin === process.execPath;
    for (const setup of SETUPS) {
      for (const order of LOAD_ORDERS) {
        if (!current && (setup !== 'tracing-sdk.cjs' || !OTHER_NODE_ORDERS.includes(order.name)))
          continue;
        it(`${setup}, ${order.name}`, async () => {
          await expectAttachedRun({ node: node.bin, cwd: ROOT, fixtures: FIXTURES, setup, order });
        }, 40_000);
      }
    }
  },
);

describe('govern() without a started runtime', () => {
  it('says so once, loudly, and enforces nothing', () => {
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        "const { govern } = require('@agc/otel'); for (const t of ['delete_all', 'lookup']) govern({ tool: t }, () => console.log('ran ' + t));",
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, AGC_POLICY: join(ROOT, FIXTURES, 'policy.yaml') },
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ran delete_all\nran lookup\n');
    expect(run.stderr.match(/govern\(\) ran without a started runtime/g)).toHaveLength(1);
    expect(run.stderr).toContain('startFromEnvironment()');
  });
});
