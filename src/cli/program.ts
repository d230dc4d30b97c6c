import { Command, Option } from 'commander';
import { backendChoices } from '../model/backend.js';
import { tool } from '../version.js';
import { listCommand } from './commands/list-command.js';
import { runCommand, type RunFlags } from './commands/run-command.js';
import { validateCommand } from './commands/validate-command.js';
import { defaultWorkers, parseNonNegativeInteger, parsePositiveInteger, parseReporters, reporterNames } from './parse-options.js';

/**
 * Builds the command-line program. Each action stores its exit code through `setExitCode`;
 * commander's own usage errors are turned into exit 2 by the caller.
 */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const program = new Command('robustcheck')
    .description('Adversarial-robustness tests for TensorFlow.js models: declarative suites, attacks, CI gates and reports.')
    .version(tool.version)
    .showSuggestionAfterError(true)
    .exitOverride();

  program.command('run')
    .description('run suites (default: every suites/**/*.suite.json)')
    .argument('[suites...]', 'suite files')
    .option('--out <dir>', 'report root', 'reports')
    .option('--seed <n>', "override every suite's seed", parseNonNegativeInteger)
    .addOption(new Option('--backend <name>', 'tfjs backend').choices([...backendChoices]).default('auto'))
    .option('--reporter <names>', `comma-separated reporters: ${reporterNames.join(', ')}`, parseReporters)
    .option('--limit <n>', 'evaluate only the first N samples of each suite', parsePositiveInteger)
    .option('--workers <n>', `worker threads for attacks on CPU backends (default: cores, max 4 = ${defaultWorkers()})`, parsePositiveInteger)
    .option('--shard <i/n>', 'evaluate shard I of N (deterministic split of samples)')
    .option('--ci', 'force the plain reporter')
    .option('--no-ui', 'force the plain reporter')
    .action(async (suites: string[], flags: RunFlags) => setExitCode(await runCommand(suites, flags)));

  program.command('validate')
    .description('schema and reference checks only; no model is run')
    .argument('[suites...]', 'suite files')
    .action(async (suites: string[]) => setExitCode(await validateCommand(suites, write)));

  program.command('list')
    .description('attacks, perturbations, metrics and reporters, with their parameters')
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) => setExitCode(listCommand(write, Boolean(flags.json))));

  return program;
}
