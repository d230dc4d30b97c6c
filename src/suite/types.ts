import type { ThresholdMetric as MetricName } from '../metrics/threshold-metrics.js';
import type { Norm } from '../tensor/norms.js';
import type { ModelFormatChoice } from '../model/model-format.js';
import type { EngineChoice } from '../engine/engine-choice.js';

/** `model` section of a suite file (DESIGN.md §2). Paths are relative to the suite file. */
export interface ModelSpec {
  path: string;
  format?: ModelFormatChoice;
  /** Hex SHA-256 over model.json followed by its weight files in manifest order. */
  sha256?: string;
  /** Valid input box in input units. Default `[0, 1]`. */
  inputRange?: [number, number];
  /** Per-channel normalisation applied inside the differentiable model: (x − mean) / std. */
  preprocess?: { mean: number[]; std: number[] };
  output?: 'auto' | OutputKind;
  classNames?: string[];
  /** GraphModel input/output node names (default: the signature's only ones). */
  inputName?: string;
  outputName?: string;
}

export type OutputKind = 'logits' | 'probabilities' | 'sigmoid';

/** `data` section of a suite file. */
export interface DataSpec {
  path: string;
  format?: 'auto' | 'npy' | 'npz' | 'idx' | 'images';
  /** Image folders: `bilinear` (default) resizes images to the model's input size; `none` refuses other sizes. */
  resize?: 'bilinear' | 'none';
  /** `file`: labels from the data; `predicted`: the model's clean predictions. Default `file`. */
  labels?: 'file' | 'predicted';
  /** Separate labels file for `.npy` / IDX inputs. */
  labelsPath?: string;
  /** Array names inside an `.npz` (default: `x`/`images`, `y`/`labels`). */
  x?: string;
  y?: string;
  /** Factor applied to stored values (default 1/255 for integer pixels, 1 for floats). */
  scale?: number;
  /** Evaluate only the first N samples. */
  limit?: number;
  /** Samples per batch (default 128). */
  batchSize?: number;
}

/** One attack or perturbation entry; type-specific parameters sit beside the common fields. */
export interface AttackSpec {
  id: string;
  type: string;
  norm?: Norm;
  epsilons?: number[];
  severities?: number[];
  [param: string]: unknown;
}

/** Threshold metric names (see `src/metrics/threshold-metrics.ts`). */
export type ThresholdMetric = MetricName;

export interface ThresholdSpec {
  metric: ThresholdMetric;
  /** Attack id (per-attack metrics; optional for `regression`). */
  attack?: string;
  /** ε or severity of that attack; for `worst-case-robust-accuracy` an ε shared by attacks. */
  epsilon?: number;
  /** `worst-case-robust-accuracy` only: the norm, when attacks of several norms share the ε. */
  norm?: Norm;
  min?: number;
  max?: number;
}

/** A suite file as written by the user (after schema validation). */
export interface SuiteFile {
  $schema?: string;
  /** Base file(s) this suite builds on, relative to this file; merged as `src/suite/extends.ts` describes. */
  extends?: string | string[];
  id: string;
  description?: string;
  seed?: number;
  /** Who computes logits and gradients (`auto` default). */
  engine?: EngineChoice;
  model: ModelSpec;
  data: DataSpec;
  attacks: AttackSpec[];
  thresholds?: ThresholdSpec[];
  /** Confidence level of threshold intervals, e.g. 0.95. Without it thresholds use point values. */
  confidence?: number;
  /** Sanity-check policy; `autoSquare` / `autoRand` add remedy attacks when masking / randomness is detected. */
  checks?: { failOn?: 'fail' | 'warn' | 'never'; autoSquare?: boolean; autoRand?: boolean };
  /** Wall-clock budget of the suite in seconds (> 0); when it runs out the suite ends with `SUITE_TIMEOUT`. */
  timeoutSeconds?: number;
}

/** An attack with defaults applied and budgets sorted ascending. */
export interface ResolvedAttack {
  id: string;
  type: string;
  /** Norm of the budget (absent for severity-based corruptions). */
  norm?: Norm;
  budgetKind: 'epsilon' | 'severity';
  /** ε values (input units) or severities 1–5, ascending, unique. */
  budgets: number[];
  /** Type-specific parameters with defaults filled in (no id/type/norm/epsilons/severities). */
  params: Record<string, unknown>;
}

/** A validated suite with absolute paths, defaults and a content hash: the runner's input. */
export interface ResolvedSuite {
  id: string;
  description?: string;
  /** Absolute path of the suite file. */
  path: string;
  /** Path as the user gave it (for messages and reports). */
  displayPath: string;
  /** Folder relative paths resolve against. */
  dir: string;
  /** SHA-256 of the suite file bytes, followed by each `extends` base file's bytes in the order applied. */
  sha256: string;
  seed: number;
  /** Engine choice after `--engine` / `ROBUSTCHECK_ENGINE` / the suite's `engine` (default `auto`). */
  engine: EngineChoice;
  model: ModelSpec & { path: string; inputRange: [number, number]; format: ModelFormatChoice; output: 'auto' | OutputKind };
  data: DataSpec & { path: string; labels: 'file' | 'predicted'; batchSize: number };
  attacks: ResolvedAttack[];
  thresholds: ThresholdSpec[];
  confidence?: number;
  checks: { failOn: 'fail' | 'warn' | 'never'; autoSquare: boolean; autoRand: boolean };
  /** Wall-clock budget of the suite in seconds; absent = no limit. */
  timeoutSeconds?: number;
}
