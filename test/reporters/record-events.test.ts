import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsVersion } from '../../src/events/run-event.js';
import { createFixtureProject, fixtureSuite, runCli } from '../helpers/cli-fixture.js';
import { eventsFixturePath, fixtureEvents } from './helpers.js';

/**
 * The reporter snapshot tests replay a recorded event stream: the fixture project's tiny MLP run
 * with class names, a description and one failing threshold. Re-record it after changing events
 * or report.json (then update snapshots with `vitest -u`):
 *
 *   RECORD_EVENTS=1 npx vitest run test/reporters/record-events.test.ts
 */
describe('recorded event stream (test/fixtures/events/tiny-run.ndjson)', () => {
  it.runIf(process.env.RECORD_EVENTS === '1')('is re-recorded from a real CLI run', async () => {
    const project = await createFixtureProject();
    project.writeSuite('tiny.suite.json', fixtureSuite({
      description: 'Fixture MLP on 4×4 inputs: FGSM, PGD and noise',
      model: { path: 'models/mlp/model.json', classNames: ['cat', 'dog', 'bird'] },
      thresholds: [
        { metric: 'clean-accuracy', min: 0.5 },
        { metric: 'robust-accuracy', attack: 'pgd', epsilon: 0.1, min: 0.9 },
        { metric: 'score', min: 10 },
      ],
      confidence: 0.95,
    }));
    const result = runCli(['run', 'tiny.suite.json', '--out', 'out', '--reporter', 'ndjson'], project.dir);
    expect(result.code).toBe(1);
    copyFileSync(join(project.dir, 'out', 'events.ndjson'), eventsFixturePath);
  });

  it('is a complete, valid stream of the current event version with a failing threshold and examples', () => {
    const events = fixtureEvents();
    expect(events[0]).toMatchObject({ type: 'run:start', version: eventsVersion });
    expect(events.at(-1)).toMatchObject({ type: 'run:end', verdict: 'fail', exitCode: 1 });
    const types = new Set(events.map((event) => event.type));
    for (const type of ['suite:start', 'clean:end', 'case:progress', 'case:end', 'suite:end']) expect(types).toContain(type);
    const end = events.find((event) => event.type === 'suite:end');
    expect(end?.type === 'suite:end' && end.report.thresholds.some((threshold) => threshold.status === 'fail')).toBe(true);
    expect(end?.type === 'suite:end' && end.report.attacks[0]!.results[0]!.examples!.length).toBeGreaterThan(0);
    expect(readFileSync(eventsFixturePath, 'utf8').endsWith('\n')).toBe(true);
  });
});
