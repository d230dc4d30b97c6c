/**
 * A temporary project that has robustcheck installed the way npm installs it: the package in
 * `node_modules/robustcheck` (a link to this repository, so its `exports`, `types` and built
 * `dist/` are what a user gets) and an executable `node_modules/.bin/robustcheck`, so
 * `npx robustcheck …` and `import … from 'robustcheck'` resolve exactly as in a user's project.
 * Nothing is downloaded. It holds the tiny MLP project of `cli-fixture.ts` and a passing suite.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cliPath, createFixtureProject, fixtureSuite } from '../helpers/cli-fixture.js';

/** This repository (the package root). */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** Result of a shell command in the project. */
export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A user project in a temp folder. */
export interface UserProject {
  dir: string;
  /** Runs a bash command line in the project (CI=true, no TTY), with extra environment. */
  sh(command: string, env?: Record<string, string>): ShellResult;
  /** {@link UserProject.sh} without blocking, so independent jobs (a CI matrix) run side by side. */
  shAsync(command: string, env?: Record<string, string>): Promise<ShellResult>;
  /** Writes a file relative to the project. */
  write(path: string, content: string): string;
}

/**
 * Creates the project: `models/mlp/`, `data/tiny.npz`, `suites/tiny.suite.json` (passes), and
 * robustcheck installed. `link` names further packages of this repository's node_modules to
 * make visible (e.g. `vitest`, `@tensorflow/tfjs`), as a project depending on them would have.
 */
export async function createUserProject(link: string[] = []): Promise<UserProject> {
  const fixture = await createFixtureProject();
  const dir = fixture.dir;
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  mkdirSync(join(modules, '@tensorflow'), { recursive: true });
  symlinkSync(repoRoot, join(modules, 'robustcheck'), 'dir');
  for (const name of link) symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name), 'dir');
  // npm links bin entries and makes their targets executable; a shim does the same without touching dist/.
  const bin = join(modules, '.bin', 'robustcheck');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(bin, 0o755);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2)}\n`);
  const suite = fixtureSuite({ model: { path: '../models/mlp/model.json' }, data: { path: '../data/tiny.npz', batchSize: 16 } });
  mkdirSync(join(dir, 'suites'), { recursive: true });
  writeFileSync(join(dir, 'suites', 'tiny.suite.json'), `${JSON.stringify(suite, null, 2)}\n`);
  const environment = (env: Record<string, string>) => ({ ...process.env, CI: 'true', PATH: `${join(modules, '.bin')}:${process.env.PATH ?? ''}`, ...env });
  return {
    dir,
    sh(command, env = {}) {
      const result = spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8', timeout: 240_000, env: environment(env) });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    shAsync(command, env = {}) {
      return new Promise((done) => {
        const child = spawn('bash', ['-c', command], { cwd: dir, env: environment(env), timeout: 240_000 });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
    },
    write(path, content) {
      const target = join(dir, path);
      mkdirSync(resolve(target, '..'), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
  };
}
