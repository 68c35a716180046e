/** One problem in a file the project reads, with its position. */
export interface SourceIssue {
  /** The file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What is wrong, without the position. */
  readonly message: string;
}

/** `file:line:column: message`, the one-line form editors, CI annotations and the CLI use. */
export function formatIssue(issue: SourceIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/**
 * The error of configuration-time readers (policies, SLO specs, gate files): every problem found,
 * each with `file:line:column`; `file`, `line` and `column` name the first one. The message is
 * one formatted line per issue, optionally under a HEADING when there are several.
 */
export class PositionedError<I extends SourceIssue = SourceIssue> extends Error {
  /** Every problem, in file order (at least one). */
  readonly issues: readonly I[];
  /** File of the first problem. */
  readonly file: string;
  /** 1-based line of the first problem. */
  readonly line: number;
  /** 1-based column of the first problem. */
  readonly column: number;

  /**
   * @param issues the problems; an empty list is reported as one FALLBACK problem
   * @param fallback the message of that one problem
   * @param heading when given and there are several issues, the message starts with
   *   `${count} ${heading}:` on a line of its own
   */
  constructor(issues: readonly I[], fallback: string, heading?: string) {
    const list: readonly I[] =
      issues.length > 0
        ? issues
        : [{ file: '<unknown>', line: 1, column: 1, message: fallback } as I];
    const lines = list.map(formatIssue);
    super(
      heading !== undefined && list.length > 1
        ? `${list.length} ${heading}:\n${lines.join('\n')}`
        : lines.join('\n'),
    );
    const first = list[0] as I;
    this.issues = list;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
  }
}
