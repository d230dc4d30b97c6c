/**
 * Every error code robustcheck reports, with the exit status it goes with and what it means: the
 * one list the error classes are typed against (a code missing here does not compile) and that
 * `docs/error-codes.md` is generated from (`npm run schema`). A new code is one line here.
 */

/**
 * Which exit status a code goes with, as a key of `ExitCode` in `errors.ts`: `usage` (2, bad
 * input, nothing evaluated), `runtime` (3, failure while evaluating), `interrupted` (130).
 */
export type ExitKind = 'usage' | 'runtime' | 'interrupted';

/** One registered code: the exit statuses it is raised with and a one-line meaning. */
export interface ErrorCodeEntry {
  readonly exits: readonly ExitKind[];
  readonly meaning: string;
}

const usage = (meaning: string) => ({ exits: ['usage'], meaning }) as const;
const runtime = (meaning: string) => ({ exits: ['runtime'], meaning }) as const;

/** The registry, alphabetical. */
export const errorCodes = {
  ADVERSARIAL_SHAPE: runtime('Adversarial examples to save do not match their samples (a bug in robustcheck).'),
  ADVERSARIAL_VERIFY: runtime('A saved adversarial file did not read back as written (--save-adversarials).'),
  ATTACK_NAN: runtime('An attack produced a non-finite input.'),
  BACKEND_UNAVAILABLE: runtime('The backend named by --backend cannot start on this machine.'),
  BAD_BACKEND: usage('--backend (or ROBUSTCHECK_BACKEND) names no backend.'),
  BAD_ENV: usage('A ROBUSTCHECK_* environment variable holds a value its option does not accept.'),
  BAD_FILTER: usage('--grep is not a valid regular expression.'),
  BAD_ID: usage('robustcheck init --id is not a valid suite id.'),
  BAD_LIMIT: usage('--limit is not an integer ≥ 1.'),
  BAD_OUT: usage('robustcheck init --out does not name a *.suite.json file.'),
  BAD_PRESET: usage('A perturbation names an unknown preset.'),
  BAD_SEED: usage('--seed is not an integer from 0 to 4294967295.'),
  BAD_SEVERITY: usage('A corruption severity is not one of 1–5.'),
  BAD_SHARD: usage('--shard is not I/N with 1 ≤ I ≤ N.'),
  BAD_SUITE_ID: usage('A suite id cannot name a report folder.'),
  BAD_TARGET: usage('A targeted attack names a class the model does not have.'),
  BASELINE_DUPLICATE: usage('--baseline holds two reports of the same suite.'),
  BASELINE_REQUIRED: usage('A suite gates on regression but no --baseline was given.'),
  BOX_VIOLATION: runtime('An attack left the model\'s input range (a bug in the attack).'),
  BUDGET_VIOLATION: runtime('An attack left its ε-ball (a bug in the attack).'),
  CHART_RENDER: runtime('A chart of report.html could not be rendered.'),
  CLEANUP_FAILED: runtime('The model could not be released after the suite; results may not be trustworthy.'),
  DATA_BATCH_TOO_LARGE: usage('data.batchSize × values per sample is over the memory limit.'),
  DATA_EMPTY: usage('The data file holds no samples.'),
  DATA_FORMAT: usage('The data file is not a readable .npy, .npz, IDX or image folder.'),
  DATA_LABELS: usage('The labels are missing, of the wrong count, or not class indices of the model.'),
  DATA_MISSING: usage('A data or labels file does not exist or cannot be read.'),
  DATA_NAN: usage('A sample contains NaN or an infinity.'),
  DATA_RANGE: usage('Scaled data values fall outside model.inputRange.'),
  DATA_SCALE: usage('data.scale is not a finite number > 0.'),
  DATA_SHAPE: usage('The samples do not have the shape the model takes.'),
  DATA_TOO_LARGE: usage('The data is over the size limit.'),
  DUPLICATE_SUITE_ID: usage('Two suites share an id, so their reports would overwrite each other.'),
  ENGINE_FORMAT: usage('The model format cannot run on the engine requested (ONNX runs only on onnxruntime).'),
  ENGINE_UNAVAILABLE: runtime('ONNX Runtime was requested but cannot run on this machine.'),
  ENGINE_UNSUPPORTED_OPS: usage('ONNX Runtime was requested but the model uses layers or ops it cannot take.'),
  EVENTS_EMPTY: usage('An event log holds no events.'),
  EVENTS_INVALID: usage('An event of the event log is malformed.'),
  EVENTS_JSON: usage('A line of the event log is not valid JSON.'),
  EVENTS_MISSING: usage('The event log does not exist or cannot be read.'),
  EVENTS_START: usage('The event log does not start with run:start.'),
  EVENTS_TOO_LARGE: usage('The event log is over the size limit.'),
  EVENTS_TYPE: usage('The event log holds an unknown event type.'),
  EVENTS_VERSION: usage('The event log was written by an unsupported version.'),
  FILE_UNREADABLE: usage('A file is not a regular file, is too large, or cannot be read.'),
  IMAGE_TOO_SMALL: usage('The samples are too small for the perturbation.'),
  INCOMPLETE: { exits: ['interrupted'], meaning: 'junit.xml only: the run was interrupted before every case finished.' },
  INTERNAL: runtime('An unexpected error (a bug in robustcheck or a dependency).'),
  JPEG_CHANNELS: usage('The jpeg corruption needs 1- or 3-channel images.'),
  MERGE_DUPLICATE: usage('robustcheck merge was given the same shard twice.'),
  MERGE_EMPTY: usage('robustcheck merge was given no shard reports.'),
  MERGE_INCOMPLETE: usage('A shard report to merge is incomplete.'),
  MERGE_MISMATCH: usage('Shard reports to merge come from different suites, models or settings.'),
  MERGE_MISSING: usage('A shard is missing from robustcheck merge.'),
  MERGE_NOT_SHARD: usage('A report given to robustcheck merge is not from a --shard run.'),
  MERGE_OUTCOMES: usage('A shard report lacks per-sample outcomes or has the wrong number.'),
  MERGE_SAMPLES: usage('A shard report\'s samples are not its deterministic split.'),
  MODEL_BAD_DTYPE: usage('A weight has a dtype tfjs cannot load.'),
  MODEL_BAD_QUANTIZATION: usage('A weight has a quantization tfjs cannot dequantize.'),
  MODEL_BAD_SHAPE: usage('A weight has a malformed shape.'),
  MODEL_CLASS_NAMES: usage('model.classNames does not list one name per class.'),
  MODEL_EXECUTE: runtime('The model failed on a test input.'),
  MODEL_FORMAT: usage('model.json is neither a LayersModel nor a GraphModel, or not the format declared.'),
  MODEL_GRAPH: usage('The GraphModel\'s graph is malformed (a cycle, a missing node).'),
  MODEL_HARD_LINK: usage('A model file has several hard links, possibly outside the model folder.'),
  MODEL_INPUT: usage('The model does not have exactly one input.'),
  MODEL_INPUT_DTYPE: usage('The model input is not float.'),
  MODEL_INPUT_SHAPE: usage('The model input shape is undeclared or not a batch of fixed-size samples.'),
  MODEL_INPUT_TOO_LARGE: usage('A model input sample is over the size limit.'),
  MODEL_IN_MEMORY: usage('An in-memory model given to toBeRobust cannot be read.'),
  MODEL_JSON: usage('model.json is not UTF-8 JSON with modelTopology and weightsManifest.'),
  MODEL_JSON_TOO_LARGE: usage('model.json is over the size limit.'),
  MODEL_KERNEL_CRASH: {
    exits: ['usage', 'runtime'],
    meaning: 'A WebAssembly kernel crashed on the model: exit 2 while loading it, 3 while evaluating.',
  },
  MODEL_MANIFEST: usage('The weightsManifest of model.json is malformed.'),
  MODEL_MISSING: usage('The model file does not exist.'),
  MODEL_NAN_OUTPUT: runtime('The model produced NaN or infinite outputs.'),
  MODEL_NODE_NAME: usage('model.input or model.output names no node of the GraphModel.'),
  MODEL_ONNX: usage('The ONNX file is malformed or does not run as a classifier.'),
  MODEL_OUTPUT: usage('The model does not output one row of class scores per sample.'),
  MODEL_OUTPUT_KIND: usage('model.output (logits or probabilities) contradicts the model.'),
  MODEL_PATH_ESCAPE: usage('A weight path leads outside the model folder.'),
  MODEL_PREPROCESS: usage('model.preprocess does not fit the model input.'),
  MODEL_SHA256: usage('model.sha256 is malformed or does not match the model files.'),
  MODEL_TOPOLOGY: usage('tfjs could not build the model from model.json.'),
  MODEL_UNKNOWN_CLASS: usage('The model uses a layer or other class tfjs-layers does not know.'),
  MODEL_UNREADABLE: usage('A model file cannot be read (permissions, symlink loop).'),
  MODEL_UNSUPPORTED_OP: usage('The model uses an op tfjs cannot run, or needs executeAsync (no gradients).'),
  MODEL_WEIGHTS_MISMATCH: usage('The weights do not fit the model\'s layers.'),
  MODEL_WEIGHTS_SIZE: usage('A weight file is not the size its manifest declares.'),
  MODEL_WEIGHTS_TOO_LARGE: usage('The model\'s weights are over the size limit.'),
  NO_GRADIENT: runtime('The model has no input gradient; the runner skips gradient attacks and warns.'),
  NO_MATCH: usage('--attack or --grep matches no attack.'),
  NO_SUITES: usage('No suite was given and none was found under suites/.'),
  NOT_A_TERMINAL: usage('robustcheck ui needs an interactive terminal.'),
  NOT_IMAGES: usage('An image corruption was asked of a model that does not take images.'),
  OPTIONS_INVALID: usage('toBeRobust options are invalid.'),
  REPORT_INVALID: usage('A report.json is not a consistent robustcheck report.'),
  REPORT_JSON: usage('A report.json is not valid JSON.'),
  REPORT_MISSING: usage('A report to read does not exist.'),
  REPORT_TOO_LARGE: usage('A report.json is over the size limit.'),
  REPORT_VERSION: usage('A report.json has an unsupported schemaVersion.'),
  REPORT_WRITE: runtime('A report file could not be written under --out.'),
  REPORTS_INCOMPARABLE: usage('robustcheck compare was given reports of different suites.'),
  SCHEMA_MISSING: runtime('The installed package lacks suites/suite.schema.json.'),
  STEP_SUMMARY_WRITE: runtime('$GITHUB_STEP_SUMMARY could not be appended to.'),
  SUITE_EXISTS: usage('robustcheck init would overwrite a suite file (pass --force).'),
  SUITE_EXTENDS: usage('A suite\'s extends chain is invalid (a cycle, too deep, not an object).'),
  SUITE_INVALID: usage('The suite breaks the schema; every problem is listed with its location.'),
  SUITE_MISSING: usage('A suite file does not exist or cannot be read.'),
  SUITE_REFERENCE: usage('The suite refers to files that do not exist.'),
  SUITE_SYNTAX: usage('A suite file is not valid JSON.'),
  SUITE_TIMEOUT: runtime('A suite ran out of its timeoutSeconds budget.'),
  SUITE_TOO_LARGE: usage('A suite file is over the size limit.'),
  UNKNOWN_ATTACK: runtime('A resolved suite names an attack type that is not registered.'),
  UNSUPPORTED_NORM: usage('A gradient attack was asked for a norm it cannot step in (l0).'),
  WEBGPU_ERROR: runtime('WebGPU reported an error, so its results cannot be trusted.'),
  WEBGPU_KERNEL: runtime('A WebGPU kernel failed.'),
  WEBGPU_WORKER: runtime('The WebGPU worker stopped (Dawn crashed or the device was lost).'),
  WORKER_FAILED: runtime('A worker thread failed.'),
} as const satisfies Record<string, ErrorCodeEntry>;

/** A registered error code. */
export type ErrorCode = keyof typeof errorCodes;

/** The registered codes raised with exit status `kind`. */
type CodeWithExit<Kind extends ExitKind> = {
  [Code in ErrorCode]: Kind extends (typeof errorCodes)[Code]['exits'][number] ? Code : never;
}[ErrorCode];

/** Codes an `InputError` (exit 2) may carry. */
export type InputErrorCode = CodeWithExit<'usage'>;
/** Codes a `RuntimeFailure` (exit 3) may carry. */
export type RuntimeFailureCode = CodeWithExit<'runtime'>;

/** Whether `value` is a registered code (a code read back from a worker or a report is a plain string). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** Whether registered `code` is raised with exit status `kind`. */
export function codeHasExit<Kind extends ExitKind>(code: ErrorCode, kind: Kind): code is CodeWithExit<Kind> {
  return (errorCodes[code].exits as readonly ExitKind[]).includes(kind);
}
