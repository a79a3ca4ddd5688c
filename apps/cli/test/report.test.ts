import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { s2simP, tempDir } from './s2sim';

// Debian's chromium (.ci/apt-packages installs it), driven headless by playwright-core: the page must render in
// a real browser from the file alone.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('s2sim report (subprocess, checked in chromium)', () => {
  const dir = join(tempDir(), 'ring');
  let browser: Browser;
  let reportRun: Awaited<ReturnType<typeof s2simP>>;

  beforeAll(async () => {
    const [run, b] = await Promise.all([s2simP(['run', 'examples/synfire-ring.yaml', '--out', dir, '--quiet']), chromium.launch({ executablePath: CHROMIUM, args: FLAGS })]);
    expect(run.status).toBe(0);
    browser = b;
    reportRun = await s2simP(['report', dir]);
  });
  afterAll(async () => browser?.close());

  it('writes one self-contained page: no request leaves it, no script error, every plot drawn', async () => {
    expect(reportRun.status).toBe(0);
    expect(reportRun.stdout).toContain(join(dir, 'report.html'));
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const url = pathToFileURL(join(dir, 'report.html')).href;
    await page.goto(url);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]); // nothing but the page itself: plots are inline
    expect(await page.title()).toBe('s2sim report: synfire-ring');
    const figures = await page.$$eval('figure svg', (svgs) => svgs.map((s) => ({ w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height })));
    expect(figures).toHaveLength(4);
    for (const f of figures) expect(f.w * f.h).toBeGreaterThan(100 * 100);
    // The raster in the page holds one mark per spike of the CSV.
    const spikes = readFileSync(join(dir, 'spikes/ring.csv'), 'utf8').trim().split('\n').length - 1;
    expect(await page.$$eval('figure [aria-roledescription="tick"]', (t) => t.length)).toBe(spikes);
    const text = await page.textContent('body');
    expect(text).toContain('complete');
    expect(text).toContain('spikes.ring');
    expect(text).toContain(process.version); // provenance: versions
    await page.close();
  });

  it('a folder without result.json is bad input', async () => {
    const r = await s2simP(['report', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/field 'result\.json': the folder has no result\.json.*Hint:/);
  });
});
