import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSuites } from '../../src/suite/discover.js';
import { makeTempDir } from './helpers.js';

const temp = makeTempDir();
afterAll(temp.cleanup);

describe('discoverSuites', () => {
  it('finds **/*.suite.json files, sorted, and nothing else', () => {
    const root = join(temp.dir, 'suites');
    for (const folder of ['b/deep', 'a', 'folder.suite.json']) mkdirSync(join(root, folder), { recursive: true });
    for (const file of ['z.suite.json', 'b/deep/y.suite.json', 'a/x.suite.json', 'suite.schema.json', 'a/notes.json', 'B.suite.json']) {
      writeFileSync(join(root, file), '{}');
    }
    expect(discoverSuites(root)).toEqual([
      join(root, 'B.suite.json'),
      join(root, 'a/x.suite.json'),
      join(root, 'b/deep/y.suite.json'),
      join(root, 'z.suite.json'),
    ]);
  });

  it('returns nothing for a missing folder', () => {
    expect(discoverSuites(join(temp.dir, 'absent'))).toEqual([]);
  });
});
