/** One problem in a gate file, with its position. */
export interface GateIssue {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
}

/**
 * Thrown at configuration time when a gate file (or the SLO specs it names) is invalid. Lists
 * every problem found, each with `file:line:column`.
 */
export class GateConfigError extends Error {
  /** Every problem, in file order. */
  readonly issues: readonly GateIssue[];

  /** @param issues at least one problem */
  constructor(issues: readonly GateIssue[]) {
    const list: readonly GateIssue[] =
      issues.length > 0
        ? issues
        : [{ file: '<unknown>', line: 1, column: 1, message: 'invalid gate configuration' }];
    super(list.map(formatGateIssue).join('\n'));
    this.name = 'GateConfigError';
    this.issues = list;
  }
}

/** `file:line:column: message`, the form editors and CI annotate. */
export function formatGateIssue(issue: GateIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}
