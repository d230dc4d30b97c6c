import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHtmlReports } from '../../src/reporters/html-reporter.js';
import { renderReportPage } from '../../src/reporters/html/page.js';
import { buildJunitXml } from '../../src/reporters/junit-reporter.js';
import { fixtureReport, hostileStrings } from './helpers.js';

// HTML charts load lazily; the CLI awaits them before rendering, and so do these tests.
beforeAll(() => prepareHtmlReports());

/** Debian's chromium package (installed by .ci/run); the tests are skipped without it. */
const chromiumPath = '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const folder = mkdtempSync(join(tmpdir(), 'robustcheck-html-'));
let browser: Browser;

/** Writes a page to disk and opens it; returns the page, requests it made and dialogs it opened. */
async function open(html: string, name: string) {
  const file = join(folder, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => { if (request.url() !== pathToFileURL(file).href) requests.push(request.url()); });
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, dialogs };
}

describe.skipIf(!existsSync(chromiumPath))('report.html in headless Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: flags });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart and gallery image with a non-zero size, offline, and takes a screenshot', async () => {
    const report = fixtureReport();
    const { page, requests } = await open(renderReportPage(report), 'report.html');
    const images = await page.$$eval('img', (elements) => elements.map((image) => {
      const box = image.getBoundingClientRect();
      return { kind: image.closest('.chart') ? 'chart' : image.closest('.example') ? 'example' : 'other', complete: image.complete, natural: image.naturalWidth * image.naturalHeight, area: box.width * box.height };
    }));
    const charts = images.filter((image) => image.kind === 'chart');
    const examples = images.filter((image) => image.kind === 'example');
    // One chart per attack and one worst-case chart per norm.
    expect(charts.length).toBe(report.attacks.length + new Set(report.worstCase.map((entry) => entry.norm)).size);
    expect(examples.length).toBeGreaterThanOrEqual(4 * 4);
    for (const image of images) {
      expect(image.complete).toBe(true);
      expect(image.natural).toBeGreaterThan(0);
      expect(image.area).toBeGreaterThan(0);
    }
    const screenshot = await page.screenshot({ fullPage: true });
    expect(screenshot.length).toBeGreaterThan(10_000);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('hostile strings stay text: no script, no event handler, no dialog, no request', async () => {
    const report = structuredClone(fixtureReport());
    report.suite.description = hostileStrings.join(' ');
    report.model.classNames = report.model.classNames!.map((_, i) => hostileStrings[i]!);
    report.error = { code: hostileStrings[1]!, message: hostileStrings[0]! };
    report.thresholds[0]!.reason = hostileStrings[3]!;
    const { page, requests, dialogs } = await open(renderReportPage(report), 'hostile.html');
    const live = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.name)).filter((name) => name.startsWith('on')),
      text: document.body.innerText,
    }));
    expect(live.scripts).toBe(0);
    expect(live.handlers).toEqual([]);
    expect(live.text).toContain('<script>alert(1)</script>');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("junit.xml with hostile strings parses in the browser's strict XML parser", async () => {
    const report = structuredClone(fixtureReport());
    report.suite.description = hostileStrings.join(' ');
    report.error = { code: 'X', message: hostileStrings.join('\n') };
    const page = await browser.newPage();
    const result = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, cases: doc.querySelectorAll('testcase').length };
    }, buildJunitXml(report));
    expect(result.error).toBeNull();
    expect(result.cases).toBe(report.thresholds.length + report.sanityChecks.length + 1);
    await page.close();
  });
});
