import type { Command } from 'commander';
import {
  formatPolicySummary,
  loadPolicyFiles,
  PolicyError,
  summarizePolicy,
} from '../../policy/index.js';
import { printJson, writeOut } from '../output.js';

/**
 * `agc policy check FILE...`: validates policy files. Prints every problem as
 * `file:line:column: message` on stderr (exit 1), or a summary of what the policy allows (exit 0).
 */
export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('work with policy files');
  policy
    .command('check')
    .description('validate policy files and summarise what they allow')
    .argument('<file...>', 'policy files (YAML or JSON)')
    .option('--json', 'print the result as JSON')
    .action((files: string[], options: { json?: boolean }) => {
      try {
        const summary = summarizePolicy(loadPolicyFiles(files));
        if (options.json) printJson({ ok: true, ...summary });
        else
          writeOut(
            `${formatPolicySummary(summary)}\nok: ${summary.documents.length} policy document(s) valid`,
          );
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        if (options.json) printJson({ ok: false, issues: error.issues });
        else for (const line of error.message.split('\n')) process.stderr.write(`${line}\n`);
        process.exitCode = 1;
      }
    });
}
