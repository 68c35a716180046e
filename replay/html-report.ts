import type { ReportData } from './report-data.js';
import type { RunSummary } from './run-summary.js';
import { formatMs, formatTime, truncate } from './terminal-style.js';
import type { ToolStep } from './types.js';

/** Colours of the report, by meaning (data, in one place). */
export const REPORT_COLORS = {
  allow: '#2f9e44',
  audit: '#e8a200',
  deny: '#e03131',
  error: '#7048e8',
  anomaly: '#f76707',
  chaos: '#1971c2',
  lane: '#f1f3f5',
  text: '#212529',
  muted: '#868e96',
} as const;

/** Timeline geometry, px. */
const TIMELINE = { width: 1000, label: 160, lane: 24, bar: 14, minBar: 3, maxLanes: 30 } as const;

/**
 * One self-contained HTML page (inline CSS and script, no network) with the run's summary, a
 * timeline of tool calls (one lane per agent, bars coloured by decision, errors outlined,
 * anomaly and chaos markers), denies by rule, anomalies, and a call table filterable by
 * decision.
 */
export function renderHtmlReport(data: ReportData): string {
  const s = data.summary;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(data.title)}</h1>
<p class="muted">${data.files.map(esc).join(', ')}</p>
<p class="muted">${esc(formatTime(s.startMs))} .. ${esc(formatTime(s.endMs))} (${esc(formatMs(s.endMs - s.startMs))})</p>
</header>
${cards(s)}
<section id="timeline-section">
<h2>Timeline</h2>
${timeline(data.steps)}
${legend()}
</section>
<section id="rules">
<h2>Denies by rule</h2>
${denyRules(s)}
</section>
<section id="anomalies">
<h2>Anomalies</h2>
${anomalies(data.steps)}
</section>
${chaos(s)}
<section id="calls-section">
<h2>Tool calls</h2>
<p class="filters">${(['allow', 'audit', 'deny'] as const)
    .map(
      (d) =>
        `<label><input type="checkbox" class="decision-filter" value="${d}" checked> ${d}</label>`,
    )
    .join(
      ' ',
    )}${data.truncated ? ` <span class="muted">(first ${data.steps.length} of ${s.toolCalls} calls)</span>` : ''}</p>
${callTable(data.steps)}
</section>
<footer class="muted">read ${data.stats.files} file(s), ${data.stats.lines} line(s), ${data.stats.spans} span(s)${data.stats.malformed > 0 ? `, ${data.stats.malformed} malformed line(s) skipped` : ''}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function cards(s: RunSummary): string {
  const card = (id: string, label: string, value: string | number, color?: string): string =>
    `<div class="card" id="card-${id}"${color ? ` style="border-color:${color}"` : ''}><div class="value">${esc(String(value))}</div><div class="label">${esc(label)}</div></div>`;
  return `<section class="cards">
${card('calls', 'tool calls', s.toolCalls)}
${card('allow', 'allowed', s.decisions.allow, REPORT_COLORS.allow)}
${card('audit', 'audited', s.decisions.audit, REPORT_COLORS.audit)}
${card('deny', 'denied', s.decisions.deny, REPORT_COLORS.deny)}
${card('errors', 'tool errors', s.errors, REPORT_COLORS.error)}
${card('anomalies', 'anomalies', s.anomalies.total, REPORT_COLORS.anomaly)}
${card('agents', 'agent runs / model calls', `${s.agentRuns} / ${s.modelCalls}`)}
${card('usage', 'tokens / cost', `${s.inputTokens + s.outputTokens} / $${s.costUsd.toFixed(4)}`)}
</section>`;
}

function timeline(steps: readonly ToolStep[]): string {
  if (steps.length === 0) return '<p class="muted">No tool calls recorded.</p>';
  const lanes = new Map<string, number>();
  for (const step of steps) {
    const agent = step.agentName ?? step.agentId;
    if (!lanes.has(agent))
      lanes.set(agent, lanes.size < TIMELINE.maxLanes ? lanes.size : TIMELINE.maxLanes);
  }
  const laneCount = Math.min(lanes.size, TIMELINE.maxLanes + 1);
  let start = Infinity;
  let end = -Infinity;
  for (const step of steps) {
    start = Math.min(start, step.startMs);
    end = Math.max(end, step.endMs);
  }
  const span = Math.max(end - start, 1);
  const plot = TIMELINE.width - TIMELINE.label;
  const height = laneCount * TIMELINE.lane + 20;
  const parts: string[] = [];
  const labels = [...lanes.entries()].filter(([, i]) => i < TIMELINE.maxLanes);
  if (lanes.size > TIMELINE.maxLanes) labels.push(['(other agents)', TIMELINE.maxLanes]);
  for (const [agent, i] of labels) {
    const y = i * TIMELINE.lane;
    parts.push(
      `<rect class="lane" x="${TIMELINE.label}" y="${y}" width="${plot}" height="${TIMELINE.lane - 2}" fill="${REPORT_COLORS.lane}"/>`,
      `<text x="${TIMELINE.label - 6}" y="${y + TIMELINE.lane / 2 + 4}" text-anchor="end">${esc(truncate(agent, 22))}</text>`,
    );
  }
  steps.forEach((step, index) => {
    const lane = lanes.get(step.agentName ?? step.agentId) ?? 0;
    const x = TIMELINE.label + ((step.startMs - start) / span) * plot;
    const w = Math.max(TIMELINE.minBar, (step.durationMs / span) * plot);
    const y = lane * TIMELINE.lane + (TIMELINE.lane - 2 - TIMELINE.bar) / 2;
    const stroke = step.error ? ` stroke="${REPORT_COLORS.error}" stroke-width="2"` : '';
    const tip = `${step.tool} ${step.decision}/${step.source}${step.rule ? ` ${step.rule}` : ''} ${formatMs(step.durationMs)}${step.error ? ' ERROR' : ''}`;
    parts.push(
      `<rect class="call ${step.decision}" data-call="${index}" data-decision="${step.decision}" x="${num(x)}" y="${num(y)}" width="${num(Math.min(w, TIMELINE.width - x))}" height="${TIMELINE.bar}" fill="${REPORT_COLORS[step.decision]}"${stroke}><title>${esc(tip)}</title></rect>`,
    );
    if (step.anomalies.length > 0) {
      parts.push(
        `<path class="anomaly-marker" d="M${num(x)} ${num(y - 1)} l-4 -6 h8 z" fill="${REPORT_COLORS.anomaly}"><title>${esc(step.anomalies.map((a) => a.detector).join(', '))}</title></path>`,
      );
    }
    if (step.chaos !== undefined) {
      parts.push(
        `<circle class="chaos-marker" cx="${num(x)}" cy="${num(y + TIMELINE.bar + 3)}" r="3" fill="${REPORT_COLORS.chaos}"><title>${esc(`chaos ${step.chaos.fault} ${step.chaos.kind}`)}</title></circle>`,
      );
    }
  });
  const axis = `<text x="${TIMELINE.label}" y="${height - 4}" class="muted">${esc(formatTime(start))}</text><text x="${TIMELINE.width}" y="${height - 4}" text-anchor="end" class="muted">+${esc(formatMs(end - start))}</text>`;
  return `<svg id="timeline" width="${TIMELINE.width}" height="${height}" viewBox="0 0 ${TIMELINE.width} ${height}" role="img" aria-label="tool calls over time">${parts.join('')}${axis}</svg>`;
}

function legend(): string {
  const item = (label: string, color: string): string =>
    `<span class="legend-item"><span class="swatch" style="background:${color}"></span>${label}</span>`;
  return `<p class="legend">${item('allow', REPORT_COLORS.allow)}${item('audit', REPORT_COLORS.audit)}${item('deny', REPORT_COLORS.deny)}${item('error (outline)', REPORT_COLORS.error)}${item('anomaly', REPORT_COLORS.anomaly)}${item('chaos', REPORT_COLORS.chaos)}</p>`;
}

function denyRules(s: RunSummary): string {
  const rows = Object.entries(s.denyRules);
  if (rows.length === 0) return '<p class="muted">No denies.</p>';
  const sources = Object.entries(s.bySource)
    .map(([k, n]) => `${n} ${esc(k)}`)
    .join(', ');
  return `<table><thead><tr><th>rule</th><th>denies</th></tr></thead><tbody>${rows
    .map(([rule, n]) => `<tr><td>${esc(rule)}</td><td class="num">${n}</td></tr>`)
    .join('')}</tbody></table><p class="muted">by decision/source: ${sources}</p>`;
}

function anomalies(steps: readonly ToolStep[]): string {
  const rows: string[] = [];
  for (const step of steps) {
    for (const a of step.anomalies) {
      rows.push(
        `<tr><td>${esc(formatTime(a.timeMs))}</td><td>${esc(step.agentName ?? step.agentId)}</td><td>${esc(step.tool)}</td><td>${esc(a.detector)}</td><td class="num">${a.score !== undefined ? a.score.toFixed(2) : ''}</td><td>${esc(a.severity ?? '')}</td><td>${esc(a.action ?? '')}</td><td>${esc(a.reason ?? '')}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) return '<p class="muted">No anomalies recorded.</p>';
  return `<table><thead><tr><th>time</th><th>agent</th><th>tool</th><th>detector</th><th>score</th><th>severity</th><th>action</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function chaos(s: RunSummary): string {
  if (s.chaos.length === 0) return '';
  const rows = s.chaos
    .map(
      (c) =>
        `<tr><td>${esc(c.experiment ?? '')}</td><td>${esc(c.fault)}</td><td>${esc(c.kind)}</td><td class="num">${c.injected}</td><td class="num">${c.failedCalls}</td><td class="num">${c.recovered}</td><td class="num">${c.failedRuns}</td></tr>`,
    )
    .join('');
  return `<section id="chaos"><h2>Chaos</h2><table><thead><tr><th>experiment</th><th>fault</th><th>kind</th><th>injected</th><th>failed calls</th><th>recovered</th><th>failed runs</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function callTable(steps: readonly ToolStep[]): string {
  const rows = steps
    .map((step, i) => {
      const error = step.error
        ? `${step.errorType ?? 'error'}${step.errorMessage ? `: ${step.errorMessage}` : ''}`
        : '';
      return `<tr class="call-row ${step.decision}" data-decision="${step.decision}"><td class="num">${i + 1}</td><td>${esc(formatTime(step.startMs))}</td><td>${esc(step.agentName ?? step.agentId)}</td><td>${esc(step.tool)}</td><td><span class="badge ${step.decision}">${step.decision}</span></td><td>${esc(step.source)}</td><td>${esc(step.rule ?? '')}</td><td class="num">${esc(formatMs(step.durationMs))}</td><td>${esc(truncate(error, 80))}</td><td>${esc(step.anomalies.map((a) => a.detector).join(', '))}</td><td>${esc(step.chaos ? `${step.chaos.fault} (${step.chaos.kind})` : '')}</td><td class="args">${esc(truncate(step.args ?? '', 80))}</td></tr>`;
    })
    .join('\n');
  return `<table id="calls"><thead><tr><th>#</th><th>start</th><th>agent</th><th>tool</th><th>decision</th><th>source</th><th>rule</th><th>duration</th><th>error</th><th>anomalies</th><th>chaos</th><th>arguments</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function num(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '0';
}

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:${REPORT_COLORS.text};margin:24px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
.muted{color:${REPORT_COLORS.muted}}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #dee2e6;border-left-width:5px;border-radius:4px;padding:8px 12px;min-width:110px}
.card .value{font-size:20px;font-weight:600}.card .label{color:${REPORT_COLORS.muted};font-size:12px}
svg text{font-size:11px;fill:${REPORT_COLORS.text}}
.legend-item{margin-right:14px;font-size:12px}.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
table{border-collapse:collapse;font-size:12px}th,td{border-bottom:1px solid #e9ecef;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.args{font-family:ui-monospace,monospace;color:${REPORT_COLORS.muted}}
.badge{padding:0 6px;border-radius:3px;color:#fff}
.badge.allow{background:${REPORT_COLORS.allow}}.badge.audit{background:${REPORT_COLORS.audit}}.badge.deny{background:${REPORT_COLORS.deny}}
.hidden{display:none}
`;

// Decision filter: hides rows and bars of unchecked decisions.
const SCRIPT = `
document.querySelectorAll('.decision-filter').forEach(function (box) {
  box.addEventListener('change', function () {
    var on = {};
    document.querySelectorAll('.decision-filter').forEach(function (b) { on[b.value] = b.checked; });
    document.querySelectorAll('[data-decision]').forEach(function (el) {
      el.classList.toggle('hidden', !on[el.getAttribute('data-decision')]);
    });
  });
});
`;
