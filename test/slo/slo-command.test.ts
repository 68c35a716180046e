import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSloCommand } from '../../cli/commands/slo.js';
import type { ToolCallEvent } from '../../conventions/index.js';
import { MINUTE, spread } from './support/events.js';
import { captureCliOutput } from '../helpers/cli-output.js';

const output = captureCliOutput();

async function agc(args: string[], events: ToolCallEvent[] = []) {
  const program = new Command('agc').exitOverride();
  const seen: string[][] = [];
  registerSloCommand(program, {
    readToolCallEvents: (paths) => {
      seen.push(paths);
      return (async function* () {
        for (const event of events) yield await Promise.resolve(event);
      })();
    },
  });
  await program.parseAsync(['node', 'agc', ...args]);
  return { out: output.out(), err: output.err(), code: process.exitCode ?? 0, seen };
}

describe('agc slo check', () => {
  it('valid specs: one line per SLO, exit 0', async () => {
    const { out, code } = await agc(['slo', 'check', 'examples/slo/agent-slos.yaml']);
    expect(code).toBe(0);
    expect(out).toContain(
      'search-latency (agc/v1, examples/slo/agent-slos.yaml:21:9): 99% over 30d, tool_latency, circuit on',
    );
    expect(out).toContain('ok: 3 SLO(s) valid');
  });

  it('invalid specs: one file:line:column line per error on stderr, exit 1', async () => {
    const { out, err, code } = await agc([
      'slo',
      'check',
      'test/fixtures/slo/broken/native-semantics.yaml',
    ]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(3);
    expect(err).toContain(
      "test/fixtures/slo/broken/native-semantics.yaml:10:18: slo 'slow-search': spec.sli.thresholdMs: 600 ms is not a bucket bound",
    );
  });

  it('--json', async () => {
    const { out, code } = await agc([
      'slo',
      'check',
      '--json',
      'test/fixtures/slo/broken/yaml-syntax.yaml',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      ok: false,
      issues: [
        { line: 5, column: 3 },
        { line: 8, column: 1 },
      ],
    });
  });
});

describe('agc slo rules', () => {
  it('prints the rules YAML', async () => {
    const { out, code } = await agc(['slo', 'rules', 'examples/slo/agent-slos.yaml']);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync('test/fixtures/slo/golden/agent-slos.rules.yaml', 'utf8'));
  });

  it('--out FILE writes it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agc-slo-')), 'rules.yaml');
    const { out } = await agc(['slo', 'rules', 'examples/slo/agent-slos.yaml', '--out', file]);
    expect(out).toBe(`wrote rules for 3 SLO(s) to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toContain('agc-slo-tool-success');
  });

  it('--json prints the groups', async () => {
    const { out } = await agc(['slo', 'rules', '--json', 'examples/slo/agent-slos.yaml']);
    const parsed = JSON.parse(out) as { groups: { name: string }[] };
    expect(parsed.groups.map((g) => g.name)).toEqual([
      'agc-slo-tool-success',
      'agc-slo-search-latency',
      'agc-slo-policy-deny-ratio',
    ]);
  });
});

describe('agc slo status', () => {
  it('reads the recordings through the injected reader and prints the table', async () => {
    const events = spread(0, 30 * MINUTE, 1000, 1, { tool: 'web_search' });
    const { out, code, seen } = await agc(
      ['slo', 'status', 'examples/slo/agent-slos.yaml', 'a.jsonl', 'b.jsonl'],
      events,
    );
    expect(seen).toEqual([['a.jsonl', 'b.jsonl']]);
    expect(code).toBe(0);
    expect(out).toMatch(/^tool-success\s+99\.500%\s+30d\s+1000\s+1\s+0\.100%\s+80\.0%/m);
  });

  it('exit 1 while an SLO alerts; --json; --at', async () => {
    const events = spread(0, 5 * MINUTE, 100, 100);
    const paging = await agc(
      ['slo', 'status', '--json', 'examples/slo/agent-slos.yaml', 'r.jsonl'],
      events,
    );
    expect(paging.code).toBe(1);
    const report = JSON.parse(paging.out) as {
      statuses: { slo: string; alert: string; windows: { burnRate: number | null }[] }[];
    };
    expect(report.statuses[0]).toMatchObject({ slo: 'tool-success', alert: 'page' });
    expect(report.statuses[1]?.windows[0]?.burnRate).toBeNull();
    output.clear();
    const before = await agc(
      [
        'slo',
        'status',
        '--json',
        '--at',
        '1970-01-01T00:00:00Z',
        'examples/slo/agent-slos.yaml',
        'r.jsonl',
      ],
      events,
    );
    expect(JSON.parse(before.out)).toMatchObject({ atMs: 0, events: 0 });
  });

  it('a bad --at is a usage error (exit 2)', async () => {
    const { err, code } = await agc([
      'slo',
      'status',
      '--at',
      'yesterday',
      'examples/slo/agent-slos.yaml',
      'r.jsonl',
    ]);
    expect(code).toBe(2);
    expect(err).toBe("agc slo status: --at 'yesterday' is not a time (ISO 8601 or epoch ms)\n");
  });

  it('without a recording reader: exit 2', async () => {
    const program = new Command('agc').exitOverride();
    registerSloCommand(program);
    await program.parseAsync([
      'node',
      'agc',
      'slo',
      'status',
      'examples/slo/agent-slos.yaml',
      'r.jsonl',
    ]);
    expect(process.exitCode).toBe(2);
    expect(output.err()).toContain('no recording reader');
  });
});
