import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES, pool, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';
import { EXPECTATIONS } from './expectations.js';

// The framework matrix: every supported framework × {CommonJS app, ESM app} × {--require,
// --import}, each a child process running a real agent loop of that framework with a scripted
// model and no network, under a policy that allows web_search and denies send_email.

const APPS = ['app.cjs', 'app.mjs'] as const;
const PRELOADS: readonly Preload[] = ['require', 'import'];
/** Children at a time (2 cores; each child is mostly CPU-bound start-up). */
const CONCURRENCY = 3;
const CELL_TIMEOUT_MS = 240_000;

interface Cell {
  readonly name: string;
  readonly run: () => Promise<CellRun>;
}

const cells = new Map<string, Promise<CellRun>>();

beforeAll(() => {
  assertBuilt();
  const policies = writePolicies();
  const all: Cell[] = EXPECTATIONS.flatMap((expectation) =>
    APPS.flatMap((app) =>
      PRELOADS.map((preload) => ({
        name: `${expectation.framework} ${app} --${preload}`,
        run: () =>
          runCell(join(FIXTURES, expectation.framework, app), preload, {
            AGC_POLICY: policies.app,
            ...expectation.env?.(policies),
          }),
      })),
    ),
  );
  const runs = pool(
    all.map((cell) => cell.run),
    CONCURRENCY,
  );
  all.forEach((cell, i) => {
    const run = runs[i] as Promise<CellRun>;
    run.catch(() => undefined); // observed by the cell's test
    cells.set(cell.name, run);
  });
});

describe.each(EXPECTATIONS)('$framework', (expectation) => {
  describe.each(APPS)('%s', (app) => {
    it.each(PRELOADS)(
      '--%s: governed spans, deny enforced and reported to the model, denied body not run',
      async (preload) => {
        const run = await cells.get(`${expectation.framework} ${app} --${preload}`);
        if (run === undefined) throw new Error('cell did not start');
        expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
        expect(run.output, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBeDefined();
        expectation.check(run.output as Record<string, unknown>, run.spans);
      },
      CELL_TIMEOUT_MS,
    );
  });
});
