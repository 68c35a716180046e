import { Command } from 'commander';
import { registerAnomalyCommand } from './commands/anomaly-rules.js';
import { registerDashboardsCommand } from './commands/dashboards.js';
import { registerGateCommand } from './commands/gate.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerQuarantineCommand } from './commands/quarantine.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerSloCommand } from './commands/slo.js';
import { registerVerifyCommand } from './commands/verify.js';
import { packageVersion } from '../common/index.js';
import { readToolCallEvents } from '../replay/index.js';

/** Builds the `agc` command with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('agc')
    .description('@agc/otel: governance and SRE for AI agents, on OpenTelemetry')
    .version(packageVersion())
    .showHelpAfterError();
  registerPolicyCommand(program);
  registerAnomalyCommand(program);
  registerQuarantineCommand(program);
  registerDashboardsCommand(program);
  registerSloCommand(program, { readToolCallEvents: (paths) => readToolCallEvents(paths) });
  registerReplayCommand(program);
  registerVerifyCommand(program);
  registerGateCommand(program);
  return program;
}
