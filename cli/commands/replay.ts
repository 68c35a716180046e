import { writeFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { DECISIONS } from '../../conventions/index.js';
import type { Decision } from '../../conventions/index.js';
import { PolicyError } from '../../policy/index.js';
import {
  ProgressMeter,
  RecordingReadError,
  collectReport,
  diffRecordings,
  formatRecordingDiff,
  formatRunSummary,
  formatWhatIf,
  renderHtmlReport,
  renderRunTree,
  showRecording,
  whatIfRecording,
} from '../../replay/index.js';
import type { ReadStats, RunFilter } from '../../replay/index.js';
import { printJson, useColor, writeOut } from '../output.js';

interface CommonOptions {
  json?: boolean;
  skipMalformed?: boolean;
  color?: boolean;
  progress?: boolean;
}

interface FilterOptions {
  agent?: string[];
  tool?: string[];
  decision?: string[];
  trace?: string[];
}

/**
 * `agc replay show|diff|what-if|report`: debug runs from recordings (files or folders, plain or
 * gzip). Exit codes: 0 ok / no change; 1 findings (flips or divergence with `--fail-on-change`,
 * malformed input, skipped or not); 2 usage error or unreadable input (missing file, invalid
 * policy). See docs/replay.md.
 */
export function registerReplayCommand(program: Command): void {
  const replay = program
    .command('replay')
    .description('debug agent runs from recordings: show, diff, what-if, report');

  common(
    filters(
      replay
        .command('show')
        .description('the run as a tree: agent runs, model calls, tool calls and their decisions')
        .argument('<recording...>', 'recording files or folders (.jsonl, .jsonl.gz)'),
    ),
  )
    .option('--args-width <n>', 'characters of arguments shown per call (0 hides)', toInt, 60)
    .action(
      async (paths: string[], options: CommonOptions & FilterOptions & { argsWidth: number }) => {
        await run('show', options, async (progress) => {
          const filter = toFilter(options);
          if (filter === undefined) return;
          const color = wantColor(options);
          const result = await showRecording(
            paths,
            (tree) => {
              progress.done();
              return writeWithBackpressure(
                options.json
                  ? `${JSON.stringify({ type: 'trace', ...tree })}\n`
                  : `${renderRunTree(tree, { color, argsWidth: options.argsWidth })}\n`,
              );
            },
            { ...reading(options, progress), filter },
          );
          progress.done();
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ type: 'summary', summary: result.summary, stats: result.stats })}\n`,
            );
          } else process.stdout.write(formatRunSummary(result.summary, result.stats, { color }));
          reportSkipped('show', result.stats);
        });
      },
    );

  common(
    replay
      .command('diff')
      .description(
        "align two runs' tool calls (LCS) and report the first divergence and per-step differences",
      )
      .argument('<a>', 'the first recording (file or folder)')
      .argument('<b>', 'the second recording (file or folder)'),
  )
    .option('--agent <names>', 'compare only these agents (comma list, * wildcards)', list)
    .option('--tool <names>', 'compare only these tools', list)
    .option('--trace <ids>', 'compare only these trace ids (prefixes)', list)
    .option('--all', 'list identical steps too')
    .option('--fail-on-change', 'exit 1 when the runs diverge')
    .action(
      async (
        a: string,
        b: string,
        options: CommonOptions & FilterOptions & { all?: boolean; failOnChange?: boolean },
      ) => {
        await run('diff', options, async (progress) => {
          const filter = toFilter(options);
          if (filter === undefined) return;
          const diff = await diffRecordings([a], [b], { ...reading(options, progress), filter });
          progress.done();
          if (options.json) printJson(diff);
          else
            process.stdout.write(
              formatRecordingDiff(diff, { color: wantColor(options), all: options.all ?? false }),
            );
          reportSkipped('diff', diff.stats.a);
          reportSkipped('diff', diff.stats.b);
          if (options.failOnChange && diff.firstDivergence !== undefined) process.exitCode = 1;
        });
      },
    );

  common(
    replay
      .command('what-if')
      .description(
        're-decide every recorded call under a new policy, limits and budgets in recorded time',
      )
      .argument('<recording...>', 'recording files or folders'),
  )
    .requiredOption('--policy <files>', 'the new policy files (comma list or repeated)', list)
    .option('--fail-on-change', 'exit 1 when any decision changes (for CI)')
    .option('--max-changes <n>', 'changes listed one by one (all are counted)', toInt, 1000)
    .option('--window <n>', 'calls held to restore start order', toInt, 10_000)
    .action(
      async (
        paths: string[],
        options: CommonOptions & {
          policy: string[];
          failOnChange?: boolean;
          maxChanges: number;
          window: number;
        },
      ) => {
        await run('what-if', options, async (progress) => {
          const result = await whatIfRecording(paths, options.policy, {
            ...reading(options, progress),
            maxChanges: options.maxChanges,
            window: options.window,
          });
          progress.done();
          if (options.json) printJson(result);
          else process.stdout.write(formatWhatIf(result, { color: wantColor(options) }));
          reportSkipped('what-if', result.stats);
          const changed = result.allowToDeny + result.denyToAllow + result.otherChanges;
          if (options.failOnChange && changed > 0) process.exitCode = 1;
        });
      },
    );

  common(
    replay
      .command('report')
      .description('write one self-contained HTML page: timeline, decisions, anomalies, calls')
      .argument('<recording...>', 'recording files or folders'),
  )
    .requiredOption('-o, --out <file>', 'the HTML file to write')
    .option('--title <text>', 'page title', 'agc replay report')
    .option('--max-calls <n>', 'calls drawn and listed (the summary counts all)', toInt, 5000)
    .action(
      async (
        paths: string[],
        options: CommonOptions & { out: string; title: string; maxCalls: number },
      ) => {
        await run('report', options, async (progress) => {
          const data = await collectReport(paths, {
            ...reading(options, progress),
            title: options.title,
            maxCalls: options.maxCalls,
          });
          progress.done();
          writeFileSync(options.out, renderHtmlReport(data));
          if (options.json) {
            printJson({
              out: options.out,
              calls: data.summary.toolCalls,
              listed: data.steps.length,
              summary: data.summary,
            });
          } else
            writeOut(
              `wrote ${options.out}: ${data.summary.toolCalls} tool call(s), ${data.summary.traces} trace(s)`,
            );
          reportSkipped('report', data.stats);
        });
      },
    );
}

/** Writes TEXT to stdout; when its buffer is full, waits for it to drain (memory stays flat). */
function writeWithBackpressure(text: string): Promise<void> | undefined {
  if (process.stdout.write(text)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

function common(command: Command): Command {
  return command
    .option('--json', 'print JSON (show: one JSON object per line, then a summary line)')
    .option('--skip-malformed', 'skip and count malformed lines instead of stopping at the first')
    .option('--no-color', 'no ANSI colours (default: colours when stdout is a terminal)')
    .option('--no-progress', 'no progress bar (default: a bar on stderr when it is a terminal)');
}

function filters(command: Command): Command {
  return command
    .option('--agent <names>', 'only these agents (ids or names, comma list, * wildcards)', list)
    .option('--tool <names>', 'only these tools (comma list, * wildcards)', list)
    .option('--decision <decisions>', 'only these decisions: allow, audit, deny (comma list)', list)
    .option('--trace <ids>', 'only these trace ids (or prefixes)', list);
}

function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

function toInt(value: string): number {
  const n = Number(value);
  // Commander reports this as a usage error (exit 2).
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function toFilter(options: FilterOptions): RunFilter | undefined {
  const bad = (options.decision ?? []).filter((d) => !(DECISIONS as readonly string[]).includes(d));
  if (bad.length > 0) {
    process.stderr.write(
      `agc replay: --decision '${bad.join(',')}' is not one of ${DECISIONS.join(', ')}\n`,
    );
    process.exitCode = 2;
    return undefined;
  }
  return {
    ...(options.agent && { agents: options.agent }),
    ...(options.tool && { tools: options.tool }),
    ...(options.decision && { decisions: options.decision as Decision[] }),
    ...(options.trace && { traces: options.trace }),
  };
}

function wantColor(options: CommonOptions): boolean {
  return options.color !== false && !options.json && useColor();
}

function reading(options: CommonOptions, progress: ProgressMeter) {
  return {
    onMalformed: options.skipMalformed ? ('skip' as const) : ('stop' as const),
    onProgress: progress.update,
  };
}

/** Prints skipped malformed lines (one per line) and sets exit code 1. */
function reportSkipped(command: string, stats: ReadStats): void {
  if (stats.malformed === 0) return;
  for (const p of stats.problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
  const more = stats.malformed - stats.problems.length;
  if (more > 0)
    process.stderr.write(`agc replay ${command}: ... and ${more} more malformed line(s)\n`);
  process.exitCode = 1;
}

/** Runs BODY with a progress bar; maps read and policy errors to one line each and exit 1 or 2. */
async function run(
  command: string,
  options: CommonOptions,
  body: (progress: ProgressMeter) => Promise<void>,
): Promise<void> {
  const progress = new ProgressMeter({
    write: (text) => process.stderr.write(text),
    enabled: options.progress !== false && Boolean(process.stderr.isTTY),
  });
  try {
    await body(progress);
  } catch (error) {
    progress.done();
    if (error instanceof RecordingReadError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.kind === 'malformed' ? 1 : 2;
      return;
    }
    if (error instanceof PolicyError) {
      for (const line of error.message.split('\n')) process.stderr.write(`${line}\n`);
      process.exitCode = 2;
      return;
    }
    if (!isFileSystemError(error)) throw error;
    process.stderr.write(`agc replay ${command}: ${error.message}\n`);
    process.exitCode = 2;
  }
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
