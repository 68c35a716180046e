import { PositionedError } from '../common/index.js';
import type { SourceIssue } from '../common/index.js';

/** One problem in a gate file, with its position. */
export type GateIssue = SourceIssue;

/**
 * Thrown at configuration time when a gate file (or the SLO specs it names) is invalid. Lists
 * every problem found, each with `file:line:column`.
 */
export class GateConfigError extends PositionedError<GateIssue> {
  /** @param issues at least one problem */
  constructor(issues: readonly GateIssue[]) {
    super(issues, 'invalid gate configuration');
    this.name = 'GateConfigError';
  }
}
