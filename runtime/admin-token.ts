import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Where a process without `AGC_ADMIN_TOKEN` writes the token it generated. */
export const DEFAULT_ADMIN_TOKEN_FILE = '.agc/admin-token';

/** The admin token file of ENV: `AGC_ADMIN_TOKEN_FILE`, else {@link DEFAULT_ADMIN_TOKEN_FILE}. */
export function adminTokenFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.AGC_ADMIN_TOKEN_FILE?.trim() || DEFAULT_ADMIN_TOKEN_FILE;
}

/**
 * The admin token of a process started without `AGC_ADMIN_TOKEN`: the one in FILE when it is a
 * regular file (not a link) of this user, private to them (no group or other bits) and holding a
 * token (other processes in the same folder share it), else a new random one written to FILE
 * with mode 0600 — never through a symbolic link someone planted there. The operator's `agc
 * quarantine` reads the same file. Returns the token and, when FILE could not be used, why (the
 * token then lives only in this process: state-changing admin calls are impossible).
 */
export function ensureAdminToken(file: string): { token: string; problem?: string } {
  try {
    const stat = lstatSync(file);
    const ours = process.getuid === undefined || stat.uid === process.getuid();
    if (stat.isFile() && ours && (stat.mode & 0o077) === 0) {
      const existing = readFileSync(file, 'utf8').trim();
      if (existing.length >= 32) return { token: existing };
    }
  } catch {
    // No usable file yet: write one.
  }
  const token = randomBytes(32).toString('hex');
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const fd = openSync(file, flags, 0o600);
    try {
      fchmodSync(fd, 0o600); // an existing file keeps its mode on open
      writeSync(fd, `${token}\n`);
    } finally {
      closeSync(fd);
    }
    return { token };
  } catch (error) {
    return { token, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The token in FILE, for the CLI; undefined when there is none to read. */
export function readAdminToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
