import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPolicySummary,
  loadPolicyFiles,
  PolicyEngine,
  PolicyWatcher,
  summarizePolicy,
} from '../../policy/index.js';
import type { Policy, PolicyError } from '../../policy/index.js';

const doc = (defaultDecision: string): string =>
  `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: live }\nspec:\n  default: ${defaultDecision}\n`;

describe('PolicyWatcher (hot reload)', () => {
  it('hands over a valid edit and keeps the last good policy on a bad one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agc-watch-')), 'agc.policy.yaml');
    writeFileSync(file, doc('deny'));
    const engine = new PolicyEngine(loadPolicyFiles([file]));
    const errors: PolicyError[] = [];
    const reloaded: Policy[] = [];
    const watcher = new PolicyWatcher([file], {
      intervalMs: 20,
      onReload: (p) => {
        reloaded.push(p);
        engine.setPolicy(p);
      },
      onError: (e) => errors.push(e),
    });
    try {
      const decide = (): string => engine.decide({ agent: { id: 'a' }, tool: 't' }).decision;
      expect(decide()).toBe('deny');
      writeFileSync(file, doc('allow'));
      await waitFor(() => reloaded.length === 1);
      expect(decide()).toBe('allow');
      writeFileSync(file, doc('sometimes'));
      await waitFor(() => errors.length === 1);
      expect(errors[0]?.message).toMatch(
        /agc\.policy\.yaml:5:12: spec\.default: expected "allow" \| "deny"/,
      );
      expect(decide()).toBe('allow');
    } finally {
      watcher.close();
    }
  });
});

describe('summarizePolicy', () => {
  it('lists what each document allows', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agc-sum-')), 'p.yaml');
    writeFileSync(
      file,
      `${doc('deny')}  agents:\n    - { match: "r-*", allowTools: [web], denyTools: ["shell_*"] }\n  rules:\n    - { id: x, tools: [web], when: 'args.q != ""', decision: audit }\n`,
    );
    const text = formatPolicySummary(summarizePolicy(loadPolicyFiles([file])));
    expect(text).toContain('policy live');
    expect(text).toContain('mode enforce, default deny');
    expect(text).toContain('agents r-*: allow web; never shell_*');
    expect(text).toContain(`audit  x: tools web, agents *, when args.q != ""`);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 10));
  }
}
