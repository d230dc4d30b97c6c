/**
 * CommonJS users: `require('robustcheck')` must load (Node ≥ 20.19 loads ESM from require unless
 * the module graph has a top-level await; vega has one, so it must only load lazily, with the
 * HTML charts). Checked on the built package in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe("require('robustcheck')", () => {
  it('loads the API without loading vega', () => {
    const script = [
      "const api = require('robustcheck');",
      "console.log(JSON.stringify({ loadSuite: typeof api.loadSuite, runSuites: typeof api.runSuites, prepare: typeof api.prepareHtmlReports }));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/ERR_REQUIRE_ASYNC_MODULE/);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ loadSuite: 'function', runSuites: 'function', prepare: 'function' });
  });

  it('HTML reports still get their charts once prepared', async () => {
    const { prepareHtmlReports } = await import('../../src/reporters/html-reporter.js');
    const { loadedCharts } = await import('../../src/reporters/html/chart-loader.js');
    await prepareHtmlReports();
    expect(typeof loadedCharts()?.renderSvg).toBe('function');
  });
});
