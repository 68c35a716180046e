import type { PolicyIssue } from './types.js';

/**
 * Thrown by {@link loadPolicy} when a policy cannot be used. `file`, `line` and `column` are the
 * first problem's; `issues` lists every problem found (loading validates everything eagerly).
 */
export class PolicyError extends Error {
  /** File of the first problem. */
  readonly file: string;
  /** 1-based line of the first problem. */
  readonly line: number;
  /** 1-based column of the first problem. */
  readonly column: number;
  /** Every problem, in file order. */
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    const first = issues[0] ?? { file: '<unknown>', line: 1, column: 1, message: 'invalid policy' };
    super(issues.map(formatIssue).join('\n') || formatIssue(first));
    this.name = 'PolicyError';
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.issues = issues.length > 0 ? issues : [first];
  }
}

/** `file:line:column: message`, the one-line form used by the CLI and the preload. */
export function formatIssue(issue: PolicyIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}
