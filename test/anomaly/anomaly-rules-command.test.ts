import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateAnomalyRules, renderAnomalyRules } from '../../anomaly/index.js';
import { registerAnomalyCommand } from '../../cli/commands/anomaly-rules.js';
import { writeTempFiles } from '../helpers/promtool.js';

async function agc(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const program = new Command('agc').exitOverride();
    registerAnomalyCommand(program);
    await program.parseAsync(['node', 'agc', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out, err, code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('agc anomaly rules', () => {
  it('prints the default rules as YAML', async () => {
    const r = await agc('anomaly', 'rules');
    expect(r).toEqual({ out: renderAnomalyRules(generateAnomalyRules()), err: '', code: 0 });
  });

  it('--bucket sets the bucket width; --json prints the rule groups', async () => {
    const r = await agc('anomaly', 'rules', '--bucket', '1m', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(generateAnomalyRules({ frequency: { bucketMs: 60_000 } }));
  });

  it('--out writes the file and prints a one-line summary', async () => {
    const dir = writeTempFiles({});
    const file = join(dir, 'anomaly-rules.yaml');
    const r = await agc('anomaly', 'rules', '--out', file);
    expect(r.out).toBe(`wrote 14 rules in 2 groups to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe(renderAnomalyRules(generateAnomalyRules()));
  });

  it('--options reads anomaly options from YAML', async () => {
    const dir = writeTempFiles({
      'anomaly.yaml': 'frequency:\n  threshold: 6\n  saturation: 12\n',
    });
    const r = await agc('anomaly', 'rules', '--options', join(dir, 'anomaly.yaml'));
    expect(r.out).toBe(
      renderAnomalyRules(generateAnomalyRules({ frequency: { threshold: 6, saturation: 12 } })),
    );
  });

  it('a bad --bucket is a usage error (exit 2), one line on stderr', async () => {
    const r = await agc('anomaly', 'rules', '--bucket', 'soon');
    expect(r).toEqual({
      out: '',
      err: "agc anomaly rules: --bucket: 'soon' is not a duration (expected e.g. 30s, 5m, 1h30m, 7d: units ms s m h d w, largest first)\n",
      code: 2,
    });
  });

  it('invalid options exit 1 with one line per problem', async () => {
    const dir = writeTempFiles({
      'bad.json': '{"frequency":{"method":"mad","bogus":1},"maxAgents":0}',
    });
    const r = await agc('anomaly', 'rules', '--options', join(dir, 'bad.json'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toEqual([
      'agc anomaly rules: anomaly.maxAgents: Too small: expected number to be >0',
      'agc anomaly rules: anomaly.frequency: Unrecognized key: "bogus"',
    ]);
    const missing = await agc('anomaly', 'rules', '--options', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^agc anomaly rules: ENOENT/);
  });
});
