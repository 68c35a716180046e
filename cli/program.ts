import { Command } from 'commander';
import { registerAnomalyCommand } from './commands/anomaly-rules.js';
import { registerDashboardsCommand } from './commands/dashboards.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerQuarantineCommand } from './commands/quarantine.js';
import { registerSloCommand } from './commands/slo.js';

/** Builds the `agc` command with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('agc')
    .description('@agc/otel: governance and SRE for AI agents, on OpenTelemetry')
    .version('0.1.0')
    .showHelpAfterError();
  registerPolicyCommand(program);
  registerAnomalyCommand(program);
  registerQuarantineCommand(program);
  registerDashboardsCommand(program);
  registerSloCommand(program);
  return program;
}
