import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_INSTRUMENTATIONS, frameworkCensus } from '../../instrumentation/index.js';
import { freePort } from '../helpers/free-port.js';

const ROOT = join(import.meta.dirname, '../..');

/** A folder with fake installed framework packages (manifest FILES by package name). */
function appWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agc-census-'));
  for (const [name, text] of Object.entries(files)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    mkdirSync(dirname(manifest), { recursive: true });
    writeFileSync(manifest, text);
  }
  return dir;
}
const manifest = (name: string, version: string): string => JSON.stringify({ name, version });

/** Runs an app in DIR under the preload that prints its own /metrics scrape. */
async function scrapeAt(dir: string, env: Record<string, string>) {
  writeFileSync(
    join(dir, 'app.mjs'),
    'const res = await fetch(`http://127.0.0.1:${process.env.AGC_METRICS_PORT}/metrics`);\n' +
      'console.log(await res.text());\n',
  );
  const port = await freePort();
  return spawnSync(process.execPath, ['--require', join(ROOT, 'preload.cjs'), 'app.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      AGC_METRICS_PORT: String(port),
      AGC_RECORD: 'off',
      ...env,
    },
    timeout: 60_000,
  });
}

describe('frameworkCensus: the framework packages installed next to the app', () => {
  it('names each found package, its version and whether a target supports it', () => {
    const dir = appWith({
      ai: manifest('ai', '8.0.0'),
      '@langchain/core': manifest('@langchain/core', '1.4.0'),
      '@google/adk': '{ not json',
    });
    const app = join(dir, 'src/deep');
    mkdirSync(app, { recursive: true });
    const found = frameworkCensus(FRAMEWORK_INSTRUMENTATIONS, [app, dir]);
    expect(found.map((p) => [p.framework, p.package, p.version, p.supported])).toEqual([
      ['langchain', '@langchain/core', '1.4.0', true],
      ['ai-sdk', 'ai', '8.0.0', false],
    ]);
    expect(found[1]?.ranges).toEqual(['>=6.0.0 <7', '>=7.0.0 <8']);
  });

  it.each(['6.0.326', '7.0.173'])('ai %s is supported', (version) => {
    const found = frameworkCensus(FRAMEWORK_INSTRUMENTATIONS, [
      appWith({ ai: manifest('ai', version) }),
    ]);
    expect(found.map((p) => p.supported)).toEqual([true]);
  });
});

describe('a framework outside the supported range is never silently ungoverned', () => {
  it('one warning line at start and agc_instrumentation_info{patched} on /metrics', async () => {
    const dir = appWith({
      ai: manifest('ai', '8.0.0'),
      '@langchain/core': manifest('@langchain/core', '1.4.0'),
    });
    const child = await scrapeAt(dir, { AGC_INSTRUMENTATIONS: 'langchain,ai-sdk' });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr.trim().split('\n')).toEqual([
      '@agc/otel: ai 8.0.0 is outside the supported range >=6.0.0 <7 || >=7.0.0 <8 of the ai-sdk instrumentation: its tool calls are NOT governed (enforce mode cannot stop them)',
    ]);
    expect(child.stdout).toContain(
      'agc_instrumentation_info{framework="ai-sdk",package="ai",version="8.0.0",patched="false"} 1',
    );
    expect(child.stdout).toContain(
      'agc_instrumentation_info{framework="langchain",package="@langchain/core",version="1.4.0",patched="true"} 1',
    );
  });

  it('a framework switched off is reported unpatched, without a warning', async () => {
    const dir = appWith({ ai: manifest('ai', '6.0.326') });
    const child = await scrapeAt(dir, { AGC_DISABLED_INSTRUMENTATIONS: 'ai-sdk' });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).toBe('');
    expect(child.stdout).toContain(
      'agc_instrumentation_info{framework="ai-sdk",package="ai",version="6.0.326",patched="disabled"} 1',
    );
  });
});
