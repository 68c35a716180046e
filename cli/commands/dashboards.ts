import { join } from 'node:path';
import type { Command } from 'commander';
import {
  DashboardError,
  checkDashboardFiles,
  writeDashboardFiles,
} from '../../dashboards/index.js';
import { printJson, writeOut } from '../output.js';

interface BuildFlags {
  readonly out: string;
  readonly check?: boolean;
  readonly json?: boolean;
}

/**
 * `agc dashboards build [--out DIR] [--check] [--json]`: writes the Grafana dashboards (JSON) and
 * the governance alert rules (YAML) generated from `conventions/` into DIR (default
 * `dashboards`). With `--check` it writes nothing and exits 1 when a file in DIR is missing or
 * differs from what the code generates (CI runs it so committed JSON cannot go stale).
 */
export function registerDashboardsCommand(program: Command): void {
  const dashboards = program
    .command('dashboards')
    .description('Grafana dashboards and governance alert rules');
  dashboards
    .command('build')
    .description('generate the dashboards JSON and alert rules (or check them with --check)')
    .option('--out <dir>', 'output folder', 'dashboards')
    .option('--check', 'write nothing; exit 1 when the files in DIR are stale')
    .option('--json', 'print the result as JSON')
    .action((flags: BuildFlags) => {
      try {
        if (flags.check) check(flags);
        else build(flags);
      } catch (error) {
        if (!(error instanceof DashboardError)) throw error;
        process.stderr.write(`agc dashboards build: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

function build(flags: BuildFlags): void {
  const files = writeDashboardFiles(flags.out);
  if (flags.json) {
    printJson({ ok: true, out: flags.out, files: files.map((f) => f.path) });
    return;
  }
  for (const file of files) writeOut(`wrote ${join(flags.out, file.path)}`);
  writeOut(`ok: ${files.length} files generated`);
}

function check(flags: BuildFlags): void {
  const problems = checkDashboardFiles(flags.out);
  if (flags.json) printJson({ ok: problems.length === 0, out: flags.out, problems });
  else if (problems.length === 0) writeOut(`ok: ${flags.out} is up to date`);
  for (const p of problems) {
    const hint =
      p.problem === 'unexpected'
        ? 'no code generates it (delete it)'
        : 'run `agc dashboards build` and commit';
    process.stderr.write(`${join(flags.out, p.path)}: ${p.problem}: ${hint}\n`);
  }
  if (problems.length > 0) process.exitCode = 1;
}
