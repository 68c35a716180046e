import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Absolute path of promtool; tests fail (not skip) without it, because CI installs it. */
export function promtoolPath(): string {
  for (const candidate of [process.env.PROMTOOL, '/usr/bin/promtool', '/usr/local/bin/promtool']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'promtool not found: install Debian prometheus (apt-get install prometheus) or set PROMTOOL',
  );
}

/** Result of one promtool run. */
export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs `promtool ARGS...` in DIR, never throwing on a non-zero exit. */
export async function promtool(args: string[], cwd: string): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await run(promtoolPath(), args, { cwd });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (e.stdout ?? '') + (e.stderr ?? '') || e.message };
  }
}

/** Writes FILES (name to text) into a fresh temp folder and returns its path. */
export function writeTempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agc-promtool-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
