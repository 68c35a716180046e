import { describe, expect, it } from 'vitest';
import { evaluateRecordedEvents } from '../../slo/evaluate-recorded-events.js';
import { formatSloReport } from '../../slo/format-slo-report.js';
import { loadSloSpecs } from '../../slo/load-slo-spec.js';
import { SloMonitor } from '../../slo/slo-monitor.js';
import { HOUR, MINUTE, spread } from './support/events.js';
import { nativeSpec } from './support/specs.js';

const SPEC = nativeSpec('tool-success', 'objective: 99.5\nsli: { kind: tool_success }');

/** The recordings as the replay reader hands them over: an async iterable. */
async function* stream<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

describe('evaluateRecordedEvents', () => {
  const events = spread(0, 30 * MINUTE, 1000, 1);

  it('computes the same status as the live monitor, at the last event by default', async () => {
    const report = await evaluateRecordedEvents([SPEC], stream(events));
    const live = new SloMonitor([SPEC]);
    for (const e of events) live.observe(e);
    expect(report.atMs).toBe(30 * MINUTE);
    expect(report.events).toBe(1000);
    expect(report.statuses).toEqual(live.evaluate(30 * MINUTE).statuses);
  });

  it('does not depend on the order of the recording files', async () => {
    const shuffled = [...events.slice(500), ...events.slice(0, 500)];
    const inOrder = await evaluateRecordedEvents([SPEC], events);
    expect(await evaluateRecordedEvents([SPEC], stream(shuffled))).toEqual(inOrder);
  });

  it('--at: ignores later events and evaluates at that instant', async () => {
    const report = await evaluateRecordedEvents([SPEC], events, { atMs: 10 * MINUTE });
    expect(report.events).toBe(333);
    expect(report.atMs).toBe(10 * MINUTE);
    expect(report.statuses[0]?.period.events).toBe(333);
  });

  it('lists PromQL SLOs as skipped', async () => {
    const specs = [SPEC, ...loadSloSpecs('test/fixtures/slo/sloth.yaml')];
    const report = await evaluateRecordedEvents(specs, []);
    expect(report.skipped.map((s) => s.slo)).toEqual([
      'myservice-requests-availability',
      'myservice-queue-lag',
    ]);
    expect(report.atMs).toBe(0);
  });
});

describe('formatSloReport', () => {
  it('prints the counterexample readably: 80 % budget left, burn 0.20, OK', async () => {
    const report = await evaluateRecordedEvents([SPEC], spread(0, 30 * MINUTE, 1000, 1));
    const text = formatSloReport(report);
    expect(text).toContain('SLO status at 1970-01-01T00:30:00.000Z (1000 events)');
    const row = text.split('\n').find((l) => l.startsWith('tool-success'));
    expect(row?.split(/\s{2,}/)).toEqual([
      'tool-success',
      '99.500%',
      '30d',
      '1000',
      '1',
      '0.100%',
      '80.0%',
      '0.20',
      '120d',
      'OK',
    ]);
  });

  it('names firing and guarded tiers and shows burn per window', async () => {
    const report = await evaluateRecordedEvents([SPEC], spread(0, 5 * MINUTE, 100, 100));
    const text = formatSloReport(report);
    expect(text).toContain('tool-success: page tier 14.4x over 1h and 5m FIRING');
    expect(text).toContain(
      'tool-success: ticket tier 3x over 1d and 2h held by the minimum-events guard (< 200 events in 1d)',
    );
    expect(text).toMatch(/SLO\s+5m\s+30m\s+1h\s+2h\s+6h\s+1d\s+3d/);
    expect(text).toContain('exhausted');
  });

  it('shows a dash for windows without events', async () => {
    const report = await evaluateRecordedEvents([SPEC], spread(0, 5 * MINUTE, 10, 0), {
      atMs: 2 * HOUR,
    });
    const row = formatSloReport(report)
      .split('\n')
      .filter((l) => l.startsWith('tool-success'))[1];
    expect(row?.split(/\s+/)).toEqual([
      'tool-success',
      '-',
      '-',
      '-',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
    ]);
  });
});
