import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBinary } from '../helpers/node-lines.js';
import { expectAttachedRun, LOAD_ORDERS } from '../helpers/own-otel-app.js';

const ROOT = join(import.meta.dirname, '../..');
/** OpenTelemetry JS 3.x: the SDK line current at the time, which needs Node >= 22.15. */
const SDK3 = { '@opentelemetry/sdk-node': '0.301.0', '@opentelemetry/api': '1.10.0' };
const ORDERS = ['app setup first', 'NODE_OPTIONS preload', '--import register, setup in code'];
const ESM_ORDERS = ['app setup first', 'NODE_OPTIONS preload', 'setup in the app code'];

let app = '';

// A user's app as installed from the registry: its own NodeSDK 3.x and API 1.10, and this
// package installed from its packed tarball (so one copy of @opentelemetry/api is shared, as the
// peer dependency intends), run on Node 24.
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cjs/index.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  app = mkdtempSync(join(tmpdir(), 'agc-otel3-app-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', app], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'otel3-app', private: true }));
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      join(app, tarball ?? ''),
      ...Object.entries(SDK3).map(([name, version]) => `${name}@${version}`),
    ],
    { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  cpSync(join(ROOT, 'test/fixtures/own-otel'), join(app, 'fixtures'), { recursive: true });
}, 240_000);

describe('node 24, an app with its own OpenTelemetry SDK 3.x (sdk-node 0.301, api 1.10)', () => {
  it("installs one @opentelemetry/api, the app's 1.10, for both", () => {
    const same = execFileSync(
      nodeBinary(24),
      [
        '-e',
        "const r = (from) => require.resolve('@opentelemetry/api', { paths: [from] }); console.log(r(process.cwd()) === r(require.resolve('@agc/otel')))",
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(same.trim()).toBe('true');
    const manifest = JSON.parse(
      readFileSync(join(app, 'node_modules/@opentelemetry/api/package.json'), 'utf8'),
    ) as { version: string };
    expect(manifest.version).toBe('1.10.0');
  });

  // The CommonJS app, and the ESM app: it imports API 1.10's ESM build, a second API copy next
  // to the CommonJS one the --require preload loaded, which must be joined too.
  const cases = [
    ...LOAD_ORDERS.filter((o) => ORDERS.includes(o.name)).map((order) => ({
      order,
      app: 'app.cjs' as const,
      name: `NodeSDK, ${order.name}`,
    })),
    ...LOAD_ORDERS.filter((o) => ESM_ORDERS.includes(o.name)).map((order) => ({
      order,
      app: 'app.mjs' as const,
      name: `ESM app, NodeSDK, ${order.name} (CommonJS preload)`,
    })),
  ];
  for (const { order, app: file, name } of cases) {
    it(
      name,
      async () => {
        await expectAttachedRun({
          node: nodeBinary(24),
          cwd: app,
          fixtures: 'fixtures',
          setup: 'tracing-sdk.cjs',
          order,
          app: file,
          env: { APP_SDK_TRACE: '@opentelemetry/sdk-trace' },
        });
      },
      40_000,
    );
  }
});
