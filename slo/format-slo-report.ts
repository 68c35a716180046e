import { formatDuration } from '../common/index.js';
import type { SloReport } from './evaluate-recorded-events.js';

/**
 * Renders an {@link SloReport} as readable text: a summary table (objective, events, budget
 * left, current burn, time to exhaustion, alert), burn rates per window, and the tiers that
 * fire or that the minimum-events guard held back.
 */
export function formatSloReport(report: SloReport): string {
  const lines = [`SLO status at ${isoTime(report.atMs)} (${report.events} events)`, ''];
  if (report.statuses.length > 0) {
    lines.push(
      ...table([
        [
          'SLO',
          'OBJECTIVE',
          'WINDOW',
          'EVENTS',
          'BAD',
          'ERROR RATIO',
          'BUDGET LEFT',
          'BURN',
          'EXHAUSTED IN',
          'ALERT',
        ],
        ...report.statuses.map((s) => [
          s.slo,
          percent(s.objective, 3),
          s.period.window,
          String(s.period.events),
          String(s.period.badEvents),
          percent(s.period.errorRatio, 3),
          percent(s.budgetRemaining, 1),
          rate(s.burnRate),
          exhaustion(s.timeToExhaustionMs),
          s.alert.toUpperCase(),
        ]),
      ]),
    );
    const windows = [
      ...new Map(
        report.statuses.flatMap((s) => s.windows.map((w) => [w.windowMs, w.window] as const)),
      ),
    ]
      .sort(([a], [b]) => a - b)
      .map(([, window]) => window);
    lines.push('', 'Burn rate by window (error ratio / error budget):');
    lines.push(
      ...table([
        ['SLO', ...windows],
        ...report.statuses.map((s) => [
          s.slo,
          ...windows.map((w) => {
            const status = s.windows.find((x) => x.window === w);
            return status ? rate(status.burnRate) : '';
          }),
        ]),
      ]),
    );
    const notes = report.statuses.flatMap((s) =>
      s.tiers
        .filter((t) => t.firing || t.guarded)
        .map(
          (t) =>
            `${s.slo}: ${t.severity} tier ${t.factor}x over ${t.long} and ${t.short} ${t.firing ? 'FIRING' : `held by the minimum-events guard (< ${t.minEvents} events in ${t.long})`}`,
        ),
    );
    if (notes.length > 0) lines.push('', ...notes);
  } else {
    lines.push('No native SLOs to compute.');
  }
  for (const skipped of report.skipped) lines.push('', `skipped ${skipped.slo}: ${skipped.reason}`);
  return `${lines.join('\n')}\n`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function percent(ratio: number, digits: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(digits)}%` : '-';
}

function rate(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '-';
}

function exhaustion(ms: number): string {
  if (ms === 0) return 'exhausted';
  if (!Number.isFinite(ms)) return '-';
  const rounded = Math.max(60_000, Math.round(ms / 60_000) * 60_000);
  return formatDuration(rounded > 86_400_000 ? Math.round(ms / 3_600_000) * 3_600_000 : rounded);
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms}`;
}
