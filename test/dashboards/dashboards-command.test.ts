import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDashboardsCommand } from '../../cli/commands/dashboards.js';

async function agc(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const program = new Command('agc').exitOverride();
  program.configureOutput({ writeErr: (s) => err.push(s), writeOut: (s) => out.push(s) });
  registerDashboardsCommand(program);
  let thrown: unknown;
  try {
    await program.parseAsync(['node', 'agc', ...args]);
  } catch (error) {
    thrown = error;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { out: out.join(''), err: err.join(''), code, thrown };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('agc dashboards build', () => {
  it('writes the dashboards and the alert rules into --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-dash-cli-'));
    const r = await agc('dashboards', 'build', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${join(dir, 'agc-overview.json')}`);
    expect(r.out).toContain('ok: 5 files generated');
    expect(existsSync(join(dir, 'alerts/agc-governance.rules.yaml'))).toBe(true);
    const overview = JSON.parse(readFileSync(join(dir, 'agc-overview.json'), 'utf8'));
    expect(overview.uid).toBe('agc-overview');
  });

  it('--check exits 0 on an up-to-date folder and 1, with one line per file, on a stale one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-dash-cli-'));
    await agc('dashboards', 'build', '--out', dir);
    const ok = await agc('dashboards', 'build', '--out', dir, '--check');
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toContain('is up to date');

    writeFileSync(join(dir, 'agc-slos.json'), '{}\n');
    const stale = await agc('dashboards', 'build', '--out', dir, '--check');
    expect(stale.code).toBe(1);
    expect(stale.err).toBe(
      `${join(dir, 'agc-slos.json')}: stale: run \`agc dashboards build\` and commit\n`,
    );
    // --check writes nothing.
    expect(readFileSync(join(dir, 'agc-slos.json'), 'utf8')).toBe('{}\n');
  });

  it('--check --json prints the problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-dash-cli-'));
    const r = await agc('dashboards', 'build', '--out', dir, '--check', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(false);
    expect(json.problems).toContainEqual({ path: 'agc-overview.json', problem: 'missing' });
  });

  it('the committed dashboards/ folder passes --check (what CI runs)', async () => {
    const r = await agc(
      'dashboards',
      'build',
      '--out',
      join(import.meta.dirname, '../../dashboards'),
      '--check',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('an unknown option is a usage error (commander, exit 2 in main)', async () => {
    const r = await agc('dashboards', 'build', '--nope');
    expect(r.thrown).toBeInstanceOf(CommanderError);
    expect(r.err).toContain("unknown option '--nope'");
  });
});
