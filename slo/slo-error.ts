import { PositionedError } from '../common/index.js';
import type { SloIssue } from './types.js';

/**
 * Thrown at configuration time when SLO specs are invalid. Lists every problem found, each with
 * `file:line:column`; `file`, `line` and `column` name the first one.
 */
export class SloError extends PositionedError<SloIssue> {
  /** @param issues at least one problem */
  constructor(issues: readonly SloIssue[]) {
    super(issues, 'invalid SLO spec', 'SLO spec errors');
    this.name = 'SloError';
  }
}
