import { formatTime, painter, truncate } from './terminal-style.js';
import type { WhatIfChange, WhatIfResult, WhatIfVerdict } from './what-if.js';

/** Options of {@link formatWhatIf}. */
export interface FormatWhatIfOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
}

/**
 * A what-if result as terminal text: totals, the flips by responsible rule, then one line per
 * changed call with its time, agent, tool, and the old and new decision with their rules.
 */
export function formatWhatIf(result: WhatIfResult, options: FormatWhatIfOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines = [
    `${result.redecided} call(s) re-decided under the new policy: ${result.unchanged} unchanged, ${paint('deny', `${result.allowToDeny} allow->deny`)}, ${paint('allow', `${result.denyToAllow} deny->allow`)}, ${result.otherChanges} allow<->audit`,
  ];
  if (result.kept > 0)
    lines.push(
      `${result.kept} call(s) kept as recorded (quarantine or open circuit: runtime state, not policy)`,
    );
  if (result.withoutArgs > 0) {
    lines.push(
      paint(
        'audit',
        `${result.withoutArgs} call(s) had no recorded arguments (content capture off): conditions saw {}`,
      ),
    );
  }
  if (result.outOfOrder > 0) {
    lines.push(
      paint(
        'audit',
        `${result.outOfOrder} call(s) re-decided out of start order (raise the reorder window): limits may differ`,
      ),
    );
  }
  if (result.rules.length > 0) {
    lines.push('', 'responsible rules:');
    for (const r of result.rules)
      lines.push(`  ${r.direction.padEnd(11)} ${String(r.count).padStart(6)}  ${r.rule}`);
  }
  if (result.changes.length > 0) {
    lines.push('', 'changes:');
    for (const c of result.changes) lines.push(changeLine(c, paint));
    if (result.truncated) lines.push(paint('dim', `  ... (first ${result.changes.length} listed)`));
  }
  return `${lines.join('\n')}\n`;
}

function changeLine(change: WhatIfChange, paint: ReturnType<typeof painter>): string {
  const role =
    change.direction === 'allow->deny'
      ? 'deny'
      : change.direction === 'deny->allow'
        ? 'allow'
        : 'audit';
  const who = change.agentName ?? change.agentId;
  return `  ${paint(role, change.direction.padEnd(11))} ${formatTime(change.timeMs)}  ${who}  ${change.tool}${change.callId ? ` (${change.callId})` : ''}: ${verdict(change.before)} → ${verdict(change.after)}`;
}

function verdict(v: WhatIfVerdict): string {
  const rule = v.rule !== undefined ? ` ${v.policyId ? `${v.policyId}:` : ''}${v.rule}` : '';
  const reason =
    v.reason !== undefined && v.decision !== 'allow' ? ` "${truncate(v.reason, 60)}"` : '';
  return `${v.decision}/${v.source}${rule}${reason}`;
}
