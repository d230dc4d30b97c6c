/**
 * A handful of corpus cases through the built CLI in its own process (`dist/src/cli/main.js`,
 * default workers, no mocks): the real process must answer exactly as the in-process runs do.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, createCorpusProject, type CorpusProject } from '../fixtures/corpus/manifest.js';
import { cliPath } from '../helpers/cli-fixture.js';
import { stackTracePattern } from './cli-harness.js';

/** One or two per kind: a syntax error, hangs-if-wrong FIFOs, an escape, an allocation bomb, a timeout. */
const chosen = [
  'suite-syntax-error', 'suite-path-is-fifo', 'model-path-symlink-file', 'model-layer-units-huge',
  'data-path-is-fifo', 'cli-hash-model-escape', 'limits-suite-timeout',
  // Issue 17: reads that must never block (a FIFO event log, /dev/urandom as baseline), a float32 budget, a self-loop.
  'p2-render-fifo', 'p2-baseline-dev-urandom', 'p2-epsilon-1e-300', 'p2-graph-self-loop',
];

let project: CorpusProject;
beforeAll(async () => {
  project = await createCorpusProject();
});
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));

describe('corpus cases in a real process', () => {
  it.each(chosen)('%s', (id) => {
    const entry = corpus.find((candidate) => candidate.id === id)!;
    const args = entry.build(project);
    const extra = args[0] === 'run' ? ['--out', join('out', id), '--reporter', 'plain,json'] : [];
    const result = spawnSync(process.execPath, [cliPath, ...args, ...extra], {
      cwd: project.dir, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 60_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.signal, `${id} was killed (hung?)`).toBeNull();
    expect(result.status, output).toBe(entry.exit);
    expect(output).toMatch(entry.message);
    expect(output).not.toMatch(stackTracePattern);
  });
});
