import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, withAgent } from '../../instrumentation/index.js';
import { ChaosInjector, loadChaosSpec } from '../../processors/index.js';
import type { PolicyError } from '../../policy/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/chaos');
let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('chaos specs', () => {
  it('report every problem with file, line and column', () => {
    let error: PolicyError | undefined;
    try {
      loadChaosSpec(join(FIXTURES, 'broken.yaml'));
    } catch (e) {
      error = e as PolicyError;
    }
    expect(error?.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '8:29 spec.faults.1.probability: Too big: expected number to be <=1',
    ]);
  });

  it('rejects bad durations with their position', () => {
    const text =
      'apiVersion: agc/v1\nkind: Chaos\nmetadata: { name: x }\nspec:\n  seed: 1\n  faults:\n    - { id: a, probability: 0.5, latency: 5x }\n';
    const file = join(mkdtempSync(join(tmpdir(), 'agc-chaos-')), 'chaos.yaml');
    writeFileSync(file, text);
    expect(() => loadChaosSpec(file)).toThrow(
      `${file}:7:43: '5x' is not a duration (expected e.g. 30s, 5m, 1h30m, 7d: units ms s m h d w, largest first)`,
    );
  });
});

describe('ChaosInjector', () => {
  const spec = loadChaosSpec(join(FIXTURES, 'flaky.yaml'));
  const rolls = (order: string[]): string[] => {
    const injector = new ChaosInjector(spec);
    return order.map(
      (agent) =>
        `${agent}:${injector.choose({ agent: { id: agent }, tool: 'web_search' })?.fault.id ?? '-'}`,
    );
  };

  it('is deterministic per (agent, tool, ordinal), whatever the interleaving', () => {
    const a = rolls(['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
    const b = rolls(['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a']);
    expect([...a].sort()).toEqual([...b].sort());
    expect(a.filter((x) => x.endsWith('down')).length).toBeGreaterThan(0);
    expect(a.filter((x) => x.endsWith('-')).length).toBeGreaterThan(0);
  });

  it('injects near the configured probability', () => {
    const injector = new ChaosInjector(spec);
    let hits = 0;
    for (let i = 0; i < 4000; i++)
      if (injector.choose({ agent: { id: `a${i % 40}` }, tool: 'web_search' })) hits++;
    expect(hits / 4000).toBeGreaterThan(0.46);
    expect(hits / 4000).toBeLessThan(0.54);
  });
});

describe('chaos through govern()', () => {
  it('errors without running the tool, adds latency, times out; all recorded on the span', async () => {
    setup = governedSetup({ policy: policyText('  default: allow\n') });
    const { ChaosInjector: Injector } = await import('../../processors/index.js');
    Object.assign(setup.governor, { chaos: new Injector(spec()) });
    let ran = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      await withAgent({ id: 'a' }, async () =>
        govern({ tool: 'web_search' }, async () => ran++),
      ).then(
        () => outcomes.push('ok'),
        (e: Error) => outcomes.push(e.name),
      );
    }
    expect(outcomes.filter((o) => o === 'UpstreamError').length).toBe(10 - ran);
    expect(ran).toBeGreaterThan(0);

    const t0 = Date.now();
    expect(
      await withAgent({ id: 'a' }, async () => govern({ tool: 'file_read' }, async () => 'read')),
    ).toBe('read');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);

    await expect(
      withAgent({ id: 'batch-1' }, async () => govern({ tool: 'db_query' }, async () => 'rows')),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(
      await withAgent({ id: 'web-1' }, async () =>
        govern({ tool: 'db_query' }, async () => 'rows'),
      ),
    ).toBe('rows');

    const spans = setup.exporter.getFinishedSpans();
    const down = spans.find((s) => s.attributes['agc.chaos.fault'] === 'down');
    expect(down?.attributes).toMatchObject({
      'agc.chaos.experiment': 'flaky-search',
      'agc.chaos.kind': 'error',
      'error.type': 'UpstreamError',
    });
    expect(
      spans.find((s) => s.attributes['agc.chaos.fault'] === 'slow')?.attributes[
        'agc.chaos.delay_ms'
      ],
    ).toBe(30);
  });
});

function spec(): ReturnType<typeof loadChaosSpec> {
  return loadChaosSpec(join(FIXTURES, 'flaky.yaml'));
}
