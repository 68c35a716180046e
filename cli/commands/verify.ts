import { secretsFromEnv } from '../../runtime/index.js';
import type { Command } from 'commander';
import { ProgressMeter, RecordingReadError, verifyRecordingFiles } from '../../replay/index.js';
import type { VerifyResult } from '../../replay/index.js';
import { printJson, writeOut } from '../output.js';

/**
 * `agc verify REC... [--key K] [--json]`: checks the recording hash chains (files in order, or
 * folders; each process run is its own chain, rotated files continue it); prints each run and
 * its first modified, deleted, reordered or truncated line. The key defaults to
 * `AGC_RECORD_KEY`. Exit codes: 0 intact, 1 tampering or malformed line found, 2 usage error or
 * unreadable file.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'check the hash chain of recordings: report the first modified, deleted, reordered or truncated line',
    )
    .argument('<recording...>', 'recording files in write order, or folders')
    .option('--key <key>', 'HMAC key the recording was written with (default: $AGC_RECORD_KEY)')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress bar (default: a bar on stderr when it is a terminal)')
    .action(
      async (paths: string[], options: { key?: string; json?: boolean; progress?: boolean }) => {
        const progress = new ProgressMeter({
          write: (text) => process.stderr.write(text),
          enabled: options.progress !== false && Boolean(process.stderr.isTTY),
        });
        const key = options.key ?? secretsFromEnv().recordKey;
        try {
          const result = await verifyRecordingFiles(paths, {
            ...(key !== undefined && key !== '' && { key }),
            onProgress: progress.update,
          });
          progress.done();
          if (options.json) printJson(result);
          else printRuns(result);
          if (!result.ok) process.exitCode = 1;
        } catch (error) {
          progress.done();
          if (!(error instanceof RecordingReadError)) throw error;
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 2;
        }
      },
    );
}

/** One line per run (and the problem on stderr), then the verdict. */
function printRuns(result: VerifyResult): void {
  const many = result.runs.length > 1;
  for (const run of result.runs) {
    const first = run.files[0] ?? '';
    const more = run.files.length > 1 ? ` (+${run.files.length - 1} rotated)` : '';
    if (run.problem !== undefined) {
      const p = run.problem;
      process.stderr.write(`${p.file}:${p.line}: ${p.kind}: ${p.message}\n`);
    }
    if (many) {
      const state = run.ok ? 'ok      ' : 'tampered';
      writeOut(`${state}  ${first}${more}: ${run.lines} line(s) verified`);
    }
  }
  const runs = many ? ` in ${result.runs.length} runs` : '';
  const bad = result.runs.filter((r) => !r.ok).length;
  if (result.ok && many) {
    writeOut(`ok: ${result.lines} line(s) verified${runs}, every hash chain is intact`);
  } else if (result.ok) writeOut(`ok: ${result.lines} line(s) verified, the hash chain is intact`);
  else if (many) writeOut(`tampered: ${bad} of ${result.runs.length} runs`);
  else writeOut(`tampered: ${result.lines} line(s) verified before the first problem`);
}
