import type { GateReport, MetricClassification, MetricResult } from './types.js';

const TAGS: Readonly<Record<MetricClassification, string>> = {
  pass: 'PASS  ',
  high: 'HIGH  ',
  low: 'LOW   ',
  nodata: 'NODATA',
  skipped: 'SKIP  ',
};

/**
 * The report as text for a terminal: the verdict line, the arms, one line per group (score,
 * weight, counts) and one per metric with its classification (`!` marks a critical failure)
 * and the reason, which carries the numbers (proportions or medians, effect, p-value, shift).
 */
export function formatGateReport(report: GateReport): string {
  const lines: string[] = [];
  const score = report.score === null ? 'n/a' : String(report.score);
  lines.push(
    `gate ${report.verdict.toUpperCase()} (score ${score}, exit ${report.exitCode}): ${report.reason}`,
  );
  lines.push(
    `config ${report.config}: alpha ${report.alpha} (critical ${report.criticalLevel.toPrecision(2)} per metric), pass >= ${report.thresholds.pass}, marginal >= ${report.thresholds.marginal}`,
  );
  for (const [name, arm] of [
    ['baseline', report.baseline],
    ['canary', report.canary],
  ] as const) {
    const counts = [
      arm.runs !== undefined ? `${arm.runs} runs` : undefined,
      arm.calls !== undefined ? `${arm.calls} tool calls` : undefined,
    ].filter((s) => s !== undefined);
    lines.push(
      `${name.padEnd(8)} ${arm.label}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
    );
  }
  lines.push('');
  const width = Math.max(...report.metrics.map((m) => m.name.length), 5);
  for (const group of report.groups) {
    const gScore = group.score === null ? 'n/a' : group.score.toFixed(2);
    const tally = (['pass', 'high', 'low', 'nodata', 'skipped'] as const)
      .filter((k) => group[k] > 0)
      .map((k) => `${group[k]} ${k}`)
      .join(', ');
    lines.push(
      `${group.name} (weight ${group.weight}): score ${gScore}${tally ? `, ${tally}` : ''}`,
    );
    for (const m of report.metrics.filter((x) => x.group === group.name))
      lines.push(metricLine(m, width));
  }
  return `${lines.join('\n')}\n`;
}

function metricLine(m: MetricResult, width: number): string {
  const mark = m.criticalFailure ? '!' : ' ';
  return `  ${TAGS[m.classification]}${mark} ${m.name.padEnd(width)}  ${m.reason}`;
}
