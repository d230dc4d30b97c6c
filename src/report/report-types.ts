import type { Norm } from '../tensor/norms.js';
import type { BaselineComparison } from './comparison-types.js';
import type { EngineSelection } from './engine-types.js';
import type { SanityProbes } from './sanity-probe-types.js';
import type { ClassMetrics, StandardBudgets, SummaryStats } from './statistics-types.js';
import type { WebGpuAdapterInfo } from './webgpu-adapter-types.js';

/** Version of the report.json layout; bumped on breaking changes. */
export const reportSchemaVersion = 1;

/** Status of a threshold. `inconclusive` means its interval straddles the bound. */
/** `skipped`: not judged, because a `--shard` run sees part of the samples (`report merge` judges). */
export type ThresholdStatus = 'pass' | 'fail' | 'inconclusive' | 'skipped';
/** Suite verdict; `interrupted` when Ctrl-C/SIGTERM stopped it before it finished (exit 130): never `pass`. */
export type Verdict = 'pass' | 'fail' | 'error' | 'interrupted';

/** An accuracy with its count and Wilson interval. */
export interface Proportion {
  /** Fraction in [0, 1]. */
  value: number;
  successes: number;
  n: number;
  /** 95 % Wilson interval. */
  ci95: [number, number];
}

/**
 * One adversarial example kept for people to look at (HTML gallery, terminal viewer). Images are
 * quantised for display only: base64 of uint8 values, row-major `shape` ([height, width,
 * channels]); exact adversarial values are exported separately.
 */
export interface AdversarialExample {
  /** Dataset index of the sample. */
  index: number;
  label: number;
  cleanPrediction: number;
  adversarialPrediction: number;
  /** Softmax probability of the predicted class, clean and perturbed. */
  cleanConfidence: number;
  adversarialConfidence: number;
  /** Image shape `[height, width, channels]` (channels 1 or 3). */
  shape: [number, number, number];
  /** Clean image: input range mapped to 0–255. */
  clean: string;
  /** Perturbed image: input range mapped to 0–255. */
  adversarial: string;
  /** Perturbation δ amplified for display: 128 + 127·δ/max|δ| (128 = unchanged). */
  perturbation: string;
  /** max |δ| in input units (the amplification factor's scale). */
  perturbationMax: number;
  /** Gradient saliency |∂loss/∂x| of the clean input, scaled to 0–255 (per image maximum). */
  saliency: string;
}

/** Examples kept per attack × budget for the HTML gallery and the terminal viewer. */
export const examplesPerCase = 4;

/** Result of one attack at one budget. */
export interface CaseResult {
  /** ε in input units (epsilon-budget attacks). */
  epsilon?: number;
  /** Corruption severity 1–5 (severity-budget attacks). */
  severity?: number;
  /** Fraction of all evaluated samples correct on the clean and the perturbed input. */
  robustAccuracy: number;
  robustCount: number;
  ci95: [number, number];
  /** Fraction of clean-correct samples the perturbation broke. */
  attackSuccessRate: number;
  /** Targeted attacks: fraction of targetable clean-correct samples classified as their target. */
  targetSuccessRate?: number;
  /** Samples actually attacked at this budget (clean-correct and unbroken at smaller budgets). */
  attacked: number;
  /** Perturbation sizes over clean-correct samples (input units; L0 in coordinates). */
  perturbation: { l0: SummaryStats; l2: SummaryStats; linf: SummaryStats };
  durationMs: number;
  /** Attacked samples per second of wall time. */
  samplesPerSecond: number;
  /** A few examples (image inputs only): the first samples this case broke, else the first attacked. */
  examples?: AdversarialExample[];
  /** Per-class precision/recall/F1 under this perturbation; `correct` counts robust samples per class. */
  perClass?: ClassMetrics[];
  /** `confusion[label][prediction]` on the perturbed inputs (omitted above 100 classes). */
  confusion?: number[][];
  /** ROC-AUC of the perturbed probabilities: binary for 2 classes, macro one-vs-rest otherwise. */
  rocAuc?: number;
  /** Mean drop of the true class's softmax probability over clean-correct samples (fraction, −1…1). */
  confidenceDrop?: number;
  /**
   * Score-based attacks (Square): model queries spent per sample (forward passes, the first one
   * included), over the `samples` it queried at this or a smaller budget; a broken sample's count
   * is what it took to break it, an unbroken one's the whole budget.
   */
  queries?: { samples: number } & SummaryStats;
  /**
   * Cascades (`autoattack`): per member in run order, the samples it attacked (those every earlier
   * member left robust) and broke; `broken` sums to the samples broken at this budget.
   */
  contributions?: { attack: string; attacked: number; broken: number }[];
}

/** One attack's results across its budgets. */
export interface AttackReport {
  id: string;
  type: string;
  norm?: Norm;
  budgetKind: 'epsilon' | 'severity';
  params: Record<string, unknown>;
  results: CaseResult[];
  /** ε attacks: the empirical-robustness figure, per-sample minimal perturbation and its quantiles. */
  minimalPerturbation?: MinimalPerturbation;
  /** Why the attack did not run all its budgets (e.g. the model has no input gradient). */
  skipped?: string;
  /** True when the results came from the result cache (an identical earlier run), not computed in this run. */
  cached?: boolean;
}

/**
 * Per-sample minimal perturbation of one attack (attack norm, input units) over the samples it
 * attacked (clean-correct; for targeted attacks also not labelled with the fixed target). For a
 * minimisation attack (`cw-l2`, `deepfool`) it is the measured size of its adversarial; for an ε
 * sweep it is the smallest listed ε that broke the sample (an upper bound); for targeted attacks
 * "broke" means "reached its target". `null` stands for ∞: never broken.
 */
export interface MinimalPerturbation {
  norm: Norm;
  source: 'minimization' | 'epsilon-sweep';
  /** Samples considered. */
  samples: number;
  /** Of those, broken at all. */
  broken: number;
  median: number | null;
  /** Quantiles at levels `"0.1"`, `"0.25"`, `"0.5"`, `"0.75"`, `"0.9"` (linear interpolation). */
  quantiles: Record<string, number | null>;
  /** Mean over broken samples (`null` when none). */
  meanOfBroken: number | null;
  /** Per evaluated sample, aligned with `outcomes.indices`; `null` = not attacked or never broken. */
  perSample: (number | null)[];
}

export interface ThresholdResult {
  metric: string;
  attack?: string;
  epsilon?: number;
  /** `worst-case-robust-accuracy`: the norm of the ε. */
  norm?: string;
  expected: { min?: number; max?: number };
  /** Measured value; `null` when it could not be measured (e.g. interrupted before that case). */
  actual: number | null;
  ci95?: [number, number];
  status: ThresholdStatus;
  reason: string;
  /** `inconclusive` only: samples that would decide it at the observed rate, when some n would. */
  samplesToDecide?: number;
}

/** One evaluation self-check (docs/reliability.md C13–C19). A pass is never evidence of robustness. */
export interface SanityCheckResult {
  /** Stable kebab-case id, e.g. `input-gradients`. */
  id: string;
  /** `skipped`: the suite gave the check nothing to look at (shown as "n/a"; never fails a suite). */
  status: 'pass' | 'warn' | 'fail' | 'skipped';
  /** What was found and what to do about it. */
  message: string;
  /** Short title, e.g. "zero or NaN input gradients". */
  title?: string;
  /** Where the check is specified, e.g. `docs/reliability.md C15`. */
  reference?: string;
  /** False when the suite gave the check nothing to look at (its status is then `skipped`). */
  applicable?: boolean;
  /** The measurements behind the status (counts, rates, ε). */
  details?: Record<string, number | string | boolean>;
}

/** Norms whose per-sample perturbation sizes `report.json` keeps. */
export type KeptNorm = 'l0' | 'l1' | 'l2' | 'linf';

/** Per-sample perturbation sizes of one case: each norm's float64 values, deflated and base64-encoded (see `src/report/sample-codec.ts`). */
export type EncodedSizes = Record<KeptNorm, string>;

/** Compact per-sample outcomes: one character per evaluated sample, `1` correct / `0` not. */
export interface SampleOutcomes {
  /** Dataset indices of the evaluated samples, in order. */
  indices: number[];
  /** Labels used (from the file or the model's clean predictions). */
  labels: number[];
  clean: string;
  /** `attacks[attackId][budget]` → outcome string. */
  attacks: Record<string, Record<string, string>>;
  /**
   * `perturbation[attackId][budget]` → per-sample perturbation sizes (L0, L1, L2, L∞ in input units;
   * L0 a count), float64, deflated, base64; NaN for samples never perturbed. Lets `report merge`
   * recompute means and medians exactly (see `src/report/sample-codec.ts`).
   */
  perturbation?: Record<string, Record<string, EncodedSizes>>;
  /**
   * `stats[attackId][budget][name]` → a per-sample statistic the attack tallied (`queries`: forward
   * passes of a score-based attack; `broken-by:<member>`: 1 where that cascade member broke the
   * sample), float64, deflated, base64; NaN where it does not apply. Lets `report merge` recompute
   * `queries` and `contributions`. Present only for attacks that tally statistics.
   */
  stats?: Record<string, Record<string, Record<string, string>>>;
}

export interface EnvironmentInfo {
  backend: string;
  backendReason: string;
  skippedBackends: { name: string; reason: string }[];
  tfjsVersion: string;
  node: string;
  platform: string;
  cpu: string;
  /** Whether a GPU computed (see `BackendSelection.gpu`); absent for wasm and cpu. */
  gpu?: boolean;
  /** The WebGPU adapter (vendor, architecture, device, description, Dawn backend), when `webgpu` ran. */
  adapter?: WebGpuAdapterInfo;
  /** Who computed logits and gradients and why (absent in reports of models loaded outside the suite loader). */
  engine?: EngineSelection;
}

/** `reports/<suite-id>/report.json` (DESIGN.md §3). */
export interface SuiteReport {
  schemaVersion: typeof reportSchemaVersion;
  tool: { name: string; version: string };
  /** `confidence` and `failOn` are the suite's gate settings, kept so merged shards are re-gated identically. */
  suite: { id: string; path: string; sha256: string; description?: string; confidence?: number; failOn?: 'fail' | 'warn' | 'never' };
  model: { path: string; format: string; sha256: string; outputKind: string; inputShape: number[]; numClasses: number; classNames?: string[]; /** Valid input box `[low, high]`. */ inputRange?: [number, number] };
  /**
   * `sha256` / `labelsSha256`: hex SHA-256 of the data file's and the labels file's bytes as stored
   * (what `robustcheck hash FILE` prints), so a reviewer can check they re-run on the same data.
   * Absent when the data could not be read.
   */
  data: { path: string; size: number; labels: 'file' | 'predicted'; sha256?: string; labelsPath?: string; labelsSha256?: string };
  environment: EnvironmentInfo;
  seed: number;
  shard?: { index: number; count: number };
  limit?: number;
  startedAt: string;
  durationMs: number;
  /** False when the run was interrupted or stopped by an error before every case finished. */
  complete: boolean;
  samples: number;
  clean: {
    accuracy: number;
    correct: number;
    ci95: [number, number];
    perClass?: ClassMetrics[];
    /** `confusion[label][prediction]` (omitted above 100 classes). */
    confusion?: number[][];
    /** ROC-AUC of the clean probabilities: binary for 2 classes, macro one-vs-rest otherwise. */
    rocAuc?: number;
  };
  attacks: AttackReport[];
  worstCase: { norm: string; epsilon: number; robustAccuracy: number; robustCount: number; ci95: [number, number]; attacks: string[] }[];
  /**
   * Score 0–100 = 100 × the mean, over every (attack, ε or severity) cell of the suite, of robust
   * accuracy ÷ clean accuracy. robustcheck's own summary: it depends on which attacks and budgets
   * the suite lists, so it cannot be compared with published numbers — `standardBudgets` can.
   */
  score: number;
  /**
   * Image inputs in [0, 1] of a size the literature has standard budgets for (28×28×1, 32×32×3,
   * 224×224×3): worst-case robust accuracy at those budgets, where the suite evaluated them.
   */
  standardBudgets?: StandardBudgets;
  sanityChecks: SanityCheckResult[];
  /** Samples the sanity probes ran on and how long they took. */
  sanityProbe?: {
    samples: number;
    durationMs: number;
    /** The probes' measurements (counts and maxima), kept so `report merge` can re-run the checks on merged shards. */
    probes?: SanityProbes;
  };
  /** Comparison with `--baseline`, when one was given. */
  baseline?: BaselineComparison;
  thresholds: ThresholdResult[];
  outcomes: SampleOutcomes;
  verdict: Verdict;
  exitCode: number;
  error?: { code: string; message: string };
}
