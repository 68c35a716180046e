import type { Command } from 'commander';
import {
  adminTokenFile,
  metricsEndpointFromEnv,
  readAdminToken,
  secretsFromEnv,
} from '../../runtime/index.js';
import { printJson, writeOut } from '../output.js';

interface Options {
  url?: string;
  token?: string;
  json?: boolean;
}

/**
 * `agc quarantine list` and `agc quarantine release AGENT`: talk to a running process's admin
 * endpoints (served next to `/metrics`). Exit codes: 0 done, 1 the agent was not quarantined,
 * 2 the process could not be reached or refused.
 */
export function registerQuarantineCommand(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description('list or release quarantined agents of a running process');
  const common = (c: Command): Command =>
    c
      .option(
        '--url <url>',
        'the process metrics endpoint (default: from AGC_METRICS_HOST and AGC_METRICS_PORT, as the process reads them)',
      )
      .option(
        '--token <token>',
        'admin token (default: AGC_ADMIN_TOKEN, else the token file the process wrote: AGC_ADMIN_TOKEN_FILE, default .agc/admin-token)',
        secretsFromEnv().adminToken ?? readAdminToken(adminTokenFile()),
      )
      .option('--json', 'print the result as JSON');
  common(quarantine.command('list').description('list quarantined agents')).action(
    async (options: Options) => {
      const body = await call(options, 'GET', '/quarantines');
      if (body === undefined) return;
      const list = (
        body as { quarantines: { agentId: string; reason: string; untilMs: number | null }[] }
      ).quarantines;
      if (options.json) return printJson(list);
      if (list.length === 0) return writeOut('no agent is quarantined');
      for (const q of list) {
        const until =
          q.untilMs === null || !Number.isFinite(q.untilMs)
            ? 'until released'
            : `until ${new Date(q.untilMs).toISOString()}`;
        writeOut(`${q.agentId}  ${until}  ${q.reason}`);
      }
    },
  );
  common(
    quarantine
      .command('release')
      .description('release a quarantined agent')
      .argument('<agent>', 'agent id'),
  ).action(async (agent: string, options: Options) => {
    const body = (await call(
      options,
      'POST',
      `/quarantines/release?agent=${encodeURIComponent(agent)}`,
      [200, 404],
    )) as { released: boolean } | undefined;
    if (body === undefined) return;
    if (options.json) printJson(body);
    else writeOut(body.released ? `released ${agent}` : `${agent} was not quarantined`);
    if (!body.released) process.exitCode = 1;
  });
}

async function call(options: Options, method: string, path: string, ok = [200]): Promise<unknown> {
  const base = new URL(options.url ?? defaultUrl());
  const url = new URL(path, `${base.protocol}//${base.host}`);
  try {
    const response = await fetch(url, {
      method,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
    if (!ok.includes(response.status)) {
      process.stderr.write(
        `agc: ${url.href} answered ${response.status}: ${(await response.text()).trim()}\n`,
      );
      process.exitCode = 2;
      return undefined;
    }
    return await response.json();
  } catch (error) {
    process.stderr.write(
      `agc: cannot reach ${url.href}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
    return undefined;
  }
}

/** Where a process started with this environment serves its admin endpoints. */
function defaultUrl(): string {
  const { host, port } = metricsEndpointFromEnv(process.env);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port === 0 ? 9464 : port}`;
}
