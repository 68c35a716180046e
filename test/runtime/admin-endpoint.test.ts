import { request } from 'node:http';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminToken, GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { freePort } from '../helpers/free-port.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

let runtime: GovernanceRuntime | undefined;
let tokenFile = '';
beforeEach(() => {
  tokenFile = join(mkdtempSync(join(tmpdir(), 'agc-admin-')), 'state/admin-token');
});
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
});

async function start(env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  runtime = GovernanceRuntime.start({
    config: runtimeConfigFromEnv({
      AGC_RECORD: 'off',
      AGC_METRICS_PORT: String(port),
      AGC_ADMIN_TOKEN_FILE: tokenFile,
      ...env,
    }),
    register: false,
  });
  await runtime.metricsServer?.url;
  runtime.governor.quarantine('agent-7', 'call storm');
  return port;
}

/** A raw request, so the test controls every header (fetch forbids setting Host). */
function release(port: number, headers: Record<string, string>, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: method === 'POST' ? '/quarantines/release?agent=agent-7' : '/quarantines',
        headers,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const quarantined = (): string[] =>
  runtime?.governor.quarantines.list(Date.now()).map((q) => q.agentId) ?? [];

describe('the generated admin token file', () => {
  it('is never written through, or read from, a symbolic link planted at its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-admin-link-'));
    const target = join(dir, 'victim');
    writeFileSync(target, 'attacker-known-token-0000000000000000000000\n', { mode: 0o600 });
    symlinkSync(target, join(dir, 'admin-token'));
    const { token, problem } = ensureAdminToken(join(dir, 'admin-token'));
    expect(token).not.toContain('attacker-known-token');
    expect(problem).toMatch(/ELOOP|symbolic/i);
    expect(readFileSync(target, 'utf8')).toBe('attacker-known-token-0000000000000000000000\n');
  });

  it('a token file others may read is replaced, not reused', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agc-admin-mode-')), 'admin-token');
    writeFileSync(file, `${'a'.repeat(64)}\n`, { mode: 0o644 });
    const { token } = ensureAdminToken(file);
    expect(token).not.toBe('a'.repeat(64));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
  });
});

describe('the admin endpoint cannot be driven from a browser', () => {
  it('refuses a cross-site POST (Origin) and a DNS-rebinding Host, and releases for a local client', async () => {
    const port = await start();
    const token = readFileSync(tokenFile, 'utf8').trim();
    const auth = { authorization: `Bearer ${token}` };
    expect(await release(port, { ...auth, origin: 'https://evil.example' })).toBe(403);
    expect(await release(port, { ...auth, 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await release(port, { ...auth, host: `evil.example:${port}` })).toBe(403);
    expect(quarantined()).toEqual(['agent-7']);
    expect(await release(port, { ...auth, host: `localhost:${port}` })).toBe(200);
    expect(quarantined()).toEqual([]);
  });

  it("without AGC_ADMIN_TOKEN a release needs the generated token (the agent's own HTTP tool has none)", async () => {
    const port = await start();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    // A plain local request — what a quarantined agent's HTTP tool sends — lists but cannot release.
    expect(await release(port, {}, 'GET')).toBe(200);
    expect(await release(port, {})).toBe(403);
    expect(await release(port, { authorization: 'Bearer guess' })).toBe(403);
    expect(quarantined()).toEqual(['agent-7']);
    expect(await release(port, { authorization: `Bearer ${token}` })).toBe(200);
    expect(quarantined()).toEqual([]);
    // The next process in the same folder keeps the token (agc quarantine reads one file).
    // (The symlink case below shows a planted file is not trusted.)
    await stopRuntime(runtime);
    await start();
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
  });

  it('with a token, only the exact token releases, whatever the Host', async () => {
    const port = await start({ AGC_ADMIN_TOKEN: 's3cret' });
    expect(await release(port, {})).toBe(403);
    expect(await release(port, { authorization: 'Bearer s3cre' })).toBe(403);
    expect(await release(port, { authorization: 'Bearer s3cret!' })).toBe(403);
    expect(
      await release(port, { authorization: 'Bearer s3cret', origin: 'https://evil.example' }),
    ).toBe(403);
    expect(quarantined()).toEqual(['agent-7']);
    expect(await release(port, { authorization: 'Bearer s3cret', host: 'agents.internal' })).toBe(
      200,
    );
    expect(quarantined()).toEqual([]);
  });
});
