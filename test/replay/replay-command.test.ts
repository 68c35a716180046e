import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerReplayCommand } from '../../cli/commands/replay.js';
import { registerVerifyCommand } from '../../cli/commands/verify.js';
import { T0, writeRecording } from './support/write-recording.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'replay');
const DEMO = join(FIXTURES, 'demo.jsonl');
const COLLECTOR = join(FIXTURES, 'collector.jsonl');
const POLICY = join(FIXTURES, 'demo.policy.yaml');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function agc(...args: string[]): Promise<Run> {
  const program = new Command('agc').exitOverride();
  registerReplayCommand(program);
  registerVerifyCommand(program);
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
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'agc', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = 2;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'agc-cmd-'));
}

afterEach(() => {
  delete process.env.AGC_RECORD_KEY;
});

describe('agc replay show', () => {
  it('prints the run tree and the summary (exit 0)', async () => {
    const r = await agc('replay', 'show', DEMO);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      '└─ tool send_email {"to":"[REDACTED]","body":"the notes"}  DENY  policy agents[0]',
    );
    expect(r.out).toContain('  decisions: 6 allow, 0 audit, 5 deny (5 blocked); 0 tool error(s)');
    expect(r.out).not.toContain('\u001b[');
  });

  it('--json prints one JSON object per trace, then the summary', async () => {
    const r = await agc('replay', 'show', COLLECTOR, '--json', '--decision', 'deny');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; summary?: { toolCalls: number } });
    expect(lines.map((l) => l.type)).toEqual(['trace', 'summary']);
    expect(lines[1]?.summary?.toolCalls).toBe(1);
  });

  it('filters by agent, tool and trace', async () => {
    const r = await agc(
      'replay',
      'show',
      COLLECTOR,
      '--tool',
      'send_*',
      '--agent',
      'support',
      '--trace',
      '0af7',
    );
    expect(r.out.match(/tool send_email/g)).toHaveLength(2);
    expect(r.out).not.toContain('lookup_order');
  });

  it('exits 2 on a bad --decision or an unreadable recording, naming it', async () => {
    expect(await agc('replay', 'show', DEMO, '--decision', 'maybe')).toMatchObject({
      code: 2,
      err: "agc replay: --decision 'maybe' is not one of allow, deny, audit\n",
    });
    const missing = join(tmp(), 'none.jsonl');
    expect(await agc('replay', 'show', missing)).toMatchObject({
      code: 2,
      err: `${missing}: no such file or folder\n`,
    });
  });

  it('exits 1 at a malformed line; --skip-malformed shows the rest and lists the line', async () => {
    const file = join(tmp(), 'bad.jsonl');
    const lines = readFileSync(COLLECTOR, 'utf8').split('\n');
    writeFileSync(file, [lines[0], 'not json', lines[2], ''].join('\n'));
    const stopped = await agc('replay', 'show', file);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(new RegExp(`^${file}:2: not valid JSON`));
    const skipped = await agc('replay', 'show', file, '--skip-malformed');
    expect(skipped.code).toBe(1);
    expect(skipped.out).toContain('tool refund');
    expect(skipped.out).toContain('1 malformed line(s) skipped');
    expect(skipped.err).toMatch(new RegExp(`^${file}:2: not valid JSON`));
  });
});

describe('agc replay diff', () => {
  it('exits 0 for the same run and 1 with --fail-on-change when runs diverge', async () => {
    const same = await agc('replay', 'diff', DEMO, DEMO, '--fail-on-change');
    expect(same.code).toBe(0);
    expect(same.out).toContain('no divergence: the tool-call sequences match');
    const dir = tmp();
    writeRecording(dir, [
      {
        calls: [
          {
            tool: 'file_read',
            startMs: T0,
            args: { path: '/workspace/notes.md' },
            agent: { id: 'researcher-1', name: 'researcher' },
            rule: 'agents[0]',
            result: 'contents of /workspace/notes.md',
          },
        ],
      },
    ]);
    const changed = await agc('replay', 'diff', DEMO, dir, '--fail-on-change', '--json');
    expect(changed.code).toBe(1);
    const diff = JSON.parse(changed.out) as {
      counts: Record<string, number>;
      firstDivergence: { summary: string };
    };
    expect(diff.counts).toEqual({ same: 1, changed: 0, removed: 10, added: 0 });
    expect(diff.firstDivergence.summary).toBe(
      `A #2 / B #-: A called 'web_search' with {"query":"opentelemetry genai conventions"}, B did not`,
    );
  });
});

describe('agc replay what-if', () => {
  it('exits 0 when nothing changes, 1 with --fail-on-change when decisions flip', async () => {
    expect(
      (await agc('replay', 'what-if', DEMO, '--policy', POLICY, '--fail-on-change')).code,
    ).toBe(0);
    const stricter = join(tmp(), 'stricter.yaml');
    writeFileSync(stricter, readFileSync(POLICY, 'utf8').replace('count: 5', 'count: 2'));
    const r = await agc('replay', 'what-if', DEMO, '--policy', stricter, '--fail-on-change');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '11 call(s) re-decided under the new policy: 8 unchanged, 3 allow->deny, 0 deny->allow',
    );
    expect(r.out).toContain('  allow->deny      3  demo:search-rate');
    const json = await agc('replay', 'what-if', DEMO, '--policy', stricter, '--json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { allowToDeny: number }).allowToDeny).toBe(3);
  });

  it('exits 2 with file:line:column for an invalid policy, and when --policy is missing', async () => {
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: agc/v1\nkind: Policy\nmetadata: { name: x }\nspec:\n  default: maybe\n',
    );
    const r = await agc('replay', 'what-if', DEMO, '--policy', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${bad}:5:\\d+: `));
    expect((await agc('replay', 'what-if', DEMO)).code).toBe(2);
  });
});

describe('agc replay report', () => {
  it('writes one HTML file and says so', async () => {
    const out = join(tmp(), 'run.html');
    const r = await agc('replay', 'report', DEMO, COLLECTOR, '-o', out, '--title', 'demo');
    expect(r).toMatchObject({ code: 0, out: `wrote ${out}: 15 tool call(s), 13 trace(s)\n` });
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });
});

describe('agc verify', () => {
  it('exits 0 on an intact chain, 1 naming the first tampered line, 2 when unreadable', async () => {
    expect(await agc('verify', DEMO)).toMatchObject({
      code: 0,
      out: 'ok: 1 line(s) verified, the hash chain is intact\n',
    });
    const dir = tmp();
    const [file = ''] = writeRecording(
      dir,
      [{ calls: [0, 1, 2].map((i) => ({ tool: 't', startMs: T0 + i })) }],
      { spansPerLine: 1 },
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[2], ''].join('\n'));
    const r = await agc('verify', file);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `${file}:2: deleted: expected line #1 of the chain, found #2: 1 line(s) missing before it\n`,
    );
    const json = await agc('verify', file, '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      lines: 1,
      problem: { kind: 'deleted', line: 2 },
    });
    expect((await agc('verify', join(dir, 'missing.jsonl'))).code).toBe(2);
  });

  it('verifies a folder of several runs run by run, and names the tampered one', async () => {
    const dir = tmp();
    const calls = [0, 1].map((i) => ({ tool: 't', startMs: T0 + i }));
    const [a = ''] = writeRecording(dir, [{ calls }], { service: 'run-a', spansPerLine: 1 });
    const [b = ''] = writeRecording(dir, [{ calls }], { service: 'run-b', spansPerLine: 1 });
    expect(await agc('verify', dir)).toMatchObject({
      code: 0,
      out: [
        `ok        ${a}: 3 line(s) verified`,
        `ok        ${b}: 3 line(s) verified`,
        'ok: 6 line(s) verified in 2 runs, every hash chain is intact',
        '',
      ].join('\n'),
    });
    writeFileSync(a, readFileSync(a, 'utf8').replace('"t"', '"T"'));
    const r = await agc('verify', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${a}:1: modified: content does not match its hash (edited)\n`);
    expect(r.out).toContain(`tampered  ${a}: 0 line(s) verified`);
    expect(r.out).toContain(`ok        ${b}: 3 line(s) verified`);
    expect(r.out).toContain('tampered: 1 of 2 runs');
  });

  it('takes the HMAC key from --key or AGC_RECORD_KEY', async () => {
    const dir = tmp();
    writeRecording(dir, [{ calls: [{ tool: 't', startMs: T0 }] }], { key: 'k' });
    // Without the key a keyed chain cannot be checked: inconclusive, and it says so.
    const without = await agc('verify', dir);
    expect(without.code).toBe(3);
    expect(without.out).toContain('verify with --key');
    expect((await agc('verify', dir, '--key', 'k')).code).toBe(0);
    process.env.AGC_RECORD_KEY = 'k';
    expect((await agc('verify', dir)).code).toBe(0);
  });
});
