import { secretsFromEnv } from '../../runtime/index.js';
import type { Command } from 'commander';
import {
  loadVerifyKey,
  ProgressMeter,
  readCheckpoints,
  RecordingKeyError,
  RecordingReadError,
  verifyRecordingFiles,
} from '../../replay/index.js';
import type { ChainRun, VerifyResult } from '../../replay/index.js';
import { printJson, writeOut } from '../output.js';

/** How one run came out. */
type RunState = 'ok' | 'open' | 'key-needed' | 'tampered';

/**
 * `agc verify REC... [--key K] [--public-key PEM] [--json]`: checks the recording hash chains
 * (files in order, or folders; each process run is its own chain, rotated files continue it);
 * prints each run and its first modified, deleted, reordered, truncated or downgraded line.
 * The key defaults to `AGC_RECORD_KEY`, the public key to `AGC_RECORD_PUBLIC_KEY`. Exit codes:
 * 0 intact, 1 tampering or a malformed line found, 2 usage error or unreadable file,
 * 3 inconclusive (a keyed recording without the key, or a run that ends without a clean close
 * and whose end nothing authenticated confirms).
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'check the hash chain of recordings: report the first modified, deleted, reordered or truncated line',
    )
    .argument('<recording...>', 'recording files in write order, or folders')
    .option('--key <key>', 'HMAC key the recording was written with (default: $AGC_RECORD_KEY)')
    .option(
      '--public-key <pem>',
      'Ed25519 public key (PEM file or text) the recording must be signed for (default: $AGC_RECORD_PUBLIC_KEY)',
    )
    .option(
      '--checkpoints <paths>',
      "OTLP/JSON files or folders (what the Collector wrote) holding the recorder's exported checkpoints, comma-separated",
    )
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress bar (default: a bar on stderr when it is a terminal)')
    .action(
      async (
        paths: string[],
        options: {
          key?: string;
          publicKey?: string;
          checkpoints?: string;
          json?: boolean;
          progress?: boolean;
        },
      ) => {
        const progress = new ProgressMeter({
          write: (text) => process.stderr.write(text),
          enabled: options.progress !== false && Boolean(process.stderr.isTTY),
        });
        const key = options.key ?? secretsFromEnv().recordKey;
        const publicKeyText = options.publicKey ?? process.env.AGC_RECORD_PUBLIC_KEY;
        try {
          const publicKey =
            publicKeyText !== undefined && publicKeyText !== ''
              ? loadVerifyKey(publicKeyText)
              : undefined;
          const checkpoints =
            options.checkpoints !== undefined
              ? readCheckpoints(options.checkpoints.split(',').filter((p) => p !== ''))
              : undefined;
          const result = await verifyRecordingFiles(paths, {
            ...(key !== undefined && key !== '' && { key }),
            ...(publicKey !== undefined && { publicKey }),
            ...(checkpoints !== undefined && { checkpoints }),
            onProgress: progress.update,
          });
          progress.done();
          const states = result.runs.map(runState);
          if (options.json) printJson({ ...result, runStates: states });
          else printRuns(result, states);
          const missing = (result.checkpoints?.missingRuns.length ?? 0) > 0;
          process.exitCode = states.includes('tampered')
            ? 1
            : missing || states.some((s) => s !== 'ok')
              ? 3
              : 0;
        } catch (error) {
          progress.done();
          if (!(error instanceof RecordingReadError) && !(error instanceof RecordingKeyError))
            throw error;
          if (options.json) printJson({ error: { kind: error.name, message: error.message } });
          else process.stderr.write(`${error.message}\n`);
          process.exitCode = 2;
        }
      },
    );
}

function runState(run: ChainRun): RunState {
  if (run.problem?.kind === 'key-needed') return 'key-needed';
  if (!run.ok) return 'tampered';
  // v1 chains have no close line; v2 runs must end in one, or in an authenticated head.
  if (run.closed === false && run.endConfirmed !== true) return 'open';
  return 'ok';
}

const LABEL: Record<RunState, string> = {
  ok: 'ok      ',
  open: 'open    ',
  'key-needed': 'key?    ',
  tampered: 'tampered',
};

/** One line per run (problems on stderr, notes after the run), then the verdict. */
function printRuns(result: VerifyResult, states: readonly RunState[]): void {
  const many = result.runs.length > 1;
  result.runs.forEach((run, i) => {
    const state = states[i] ?? 'ok';
    const first = run.files[0] ?? '';
    const more = run.files.length > 1 ? ` (+${run.files.length - 1} rotated)` : '';
    if (run.problem !== undefined && state === 'tampered') {
      const p = run.problem;
      process.stderr.write(`${p.file}:${p.line}: ${p.kind}: ${p.message}\n`);
    }
    if (many) writeOut(`${LABEL[state]}  ${first}${more}: ${run.lines} line(s) verified`);
    for (const note of notes(run, state)) writeOut(`  ${note}`);
  });
  const runs = many ? ` in ${result.runs.length} runs` : '';
  const cp = result.checkpoints;
  if (cp !== undefined) {
    writeOut(
      `checkpoints: ${cp.matched} matched${cp.rotatedAway > 0 ? `, ${cp.rotatedAway} of lines rotated away` : ''}`,
    );
    for (const run of cp.missingRuns)
      writeOut(
        `  run ${run}: checkpoints exported, no line here (deleted, rewritten, or not given)`,
      );
  }
  const count = (s: RunState): number => states.filter((x) => x === s).length;
  if (count('tampered') > 0) {
    writeOut(
      many
        ? `tampered: ${count('tampered')} of ${result.runs.length} runs`
        : `tampered: ${result.lines} line(s) verified before the first problem`,
    );
  } else if (count('key-needed') > 0) {
    writeOut(
      'inconclusive: the recording was written with AGC_RECORD_KEY; verify with --key (or AGC_RECORD_KEY)',
    );
  } else if ((cp?.missingRuns.length ?? 0) > 0) {
    writeOut(
      `inconclusive: ${result.lines} line(s) intact${runs}, but runs with exported checkpoints are missing`,
    );
  } else if (count('open') > 0) {
    writeOut(
      `inconclusive: ${result.lines} line(s) intact${runs}, but ${count('open')} run(s) end without a clean close and nothing authenticated confirms the end (killed, still writing, or cut)`,
    );
  } else if (many) {
    writeOut(`ok: ${result.lines} line(s) verified${runs}, every hash chain is intact`);
  } else writeOut(`ok: ${result.lines} line(s) verified, the hash chain is intact`);
}

function notes(run: ChainRun, state: RunState): string[] {
  const out: string[] = [];
  if (run.startsAt !== undefined)
    out.push(`starts at line #${run.startsAt}: the earlier files were rotated away (retention)`);
  if (run.lostSpans !== undefined)
    out.push(`${run.lostSpans} span(s) could not be written (recorded as gaps in the chain)`);
  if (run.closed === false && run.endConfirmed === true)
    out.push(
      'ends without a clean close; the authenticated head confirms its last line (the process was killed)',
    );
  if (state === 'open')
    out.push('ends without a clean close (killed, still writing, or its end was cut)');
  if (state === 'key-needed') out.push('keyed chain: needs --key');
  return out;
}
