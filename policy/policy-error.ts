import { PositionedError } from '../common/index.js';
import type { PolicyIssue } from './types.js';

/**
 * Thrown by {@link loadPolicy} when a policy cannot be used. `file`, `line` and `column` are the
 * first problem's; `issues` lists every problem found (loading validates everything eagerly).
 */
export class PolicyError extends PositionedError<PolicyIssue> {
  constructor(issues: readonly PolicyIssue[]) {
    super(issues, 'invalid policy');
    this.name = 'PolicyError';
  }
}
