import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { freePort } from '../helpers/free-port.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
});

async function start(env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  runtime = GovernanceRuntime.start({
    config: runtimeConfigFromEnv({ AGC_RECORD: 'off', AGC_METRICS_PORT: String(port), ...env }),
    register: false,
  });
  await runtime.metricsServer?.url;
  runtime.governor.quarantine('agent-7', 'call storm');
  return port;
}

/** A raw request, so the test controls every header (fetch forbids setting Host). */
function release(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/quarantines/release?agent=agent-7',
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

describe('the admin endpoint cannot be driven from a browser', () => {
  it('refuses a cross-site POST (Origin) and a DNS-rebinding Host, and releases for a local client', async () => {
    const port = await start();
    expect(await release(port, { origin: 'https://evil.example' })).toBe(403);
    expect(await release(port, { 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await release(port, { host: `evil.example:${port}` })).toBe(403);
    expect(quarantined()).toEqual(['agent-7']);
    expect(await release(port, { host: `localhost:${port}` })).toBe(200);
    expect(quarantined()).toEqual([]);
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
