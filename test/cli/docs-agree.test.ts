/**
 * The README, the docs it links and `--help` agree with the code: every flag a command accepts is
 * in the README, every command is in the README's command list, and every file the README links
 * is in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function commands() {
  const program = buildProgram(() => {});
  return program.commands.flatMap((command) => command.commands.length > 0
    ? command.commands.map((sub) => ({ name: `${command.name()} ${sub.name()}`, options: sub.options }))
    : [{ name: command.name(), options: command.options }]);
}

describe('README agrees with the command line', () => {
  it.each(commands().map((command) => [command.name, command]))('robustcheck %s: the command and each of its flags are in the README', (name, command) => {
    expect(readme).toContain(`robustcheck ${name}`);
    for (const option of command.options) expect(readme, `${name} ${option.long}`).toContain(option.long!);
  });

  it('every relative link of the README points at a file of the repository', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((match) => match[1]!).filter((link) => !/^[a-z]+:/.test(link));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(join(root, link)), link).toBe(true);
  });

  it('the reliability ids the code cites are defined in docs/reliability.md', () => {
    const reliability = readFileSync(join(root, 'docs/reliability.md'), 'utf8');
    for (const id of ['A1', 'A7', 'A8', 'A9', 'B10', 'B11', 'B12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18', 'C19']) expect(reliability).toContain(`**${id}`);
    for (const section of ['## D.', '## E.']) expect(reliability).toContain(section);
  });
});
