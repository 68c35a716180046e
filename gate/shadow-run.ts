import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SloSpec } from '../slo/index.js';
import { resolveRecordingFiles } from '../replay/index.js';
import { gateRecordings } from './run-gate.js';
import type { GateConfig, GateReport } from './types.js';

/** Options of {@link runShadowCanary}. */
export interface ShadowRunOptions {
  /** Shell command starting the canary, e.g. `node --require @agc/otel new-agent.js`. */
  readonly command: string;
  /** The baseline's recordings (files or folders), replayed to the canary. */
  readonly baseline: readonly string[];
  /** Where the canary records. @default a new temporary folder */
  readonly recordDir?: string;
  /** Longest the command may run, milliseconds; then it is killed. @default 600000 */
  readonly timeoutMs?: number;
  /** Working folder of the command. @default process.cwd() */
  readonly cwd?: string;
  /** Extra environment for the command. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How the canary command ended. */
export interface ShadowRunResult {
  /** Folder holding the canary's recordings. */
  readonly recordDir: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The last 4 KiB of the command's output (stdout and stderr). */
  readonly outputTail: string;
}

/** The canary command failed, or recorded nothing; the gate cannot judge. */
export class ShadowRunError extends Error {
  constructor(
    message: string,
    readonly result: ShadowRunResult,
  ) {
    super(message);
    this.name = 'ShadowRunError';
  }
}

const TAIL_BYTES = 4096;

/**
 * Runs the canary command against the baseline's recorded inputs: `AGC_REPLAY` = the baseline
 * files, `AGC_REPLAY_MODE=record-missing` (tool outcomes the baseline has are served from it;
 * calls it lacks run for real), `AGC_RECORD_DIR` = a fresh folder, `AGC_METRICS_PORT=0`. Its
 * output is captured, not printed, so `--json` stays clean.
 *
 * @throws RecordingReadError when the baseline cannot be resolved
 */
export async function runShadowCanary(options: ShadowRunOptions): Promise<ShadowRunResult> {
  const files = resolveRecordingFiles(options.baseline).map((f) => f.path);
  const recordDir = options.recordDir ?? mkdtempSync(join(tmpdir(), 'agc-gate-canary-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    AGC_REPLAY: files.join(','),
    AGC_REPLAY_MODE: 'record-missing',
    AGC_RECORD_DIR: recordDir,
    AGC_METRICS_PORT: '0',
  };
  delete env.AGC_RECORD;
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, {
      shell: true,
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 600_000,
    });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (exitCode, signal) =>
      resolve({ recordDir, exitCode, signal, outputTail: tail }),
    );
  });
}

/**
 * Shadow check: runs the canary command against the baseline's recorded inputs (see
 * {@link runShadowCanary}) and judges its recordings against the baseline's.
 *
 * @throws {@link ShadowRunError} when the command exits non-zero or records nothing
 */
export async function gateShadow(
  config: GateConfig,
  slos: readonly SloSpec[],
  options: ShadowRunOptions,
): Promise<{ readonly report: GateReport; readonly run: ShadowRunResult }> {
  const run = await runShadowCanary(options);
  if (run.exitCode !== 0) {
    const how =
      run.signal !== null ? `was killed (${run.signal})` : `exited with code ${run.exitCode}`;
    throw new ShadowRunError(`canary command ${how}${lastLine(run.outputTail)}`, run);
  }
  let canaryFiles: string[];
  try {
    canaryFiles = resolveRecordingFiles([run.recordDir]).map((f) => f.path);
  } catch {
    throw new ShadowRunError(
      `canary command recorded nothing in ${run.recordDir} (is it started with --require @agc/otel?)`,
      run,
    );
  }
  const report = await gateRecordings(config, slos, options.baseline, canaryFiles, {
    canary: `shadow: ${options.command}`,
  });
  return { report, run };
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').pop()?.trim();
  return line ? `: ${line}` : '';
}
