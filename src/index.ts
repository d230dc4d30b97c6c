/**
 * robustcheck's programmatic API: the functions the CLI itself calls, with the same events and
 * the same result objects.
 *
 * ```ts
 * import { loadSuite, runSuites, createReporters, ReporterMultiplexer } from 'robustcheck';
 *
 * const suite = await loadSuite('suites/fashion-mnist.suite.json', { limit: 100 });
 * const reporters = new ReporterMultiplexer(createReporters({ names: ['json'], interactive: false, outDir: 'reports', stdout: process.stdout }));
 * await reporters.prepare(); // loads the HTML charts' modules when an `html` reporter is among them
 * const result = await runSuites([suite], { emit: reporters.emit });
 * reporters.close();
 * const { verdict, reports: [report] } = result; // 'pass' | 'fail' | …; reports/fashion-cnn/report.json is written
 * ```
 *
 * Everything here is stable public interface (DESIGN.md): suite loading and validation, the run,
 * the attack registry, backend selection, reporters, report and event types, typed errors.
 *
 * @packageDocumentation
 */

// Suites: load (read → parse → validate → resolve, `extends` applied), discover, validate.
export { loadSuite } from './suite/load-suite.js';
export { discoverSuites, suiteFileSuffix } from './suite/discover.js';
export { validateSuite, collectSuiteProblems, type ValidateOptions } from './suite/validate.js';
export { resolveSuite, suiteDefaults, type SuiteOverrides, type SuiteSource } from './suite/resolve.js';
export { buildSuiteSchema } from './suite/schema.js';
export type {
  SuiteFile, ResolvedSuite, ResolvedAttack, ModelSpec, DataSpec, AttackSpec, ThresholdSpec, ThresholdMetric,
} from './suite/types.js';

// Running: the whole run (what `robustcheck run` calls) and one suite with optional loaders.
export { runSuites, type RunOptions, type RunResult } from './runner/run-suites.js';
export { runSuite, type RunSuiteOptions, type SuiteLoaders } from './runner/run-suite.js';
export { parseShard, selectSamples, type Shard } from './data/sample-selection.js';
export { eventsVersion, type RunEvent, type EventSink } from './events/run-event.js';

// Attacks: the registry every suite `type` is looked up in.
export { attackRegistry as attacks, attackTypes, findAttack } from '../attacks/registry.js';
export type { AttackDefinition, AttackContext, ParamSpec } from '../attacks/types.js';
export { norms, type Norm } from './tensor/norms.js';

// Models, data and backends.
export { selectBackend } from './model/backend.js';
export { backendChoices, type BackendChoice } from './model/backend-choice.js';
export type { BackendSelection } from './events/backend-selection.js';
export { softwareRendererReason, describeAdapter } from './model/webgpu/adapter-info.js';
export type { WebGpuAdapterInfo } from './report/webgpu-adapter-types.js';
export { loadClassifier, type LoadedModel } from './model/load-model.js';
export type { Classifier, OutputKind } from './model/classifier.js';
export { loadDataset } from './data/load-dataset.js';
export type { ExpectedData } from './data/expected-data.js';
export type { Dataset, Batch } from './data/dataset.js';

// Reporters: the same files and console output as the CLI.
export { createReporters } from './cli/reporter-registry.js';
export { ReporterMultiplexer } from './reporters/multiplexer.js';
export { prepareHtmlReports } from './reporters/html-reporter.js';
export type { Reporter, ReporterOptions } from './events/reporter.js';
export { readReportFile } from './report/read-report.js';
export type {
  SuiteReport, CaseResult, AttackReport, ThresholdResult, ThresholdStatus, SanityCheckResult, Verdict, EnvironmentInfo,
} from './report/report-types.js';

// One robustness check from code (also behind the `robustcheck/vitest` matchers).
export { checkRobustness, type RobustnessOptions, type RobustnessResult, type ModelUnderTest, type RobustnessData } from './vitest/robustness-check.js';

// Configuration from the environment, errors, version.
export { readEnvOverrides, envVariables, type EnvOverrides } from './env-overrides.js';
export { RobustcheckError, InputError, RuntimeFailure, ExitCode, formatProblem, type Problem, type ExitCodeValue } from './errors.js';
export { errorCodes, type ErrorCode, type InputErrorCode, type RuntimeFailureCode } from './error-codes.js';
export { tool } from './version.js';
