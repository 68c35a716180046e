import { formatIssue } from '../../common/index.js';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ToolCallEvent } from '../../conventions/index.js';
import { formatDuration } from '../../common/index.js';
import {
  evaluateRecordedEvents,
  formatSloReport,
  generateSloRules,
  loadSloSpecs,
  renderSloRules,
  SloError,
  type SloSpec,
} from '../../slo/index.js';
import { printJson, writeOut } from '../output.js';

/** What `agc slo` needs from other modules. */
export interface SloCommandDeps {
  /** Reads tool-call events from recordings (replay/); `agc slo status` needs it. */
  readonly readToolCallEvents?: (paths: string[]) => AsyncIterable<ToolCallEvent>;
}

/**
 * `agc slo check|rules|status`: validate SLO specs (file:line:column errors, exit 1), generate
 * Prometheus rules, and compute SLO statuses from recordings (exit 1 while any SLO alerts).
 */
export function registerSloCommand(program: Command, deps: SloCommandDeps = {}): void {
  const slo = program.command('slo').description('SLO specs, burn-rate rules and status');

  slo
    .command('check')
    .description('validate SLO specs (native agc/v1, OpenSLO v1, Sloth prometheus/v1)')
    .argument('<spec...>', 'SLO spec files (YAML)')
    .option('--json', 'print the result as JSON')
    .action((files: string[], options: { json?: boolean }) => {
      const specs = load(files, options.json);
      if (!specs) return;
      if (options.json) printJson({ ok: true, slos: specs.map(describe) });
      else {
        for (const spec of specs) writeOut(summaryLine(spec));
        writeOut(`ok: ${specs.length} SLO(s) valid`);
      }
    });

  slo
    .command('rules')
    .description('generate Prometheus recording and alerting rules for SLO specs')
    .argument('<spec...>', 'SLO spec files (YAML)')
    .option('--out <file>', 'write the rules to FILE instead of stdout')
    .option('--json', 'print the rule groups as JSON')
    .action((files: string[], options: { out?: string; json?: boolean }) => {
      const specs = load(files, options.json);
      if (!specs) return;
      if (options.json) {
        printJson(generateSloRules(specs));
        return;
      }
      const text = renderSloRules(specs);
      if (options.out === undefined) process.stdout.write(text);
      else {
        writeFileSync(options.out, text);
        writeOut(`wrote rules for ${specs.length} SLO(s) to ${options.out}`);
      }
    });

  slo
    .command('status')
    .description('compute SLO statuses from recordings (offline)')
    .argument('<spec>', 'SLO spec file (YAML)')
    .argument('<recording...>', 'recording files')
    .option('--json', 'print the statuses as JSON')
    .option('--at <time>', 'evaluate at TIME (ISO 8601 or epoch ms); default: the last event')
    .action(
      async (spec: string, recordings: string[], options: { json?: boolean; at?: string }) => {
        const atMs = options.at === undefined ? undefined : parseTime(options.at);
        if (Number.isNaN(atMs)) {
          process.stderr.write(
            `agc slo status: --at '${options.at}' is not a time (ISO 8601 or epoch ms)\n`,
          );
          process.exitCode = 2;
          return;
        }
        if (!deps.readToolCallEvents) {
          process.stderr.write('agc slo status: no recording reader is available in this build\n');
          process.exitCode = 2;
          return;
        }
        const specs = load([spec], options.json);
        if (!specs) return;
        const report = await evaluateRecordedEvents(
          specs,
          deps.readToolCallEvents(recordings),
          atMs === undefined ? {} : { atMs },
        );
        if (options.json) printJson(report);
        else process.stdout.write(formatSloReport(report));
        if (report.statuses.some((s) => s.alert !== 'ok' || s.budgetRemaining <= 0)) {
          process.exitCode = 1;
        }
      },
    );
}

/** Loads specs; on SloError prints one line per issue (or JSON) and sets exit code 1. */
function load(files: string[], json: boolean | undefined): SloSpec[] | undefined {
  try {
    return loadSloSpecs(files);
  } catch (error) {
    if (!(error instanceof SloError)) throw error;
    if (json) printJson({ ok: false, issues: error.issues });
    else for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.exitCode = 1;
    return undefined;
  }
}

function describe(spec: SloSpec) {
  return {
    name: spec.name,
    format: spec.format,
    file: `${spec.source.file}:${spec.source.line}:${spec.source.column}`,
    objective: spec.objective,
    window: formatDuration(spec.periodMs),
    sli: spec.sli.kind,
    circuit: spec.circuit !== null,
  };
}

function summaryLine(spec: SloSpec): string {
  const d = describe(spec);
  const circuit = d.circuit ? ', circuit on' : '';
  return `${d.name} (${d.format}, ${d.file}): ${spec.objectivePercent}% over ${d.window}, ${d.sli}${circuit}`;
}

function parseTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  return Date.parse(text);
}
