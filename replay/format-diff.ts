import type { RecordingDiff, SideTotals, StepDiff } from './recording-diff.js';
import { formatMs, painter, truncate } from './terminal-style.js';
import type { Paint } from './terminal-style.js';

/** Options of {@link formatRecordingDiff}. */
export interface FormatDiffOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** List identical steps too. @default false */
  readonly all?: boolean;
}

const MARK = { same: '=', changed: '~', removed: '-', added: '+' } as const;

/**
 * A diff as terminal text: each side's totals, the alignment counts, the first divergence, then
 * one line per differing step (`~` changed, `-` only in A, `+` only in B) with its field
 * differences and latency, token and cost deltas.
 */
export function formatRecordingDiff(diff: RecordingDiff, options: FormatDiffOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines = [
    `A: ${sideLine(diff.a)}`,
    `B: ${sideLine(diff.b)}`,
    `aligned: ${diff.counts.same} same, ${diff.counts.changed} changed, ${diff.counts.removed} only in A, ${diff.counts.added} only in B${diff.approximate ? ' (long runs: aligned in windows)' : ''}`,
  ];
  if (diff.firstDivergence === undefined)
    lines.push(paint('allow', 'no divergence: the tool-call sequences match'));
  else lines.push(paint('deny', `first divergence: ${diff.firstDivergence.summary}`));
  const shown = diff.steps.filter((s) => options.all || s.kind !== 'same');
  if (shown.length > 0) lines.push('');
  for (const step of shown) lines.push(stepLine(step, paint));
  return `${lines.join('\n')}\n`;
}

function sideLine(t: SideTotals): string {
  return `${t.calls} call(s) (${t.allowed} allow, ${t.audited} audit, ${t.denied} deny, ${t.errors} error(s)), ${formatMs(t.latencyMs)} in tools, ${t.tokens} tokens, $${t.costUsd.toFixed(4)}`;
}

function stepLine(step: StepDiff, paint: Paint): string {
  const tool = step.aStep?.tool ?? step.bStep?.tool ?? '?';
  const index = `A ${step.a !== undefined ? `#${step.a + 1}` : '-'} B ${step.b !== undefined ? `#${step.b + 1}` : '-'}`;
  const role =
    step.kind === 'same'
      ? 'dim'
      : step.kind === 'changed'
        ? 'audit'
        : step.kind === 'removed'
          ? 'deny'
          : 'allow';
  const head = paint(role, `${MARK[step.kind]} ${index.padEnd(14)} ${tool}`);
  const parts: string[] = [];
  if (step.kind === 'removed' || step.kind === 'added') {
    const only = step.aStep ?? step.bStep;
    if (only?.args !== undefined) parts.push(truncate(only.args, 60));
    if (only !== undefined) parts.push(`${only.decision}/${only.source}`);
  }
  for (const d of step.differences) {
    const detail = d.details?.slice(0, 3).map((j) => `${j.path}: ${show(j.a)} → ${show(j.b)}`);
    parts.push(
      detail && detail.length > 0
        ? `${d.field} ${detail.join(', ')}`
        : `${d.field} ${show(d.a)} → ${show(d.b)}`,
    );
  }
  const deltas: string[] = [];
  if (step.latencyMs.delta !== undefined)
    deltas.push(`latency ${signed(step.latencyMs.delta, formatMs)}`);
  if (step.tokens.delta !== undefined && step.tokens.delta !== 0)
    deltas.push(`tokens ${signed(step.tokens.delta, String)}`);
  if (step.costUsd.delta !== undefined && step.costUsd.delta !== 0)
    deltas.push(`cost ${signed(step.costUsd.delta, (v) => `$${v.toFixed(4)}`)}`);
  if (deltas.length > 0) parts.push(paint('dim', deltas.join(', ')));
  return parts.length > 0 ? `${head}  ${parts.join('; ')}` : head;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return truncate(typeof value === 'string' ? value : JSON.stringify(value), 40);
}

function signed(value: number, format: (v: number) => string): string {
  return value >= 0 ? `+${format(value)}` : `-${format(-value)}`;
}
