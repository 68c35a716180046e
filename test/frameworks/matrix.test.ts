import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeLines } from '../helpers/node-lines.js';
import { assertBuilt, FIXTURES, pool, runCell, writePolicies } from './cell-runner.js';
import type { CellRun, Preload } from './cell-runner.js';
import { EXPECTATIONS } from './expectations.js';
import type { FrameworkExpectation } from './expectations.js';

// The framework matrix: every supported framework × {CommonJS app, ESM app} × {--require,
// --import} × {Node 20, 22, 24}, each a child process running a real agent loop of that
// framework with a scripted model and no network, under a policy that allows web_search and
// denies send_email. A framework that needs a newer Node (ai 7) has no cells on older lines.

const APPS = ['app.cjs', 'app.mjs'] as const;
const PRELOADS: readonly Preload[] = ['require', 'import'];
const LINES = nodeLines();
/** Children at a time (2 cores; each child is mostly CPU-bound start-up). */
const CONCURRENCY = 3;
const CELL_TIMEOUT_MS = 420_000;

interface Cell {
  readonly name: string;
  readonly run: () => Promise<CellRun>;
}

const cells = new Map<string, Promise<CellRun>>();
const fixtureOf = (expectation: FrameworkExpectation): string =>
  expectation.fixture ?? expectation.framework;
const linesOf = (expectation: FrameworkExpectation) =>
  LINES.filter((line) => line.major >= (expectation.minNode ?? 0));
const cellName = (line: string, fixture: string, app: string, preload: Preload): string =>
  `${line} ${fixture} ${app} --${preload}`;

beforeAll(() => {
  assertBuilt();
  const policies = writePolicies();
  const all: Cell[] = EXPECTATIONS.flatMap((expectation) =>
    linesOf(expectation).flatMap((line) =>
      APPS.flatMap((app) =>
        PRELOADS.map((preload) => ({
          name: cellName(line.name, fixtureOf(expectation), app, preload),
          run: () =>
            runCell(
              join(FIXTURES, fixtureOf(expectation), app),
              preload,
              { AGC_POLICY: policies.app, ...expectation.env?.(policies) },
              line.bin,
            ),
        })),
      ),
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

describe.each(EXPECTATIONS.map((e) => ({ ...e, name: fixtureOf(e) })))('$name', (expectation) => {
  describe.each(linesOf(expectation).map((line) => line.name))('%s', (line) => {
    describe.each(APPS)('%s', (app) => {
      it.each(PRELOADS)(
        '--%s: governed spans, deny enforced and reported to the model, denied body not run',
        async (preload) => {
          const run = await cells.get(cellName(line, expectation.name, app, preload));
          if (run === undefined) throw new Error('cell did not start');
          expect(run.code, `exit code; stderr:\n${run.stderr}`).toBe(0);
          expect(run.output, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBeDefined();
          expectation.check(run.output as Record<string, unknown>, run.spans);
        },
        CELL_TIMEOUT_MS,
      );
    });
  });
});
