import type { Norm } from '../tensor/norms.js';
import type { SummaryStats } from '../metrics/summary-stats.js';

/** Version of the report.json layout; bumped on breaking changes. */
export const reportSchemaVersion = 1;

/** Status of a threshold. `inconclusive` means its interval straddles the bound. */
export type ThresholdStatus = 'pass' | 'fail' | 'inconclusive';
export type Verdict = 'pass' | 'fail' | 'error';

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
}

/** One attack's results across its budgets. */
export interface AttackReport {
  id: string;
  type: string;
  norm?: Norm;
  budgetKind: 'epsilon' | 'severity';
  params: Record<string, unknown>;
  results: CaseResult[];
}

export interface ThresholdResult {
  metric: string;
  attack?: string;
  epsilon?: number;
  expected: { min?: number; max?: number };
  /** Measured value; `null` when it could not be measured (e.g. interrupted before that case). */
  actual: number | null;
  ci95?: [number, number];
  status: ThresholdStatus;
  reason: string;
}

export interface SanityCheckResult {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** Compact per-sample outcomes: one character per evaluated sample, `1` correct / `0` not. */
export interface SampleOutcomes {
  /** Dataset indices of the evaluated samples, in order. */
  indices: number[];
  /** Labels used (from the file or the model's clean predictions). */
  labels: number[];
  clean: string;
  /** `attacks[attackId][budget]` → outcome string. */
  attacks: Record<string, Record<string, string>>;
}

export interface EnvironmentInfo {
  backend: string;
  backendReason: string;
  skippedBackends: { name: string; reason: string }[];
  tfjsVersion: string;
  node: string;
  platform: string;
  cpu: string;
  gpu?: boolean;
}

/** `reports/<suite-id>/report.json` (DESIGN.md §3). */
export interface SuiteReport {
  schemaVersion: typeof reportSchemaVersion;
  tool: { name: string; version: string };
  suite: { id: string; path: string; sha256: string; description?: string };
  model: { path: string; format: string; sha256: string; outputKind: string; inputShape: number[]; numClasses: number };
  data: { path: string; size: number; labels: 'file' | 'predicted' };
  environment: EnvironmentInfo;
  seed: number;
  shard?: { index: number; count: number };
  limit?: number;
  startedAt: string;
  durationMs: number;
  /** False when the run was interrupted or stopped by an error before every case finished. */
  complete: boolean;
  samples: number;
  clean: { accuracy: number; correct: number; ci95: [number, number] };
  attacks: AttackReport[];
  worstCase: { norm: string; epsilon: number; robustAccuracy: number; robustCount: number; ci95: [number, number]; attacks: string[] }[];
  score: number;
  sanityChecks: SanityCheckResult[];
  thresholds: ThresholdResult[];
  outcomes: SampleOutcomes;
  verdict: Verdict;
  exitCode: number;
  error?: { code: string; message: string };
}
