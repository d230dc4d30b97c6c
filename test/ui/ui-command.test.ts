import { beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';

let project: Awaited<ReturnType<typeof createFixtureProject>>;

beforeAll(async () => {
  project = await createFixtureProject();
  project.writeSuite('tiny.suite.json', fixtureSuite());
});

describe('robustcheck ui off a terminal', () => {
  it('exits 2 with one line saying it needs an interactive terminal (stdin and stdout piped)', () => {
    const result = runCli(['ui', 'tiny.suite.json'], project.dir, { CI: 'false' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^robustcheck: The ui command needs an interactive terminal .* use robustcheck run/);
  });

  it('robustcheck run piped to a file prints plain lines only, even outside CI', () => {
    const result = runCli(['run', 'tiny.suite.json', '--out', 'out-piped'], project.dir, { CI: 'false' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/fgsm\s+linf ε=0\.02\s+robust/);
    expect(result.stdout).not.toMatch(/\u001B/);
  });
});

describe('loadExplorerInputs', () => {
  it('lists suites with their latest report, invalid suites with their error, and reports without a listed suite', async () => {
    const { mkdirSync, writeFileSync, cpSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { loadExplorerInputs } = await import('../../src/ui/load-entries.js');
    const run = runCli(['run', 'tiny.suite.json', '--out', 'out-entries', '--reporter', 'json'], project.dir, { CI: 'false' });
    expect(run.code).toBe(0);
    const out = join(project.dir, 'out-entries');
    cpSync(join(out, 'tiny'), join(out, 'copied'), { recursive: true });
    mkdirSync(join(out, 'damaged'));
    writeFileSync(join(out, 'damaged', 'report.json'), '{"schemaVersion": 1, "suite": ');
    mkdirSync(join(out, 'empty'));
    const bad = project.writeSuite('bad.suite.json', fixtureSuite({ attacks: [] }));

    const { entries, suites } = await loadExplorerInputs([join(project.dir, 'tiny.suite.json'), bad], out);

    expect(entries.map((entry) => entry.id)).toEqual(['tiny', bad, 'damaged']);
    expect(entries[0]).toMatchObject({ suitePath: join(project.dir, 'tiny.suite.json'), report: { suite: { id: 'tiny' }, verdict: 'pass' } });
    // A copy of the same run elsewhere under the root does not shadow the suite's own folder.
    expect(entries[0]!.reportPath).toBe(join(out, 'tiny', 'report.json'));
    expect(entries[1]!.loadError).toMatch(/attacks/);
    expect(entries[2]).toMatchObject({ reportPath: join(out, 'damaged', 'report.json') });
    expect(entries[2]!.reportError).toMatch(/not valid JSON/);
    expect([...suites.keys()]).toEqual(['tiny']);
    expect(await loadExplorerInputs([join(project.dir, 'tiny.suite.json')], join(project.dir, 'missing-out'))).toMatchObject({ entries: [{ id: 'tiny' }] });
  });
});
