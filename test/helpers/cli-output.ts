import { afterEach, beforeEach, vi } from 'vitest';

/** What a CLI command wrote, captured by {@link captureCliOutput}. */
export interface CliOutput {
  /** Everything written to stdout since the test (or the last {@link CliOutput.clear}) began. */
  out(): string;
  /** Everything written to stderr. */
  err(): string;
  /** Forgets what was captured so far. */
  clear(): void;
}

/**
 * Registers hooks that capture `process.stdout` / `process.stderr` writes during each test of
 * the calling file and reset `process.exitCode` around it, for tests that run `agc` commands in
 * process. Call once at the top level of the test file.
 */
export function captureCliOutput(): CliOutput {
  let stdout: string[] = [];
  let stderr: string[] = [];
  beforeEach(() => {
    stdout = [];
    stderr = [];
    process.exitCode = undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return {
    out: () => stdout.join(''),
    err: () => stderr.join(''),
    clear: () => {
      stdout = [];
      stderr = [];
    },
  };
}
