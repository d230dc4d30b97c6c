/**
 * Screenshot of a report.html in headless Chromium (Debian's `chromium`), as committed in
 * `docs/report-screenshot.png`:
 *
 *   node dist/scripts/screenshot-report.js reports/fashion-cnn/report.html docs/report-screenshot.png [height]
 *
 * Takes the top of the page (header, charts, results) at 1280 px wide; needs playwright-core (a
 * dev dependency) and /usr/bin/chromium.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page, output, height = '1500'] = process.argv.slice(2);
if (!page || !output) {
  process.stderr.write('usage: node dist/scripts/screenshot-report.js REPORT.html OUT.png [HEIGHT]\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: Number(height) } });
  await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
  await tab.screenshot({ path: output });
  process.stdout.write(`wrote ${output}\n`);
} finally {
  await browser.close();
}
