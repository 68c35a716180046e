import type { SloIssue } from './types.js';

/**
 * Thrown at configuration time when SLO specs are invalid. Lists every problem found, each with
 * `file:line:column`; `file`, `line` and `column` name the first one.
 */
export class SloError extends Error {
  /** Every problem, in file order. */
  readonly issues: readonly SloIssue[];
  /** File of the first problem. */
  readonly file: string;
  /** 1-based line of the first problem. */
  readonly line: number;
  /** 1-based column of the first problem. */
  readonly column: number;

  /** @param issues at least one problem */
  constructor(issues: readonly SloIssue[]) {
    const first = issues[0] ?? {
      file: '<unknown>',
      line: 1,
      column: 1,
      message: 'invalid SLO spec',
    };
    const lines = issues.map(formatSloIssue);
    super(
      issues.length === 1
        ? (lines[0] ?? '')
        : `${issues.length} SLO spec errors:\n${lines.join('\n')}`,
    );
    this.name = 'SloError';
    this.issues = issues.length > 0 ? issues : [first];
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
  }
}

/** Formats one issue as `file:line:column: message`, the form editors and CI annotate. */
export function formatSloIssue(issue: SloIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}
