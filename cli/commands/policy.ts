import type { Command } from 'commander';
import { AnomalyConfigError, resolveAnomalyOptions } from '../../anomaly/index.js';
import {
  formatPolicySummary,
  loadPolicyFiles,
  PolicyError,
  summarizePolicy,
} from '../../policy/index.js';
import type { Policy, PolicyIssue } from '../../policy/index.js';
import { printJson, writeOut } from '../output.js';

/**
 * `agc policy check FILE...`: validates policy files (including their `spec.anomaly` blocks).
 * Prints every problem as `file:line:column: message` on stderr (exit 1), or a summary of what
 * the policy allows (exit 0).
 */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('work with policy files');
  policy
    .command('check')
    .description('validate policy files and summarise what they allow')
    .argument('<file...>', 'policy files (YAML or JSON)')
    .option('--json', 'print the result as JSON')
    .action((files: string[], options: { json?: boolean }) => {
      let issues: PolicyIssue[];
      let loaded: Policy | undefined;
      try {
        loaded = loadPolicyFiles(files);
        issues = anomalyIssues(loaded);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        issues = [...error.issues];
      }
      if (issues.length === 0 && loaded) {
        const summary = summarizePolicy(loaded);
        if (options.json) printJson({ ok: true, ...summary });
        else
          writeOut(
            `${formatPolicySummary(summary)}\nok: ${summary.documents.length} policy document(s) valid`,
          );
        return;
      }
      if (options.json) printJson({ ok: false, issues });
      else
        for (const i of issues)
          process.stderr.write(`${i.file}:${i.line}:${i.column}: ${i.message}\n`);
      process.exitCode = 1;
    });
}

/** Problems of the `spec.anomaly` blocks, which the anomaly module validates. */
function anomalyIssues(policy: Policy): PolicyIssue[] {
  return policy.documents.flatMap((doc) => {
    if (doc.anomaly === undefined) return [];
    try {
      resolveAnomalyOptions(doc.anomaly.options, 'spec.anomaly');
      return [];
    } catch (error) {
      if (!(error instanceof AnomalyConfigError)) throw error;
      return error.errors.map((message) => ({
        file: doc.file,
        line: doc.anomaly?.line ?? 1,
        column: doc.anomaly?.column ?? 1,
        message,
      }));
    }
  });
}
