import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../cli/program.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { freePort } from '../helpers/free-port.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
  process.exitCode = 0;
  vi.restoreAllMocks();
});

async function agc(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  process.exitCode = 0;
  await buildProgram()
    .exitOverride()
    .parseAsync(['node', 'agc', ...args]);
  vi.restoreAllMocks();
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

describe('agc quarantine (against a running process)', () => {
  it('lists and releases quarantined agents', async () => {
    const port = await freePort();
    runtime = GovernanceRuntime.start({
      config: runtimeConfigFromEnv({ AGC_RECORD: 'off', AGC_METRICS_PORT: String(port) }),
      register: false,
    });
    await runtime.metricsServer?.url;
    const url = `http://127.0.0.1:${port}/metrics`;
    runtime.governor.quarantine('agent-7', 'call storm', 60_000);
    runtime.governor.quarantine('agent-9', 'manual');

    const list = await agc('quarantine', 'list', '--url', url);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(
      /^agent-7 {2}until \d{4}-\d\d-\d\dT.* {2}call storm\nagent-9 {2}until released {2}manual\n$/,
    );
    expect(JSON.parse((await agc('quarantine', 'list', '--url', url, '--json')).out)).toHaveLength(
      2,
    );

    expect(await agc('quarantine', 'release', 'agent-7', '--url', url)).toMatchObject({
      out: 'released agent-7\n',
      code: 0,
    });
    expect(runtime.governor.quarantines.list(Date.now()).map((q) => q.agentId)).toEqual([
      'agent-9',
    ]);
    expect(await agc('quarantine', 'release', 'agent-7', '--url', url)).toMatchObject({
      out: 'agent-7 was not quarantined\n',
      code: 1,
    });
  });

  it('refuses without the token on a non-loopback address, and reports unreachable processes', async () => {
    const port = await freePort();
    runtime = GovernanceRuntime.start({
      config: runtimeConfigFromEnv({
        AGC_RECORD: 'off',
        AGC_METRICS_PORT: String(port),
        AGC_METRICS_HOST: '0.0.0.0',
        AGC_ADMIN_TOKEN: 's3cret',
      }),
      register: false,
    });
    await runtime.metricsServer?.url;
    const url = `http://127.0.0.1:${port}/metrics`;
    const refused = await agc('quarantine', 'list', '--url', url, '--token', 'wrong');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/answered 403/);
    expect((await agc('quarantine', 'list', '--url', url, '--token', 's3cret')).out).toBe(
      'no agent is quarantined\n',
    );
    const down = await agc(
      'quarantine',
      'list',
      '--url',
      `http://127.0.0.1:${await freePort()}/metrics`,
    );
    expect(down.code).toBe(2);
    expect(down.err).toMatch(/cannot reach/);
  });
});
