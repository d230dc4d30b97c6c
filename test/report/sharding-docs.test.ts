import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

const docs = readFileSync(new URL('../../docs/sharding.md', import.meta.url), 'utf8');

/** Values the recipes take from CI or Kubernetes, replaced by what they expand to. */
const expansions: [RegExp, string][] = [
  [/\$\{\{ matrix\.shard \}\}/g, '2'],
  [/\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/g, '2'],
  [/\$i/g, '2'],
];

/** Every `robustcheck …` command line in the code blocks of docs/sharding.md, expanded and split into arguments. */
function documentedCommands(): string[][] {
  const code = [...docs.matchAll(/```\w*\n([\s\S]*?)```/g)].map((block) => block[1]!).join('\n');
  return code.split('\n')
    .map((line) => /robustcheck ((?:run|report) .*)$/.exec(line)?.[1])
    .filter((command): command is string => command !== undefined)
    .map((command) => expansions.reduce((text, [pattern, value]) => text.replace(pattern, value), command.replace(/\s*\|\|.*$/, '')))
    .map((command) => command.trim().split(/\s+/));
}

/** The real program with every action replaced: parsing checks commands, options and arguments. */
function parseOnly(args: string[]): { command: string; options: Record<string, unknown> } {
  const program = buildProgram(() => {});
  let seen = { command: '', options: {} as Record<string, unknown> };
  const stub = (command: Command) => {
    command.action((...received: unknown[]) => {
      seen = { command: command.name(), options: received.at(-2) as Record<string, unknown> };
    });
    command.commands.forEach(stub);
  };
  program.commands.forEach(stub);
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  program.parse(['node', 'robustcheck', ...args]);
  return seen;
}

describe('docs/sharding.md', () => {
  const commands = documentedCommands();

  it('documents sharded runs and merges (GitHub Actions, Kubernetes, one machine) and a render', () => {
    expect(commands.filter((args) => args[0] === 'run' && args.includes('--shard')).length).toBeGreaterThanOrEqual(3);
    expect(commands.filter((args) => args[0] === 'report' && args[1] === 'merge').length).toBeGreaterThanOrEqual(3);
    expect(docs).toContain('completionMode: Indexed');
    expect(docs).toContain('matrix:');
  });

  it.each(documentedCommands().map((args) => [args.join(' '), args]))('%s parses with the real command line', (_text, args) => {
    let parsed: ReturnType<typeof parseOnly> | undefined;
    expect(() => { parsed = parseOnly(args as string[]); }).not.toThrow(CommanderError);
    expect(parsed!.command).toBe((args as string[])[0] === 'run' ? 'run' : (args as string[])[1]);
    expect(parsed!.options.out).toBeDefined();
  });
});
