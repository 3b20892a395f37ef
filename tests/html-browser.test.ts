// The html report opened in headless Chromium (Debian's chromium, driven by playwright-core):
// it renders without console errors or network requests, with the table and the charts.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { povcheck } from './helpers.js';

const CHROMIUM = process.env.POVCHECK_CHROMIUM ?? '/usr/bin/chromium';

describe('html report in a browser', () => {
  it('has Chromium to open it (installed by .ci/run)', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install chromium`).toBe(true);
  });

  it('renders the summary, 24 result rows and 16 charts, with no console error and no request', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'povcheck-html-'));
    const file = path.join(dir, 'report.html');
    const run = povcheck(['check', '--data', 'fixtures/sample/ho-ngheo-a-luoi-vo-nhai.csv', 'fixtures/sample/lam-dong-tong-hop.csv', '--format', `html=${file}`, '--format', 'json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).summary.fail).toBe(7);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('h1').textContent()).toBe('povcheck');
      expect(await page.locator('table.results tbody tr').count()).toBe(24);
      expect(await page.locator('td.status.s-fail').count()).toBe(7);
      expect(await page.locator('figure.chart').count()).toBe(16);
      expect(await page.locator('figure.chart svg polyline.series').count()).toBeGreaterThanOrEqual(16);
      const box = await page.locator('figure.chart svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
