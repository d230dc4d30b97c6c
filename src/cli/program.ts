import { Command } from 'commander';
import { tool } from '../version.js';
import { hashCommand } from './commands/hash-command.js';
import { initCommand, type InitFlags } from './commands/init-command.js';
import { listCommand } from './commands/list-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { runCommand, type RunFlags } from './commands/run-command.js';
import type { UiFlags } from './commands/ui-command.js';
import { validateCommand } from './commands/validate-command.js';
import { backendOption, engineOption, seedOption } from './env-options.js';
import { parseAttackList } from './filter-suites.js';
import { defaultWorkers, maxWorkers, parsePositiveInteger, parseReporters, parseWorkers } from './parse-options.js';
import { reporterNames } from './reporter-registry.js';

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
    .addOption(seedOption())
    .addOption(engineOption())
    .addOption(backendOption())
    .option('--reporter <names>', `comma-separated reporters: ${reporterNames.join(', ')}`, parseReporters)
    .option('--limit <n>', 'evaluate only the first N samples of each suite', parsePositiveInteger)
    .option('--workers <n>', `worker threads for attacks on CPU backends, 1–${maxWorkers} (default: cores, max 4 = ${defaultWorkers()})`, parseWorkers)
    .option('--shard <i/n>', 'evaluate shard I of N (deterministic split of samples); a shard does not judge thresholds, report merge does')
    .option('--attack <ids>', 'run only these attack ids (comma-separated); thresholds about other attacks are skipped', parseAttackList)
    .option('--grep <pattern>', 'run only suites whose id or path matches this regular expression, or their attacks whose "suite-id/attack-id" matches')
    .option('--save-adversarials [dir]', 'write the exact adversarial inputs as .npy per attack × budget (default folder: <out>/<suite-id>/adversarials)')
    .option('--baseline <path>', 'earlier report.json or report folder: compare sample by sample; regression thresholds need it')
    .option('--no-cache', 'compute every attack instead of reusing identical earlier results (cache: .robustcheck-cache/, or $ROBUSTCHECK_CACHE_DIR)')
    .option('--ci', 'force the plain reporter')
    .option('--no-ui', 'force the plain reporter')
    .action(async (suites: string[], flags: RunFlags) => setExitCode(await runCommand(suites, flags)));

  program.command('validate')
    .description('schema and reference checks only; no model is run')
    .argument('[suites...]', 'suite files')
    .action(async (suites: string[]) => setExitCode(await validateCommand(suites, write)));

  program.command('hash')
    .description('print the sha256 to pin as model.sha256 for a model.json, or a data file\'s sha256 as reports record it')
    .argument('<paths...>', 'model.json or data files')
    .action(async (paths: string[]) => setExitCode(await hashCommand(paths, write)));

  program.command('list')
    .description('attacks, perturbations, metrics and reporters, with their parameters')
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) => setExitCode(listCommand(write, Boolean(flags.json))));

  program.command('ui')
    .description('interactive terminal explorer: pick suites, run them, drill into results and adversarial examples')
    .argument('[suites...]', 'suite files (default: every suites/**/*.suite.json)')
    .option('--out <dir>', 'report root to read and write', 'reports')
    .addOption(seedOption())
    .addOption(engineOption())
    .addOption(backendOption())
    .option('--limit <n>', 'evaluate only the first N samples of each suite', parsePositiveInteger)
    .option('--workers <n>', `worker threads for attacks on CPU backends, 1–${maxWorkers} (default: cores, max 4)`, parseWorkers)
    // Loaded on demand: Ink and React are only needed by this command.
    .action(async (suites: string[], flags: UiFlags) => setExitCode(await (await import('./commands/ui-command.js')).uiCommand(suites, flags)));

  program.command('init')
    .description('inspect a model and its data, then write a starter suite with thresholds from a quick baseline run')
    .requiredOption('--model <path>', 'model.json of a tfjs LayersModel or GraphModel')
    .requiredOption('--data <path>', 'evaluation data (.npy, .npz, IDX, or an image folder with one subfolder per class)')
    .option('--labels <path>', 'separate labels file: .npy or IDX for .npy / IDX inputs, CSV or JSON for an image folder')
    .option('--out <file>', 'suite file to write (default: suites/<id>.suite.json, where run, validate and ui look)')
    .option('--id <id>', 'suite id (default: the model file\'s name, or its folder\'s for a plain model.json)')
    .option('--samples <n>', 'samples for the baseline run and the suite (data.limit)', parsePositiveInteger, 100)
    .addOption(seedOption('root seed written into the suite (default 0)'))
    .addOption(engineOption())
    .addOption(backendOption())
    .option('--force', 'replace an existing suite file')
    .action(async (flags: InitFlags) => setExitCode(await initCommand(flags, write)));

  // `report merge`, `report render` (and further `report` subcommands) live in report-command.ts.
  registerReportCommand(program, setExitCode);

  return program;
}
