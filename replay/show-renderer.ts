import type { ReadStats, RunNode, RunTree, ToolStep } from './types.js';
import type { RunSummary } from './run-summary.js';
import { formatMs, formatTime, painter, truncate } from './terminal-style.js';
import type { Paint } from './terminal-style.js';

/** Options of {@link renderRunTree}. */
export interface RenderOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** Characters of recorded arguments shown per call (0 hides them). @default 60 */
  readonly argsWidth?: number;
}

/**
 * A run tree as terminal text: one header line per trace, then one line per span with tree
 * guides; tool calls show decision, source, rule, duration, arguments, error, and below them
 * their anomalies and injected chaos.
 */
export function renderRunTree(tree: RunTree, options: RenderOptions = {}): string {
  const paint = painter(options.color ?? false);
  const argsWidth = options.argsWidth ?? 60;
  const lines: string[] = [];
  const incomplete = tree.complete
    ? ''
    : paint('dim', '  (incomplete: more of this trace may follow)');
  lines.push(
    `${paint('bold', `trace ${tree.traceId}`)}  ${formatTime(tree.startMs)}  ${tree.spanCount} span(s)  ${formatMs(tree.endMs - tree.startMs)}${incomplete}`,
  );
  const walk = (nodes: readonly RunNode[], prefix: string): void => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      const branch = `${prefix}${last ? '└─ ' : '├─ '}`;
      const under = `${prefix}${last ? '   ' : '│  '}`;
      lines.push(`${paint('dim', branch)}${nodeLine(node, paint, argsWidth)}`);
      for (const extra of detailLines(node, paint)) lines.push(`${paint('dim', under)}${extra}`);
      walk(node.children, under);
    });
  };
  walk(tree.roots, '');
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: RunNode, paint: Paint, argsWidth: number): string {
  const span = node.span;
  const took = paint('dim', formatMs(span.durationMs));
  const failed =
    span.status.code === 2 && node.step === undefined
      ? `  ${paint('error', `ERROR ${span.status.message ?? ''}`.trim())}`
      : '';
  if (node.step !== undefined) return stepLine(node.step, paint, argsWidth);
  if (node.role === 'agent')
    return `${paint('agent', `agent ${node.agent ?? span.name}`)}  ${paint('dim', span.name)}  ${took}${failed}`;
  if (node.role === 'model') {
    const m = node.model ?? {};
    const tokens =
      m.inputTokens !== undefined || m.outputTokens !== undefined
        ? `  ${m.inputTokens ?? 0} in / ${m.outputTokens ?? 0} out tokens`
        : '';
    const cost = m.costUsd !== undefined ? `  $${m.costUsd.toFixed(4)}` : '';
    const replayed = m.replayed === true ? `  ${paint('dim', 'replayed')}` : '';
    return `${paint('model', `model ${m.model ?? span.name}`)}  ${paint('dim', span.name)}  ${took}${tokens}${cost}${replayed}${failed}`;
  }
  return `${span.name}  ${took}${failed}`;
}

function stepLine(step: ToolStep, paint: Paint, argsWidth: number): string {
  const decision =
    step.decision === 'deny'
      ? paint('deny', 'DENY ')
      : step.decision === 'audit'
        ? paint('audit', 'audit')
        : paint('allow', 'allow');
  const rule = step.rule !== undefined ? ` ${step.rule}` : '';
  const args =
    step.args !== undefined && argsWidth > 0
      ? ` ${paint('dim', truncate(step.args, argsWidth))}`
      : '';
  const parts = [
    `tool ${paint('bold', step.tool)}${args}`,
    `${decision} ${step.source}${rule}`,
    paint('dim', formatMs(step.durationMs)),
  ];
  if (step.blocked) parts.push(paint('deny', 'blocked'));
  if (step.decision !== 'allow' && step.reason !== undefined)
    parts.push(paint('dim', `"${truncate(step.reason, 80)}"`));
  if (step.error)
    parts.push(
      paint(
        'error',
        `ERROR ${step.errorType ?? ''}${step.errorMessage ? `: ${truncate(step.errorMessage, 80)}` : ''}`.trim(),
      ),
    );
  if (step.replayed) parts.push(paint('dim', 'replayed'));
  const agent = step.agentName ?? step.agentId;
  parts.push(paint('dim', `[${agent}]`));
  return parts.join('  ');
}

function detailLines(node: RunNode, paint: Paint): string[] {
  const step = node.step;
  if (step === undefined) return [];
  const out: string[] = [];
  for (const a of step.anomalies) {
    const score = a.score !== undefined ? ` ${a.score.toFixed(2)}` : '';
    const severity = a.severity !== undefined ? ` ${a.severity}` : '';
    const action = a.action === 'quarantine' ? ' → quarantine' : '';
    out.push(
      paint(
        'anomaly',
        `! anomaly ${a.detector}${score}${severity}${action}${a.reason ? `: ${a.reason}` : ''}`,
      ),
    );
  }
  if (step.chaos !== undefined) {
    const c = step.chaos;
    const delay = c.delayMs ? ` +${formatMs(c.delayMs)}` : '';
    out.push(
      paint(
        'chaos',
        `~ chaos ${c.experiment ? `${c.experiment}/` : ''}${c.fault} ${c.kind}${delay}`,
      ),
    );
  }
  return out;
}

/** A {@link RunSummary} (and reading counters) as a short terminal report. */
export function formatRunSummary(
  summary: RunSummary,
  stats?: ReadStats,
  options: { color?: boolean } = {},
): string {
  const paint = painter(options.color ?? false);
  const d = summary.decisions;
  const lines: string[] = [];
  lines.push(paint('bold', 'summary'));
  const span =
    summary.endMs > summary.startMs
      ? `, ${formatTime(summary.startMs)} .. ${formatTime(summary.endMs)} (${formatMs(summary.endMs - summary.startMs)})`
      : '';
  lines.push(`  ${summary.traces} trace(s), ${summary.spans} span(s)${span}`);
  lines.push(
    `  ${summary.agentRuns} agent run(s), ${summary.modelCalls} model call(s), ${summary.toolCalls} tool call(s)`,
  );
  lines.push(
    `  decisions: ${paint('allow', `${d.allow} allow`)}, ${paint('audit', `${d.audit} audit`)}, ${paint('deny', `${d.deny} deny`)} (${summary.blocked} blocked); ${paint('error', `${summary.errors} tool error(s)`)}`,
  );
  const sources = Object.entries(summary.bySource).map(([k, n]) => `${n} ${k}`);
  if (sources.length > 0) lines.push(`  by source: ${sources.join(', ')}`);
  const rules = Object.entries(summary.denyRules).map(([k, n]) => `${n} ${k}`);
  if (rules.length > 0) lines.push(`  denies by rule: ${rules.join(', ')}`);
  if (summary.inputTokens + summary.outputTokens > 0 || summary.costUsd > 0) {
    lines.push(
      `  usage: ${summary.inputTokens} in / ${summary.outputTokens} out tokens, $${summary.costUsd.toFixed(4)}`,
    );
  }
  if (summary.anomalies.total > 0) {
    const by = Object.entries(summary.anomalies.byDetector).map(([k, n]) => `${n} ${k}`);
    lines.push(
      paint(
        'anomaly',
        `  anomalies: ${summary.anomalies.total} (${by.join(', ')}), ${summary.anomalies.quarantines} quarantine(s)`,
      ),
    );
  }
  for (const c of summary.chaos) {
    lines.push(
      paint(
        'chaos',
        `  chaos ${c.experiment ? `${c.experiment}/` : ''}${c.fault} (${c.kind}): injected into ${c.injected} call(s); ${c.failedCalls} failed, ${c.recovered} recovered by a successful retry, ${c.failedRuns} run(s) failed`,
      ),
    );
  }
  if (summary.replayed > 0) lines.push(`  ${summary.replayed} call(s) served from a recording`);
  if (summary.incompleteTraces > 0)
    lines.push(paint('dim', `  ${summary.incompleteTraces} trace(s) shown before complete`));
  if (stats !== undefined) {
    const skipped =
      stats.malformed > 0
        ? `, ${paint('error', `${stats.malformed} malformed line(s) skipped`)}`
        : '';
    const ignored = stats.ignored > 0 ? `, ${stats.ignored} non-trace line(s) ignored` : '';
    lines.push(
      paint('dim', `  read ${stats.files} file(s), ${stats.lines} line(s)${ignored}`) + skipped,
    );
  }
  return `${lines.join('\n')}\n`;
}
