import { expect } from 'vitest';
import { diffRecordings } from '../../replay/index.js';

/**
 * Asserts that a re-run's recording diffs clean against the original's: every call paired as
 * the same (SAME of them, when given), no divergence. On failure the message lists the steps.
 */
export async function expectCleanDiff(
  original: readonly string[],
  rerun: readonly string[],
  same?: number,
): Promise<void> {
  const diff = await diffRecordings(original, rerun);
  const steps = diff.steps.map((d) => [
    d.kind,
    d.aStep?.tool,
    d.aStep?.startMs,
    d.bStep?.tool,
    d.bStep?.startMs,
    d.differences.map((x) => x.field),
  ]);
  expect(diff.counts, JSON.stringify(steps)).toMatchObject({ changed: 0, removed: 0, added: 0 });
  if (same !== undefined) expect(diff.counts.same).toBe(same);
  expect(diff.firstDivergence).toBeUndefined();
}
