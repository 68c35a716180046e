import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PlaywrightCore from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_COLORS, collectReport, renderHtmlReport } from '../../replay/index.js';
import type { ReportData } from '../../replay/index.js';
import { T0, writeRecording } from './support/write-recording.js';
import type { CallSpec } from './support/write-recording.js';

// The report is tested in a real headless browser: Debian's `chromium` driven by `playwright-core`.
// They must be installed (`.ci/run` / `npm test` install them); this test fails, never skips, without.

function chromiumPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  });
  const path = found.stdout.trim().split('\n')[0] ?? '';
  if (found.status !== 0 || path === '') {
    throw new Error(
      "Debian's chromium is not installed: .ci/run must install it (apt-get install chromium) for the HTML report test",
    );
  }
  return path;
}

async function loadPlaywright(): Promise<typeof PlaywrightCore> {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    throw new Error(
      'playwright-core does not resolve: .ci/run must install it (npm devDependency playwright-core) for the HTML report test',
    );
  }
  return import('playwright-core');
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'replay');
let browser: Browser | undefined;
let data: ReportData;
let file = '';

beforeAll(async () => {
  const executablePath = chromiumPath();
  const { chromium } = await loadPlaywright();
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const dir = mkdtempSync(join(tmpdir(), 'agc-report-'));
  const calls: CallSpec[] = Array.from({ length: 12 }, (_, i) => ({
    tool: i % 3 === 0 ? 'web_search' : 'file_read',
    startMs: T0 + i * 100,
    durationMs: 60,
    args: { i, note: '<script>alert(1)</script>' },
    ...(i % 4 === 3 && { blocked: true, rule: 'rate', reason: 'too fast' }),
  }));
  writeRecording(dir, [
    { agent: { id: 'r-1', name: 'researcher', startMs: T0, durationMs: 1300 }, calls },
  ]);
  data = await collectReport([dir, join(FIXTURES, 'collector.jsonl')], { title: 'Run <1>' });
  file = join(dir, 'run.html');
  writeFileSync(file, renderHtmlReport(data));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(): Promise<{ page: Page; requests: string[] }> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const self = pathToFileURL(file).href;
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === self) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(self);
  return { page, requests };
}

/** Counts pixels of a colour in a PNG, in the page itself (a canvas decodes the screenshot). */
const COUNT_PIXELS = `async ({ b64, hex }) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i] - want[0]) <= 8 && Math.abs(px[i + 1] - want[1]) <= 8 && Math.abs(px[i + 2] - want[2]) <= 8) n++;
  }
  return n;
}`;

/** Pixels of COLOR (hex) in the screenshot PNG. */
async function countColor(page: Page, png: Buffer, color: string): Promise<number> {
  const count = await page.evaluateHandle(COUNT_PIXELS);
  return count.evaluate(
    (fn: unknown, arg: { b64: string; hex: string }) =>
      (fn as (a: typeof arg) => Promise<number>)(arg),
    { b64: png.toString('base64'), hex: color },
  );
}

describe('agc replay report (headless Chromium)', () => {
  it('is one self-contained page: no request leaves it', async () => {
    const { page, requests } = await open();
    expect(requests).toEqual([]);
    expect(await page.title()).toBe('Run <1>');
    await page.close();
  });

  it('shows the summary, one timeline bar per call coloured by decision, and the call table', async () => {
    const { page } = await open();
    const s = data.summary;
    expect(s.toolCalls).toBe(16);
    expect(await page.textContent('#card-deny .value')).toBe(String(s.decisions.deny));
    expect(await page.locator('#timeline rect.call').count()).toBe(16);
    expect(await page.locator('#timeline rect.call.deny').count()).toBe(s.decisions.deny);
    expect(await page.locator('#timeline .anomaly-marker').count()).toBe(1);
    expect(await page.locator('#timeline .chaos-marker').count()).toBe(1);
    expect(await page.locator('#calls tbody tr').count()).toBe(16);
    expect(await page.locator('#rules').textContent()).toContain('support:no-refunds');
    // Recorded content is text, never markup.
    expect(await page.locator('#calls script').count()).toBe(0);
    expect(await page.locator('#calls').textContent()).toContain('<script>alert(1)</script>');
    await page.close();
  });

  it('screenshot: deny bars are drawn red, and the decision filter removes them', async () => {
    const { page } = await open();
    const timeline = page.locator('#timeline');
    const before = await timeline.screenshot();
    const red = await countColor(page, before, REPORT_COLORS.deny);
    const green = await countColor(page, before, REPORT_COLORS.allow);
    // Each of the 4 deny bars is at least 3 × 14 px.
    expect(red).toBeGreaterThanOrEqual(4 * 3 * 14);
    expect(green).toBeGreaterThan(red);
    await page.uncheck('.decision-filter[value="deny"]');
    const after = await timeline.screenshot();
    expect(await countColor(page, after, REPORT_COLORS.deny)).toBe(0);
    expect(await countColor(page, after, REPORT_COLORS.allow)).toBe(green);
    expect(await page.locator('#calls tbody tr.deny').first().isVisible()).toBe(false);
    await page.screenshot({ path: join(tmpdir(), 'agc-replay-report.png'), fullPage: true });
    await page.close();
  });
});
