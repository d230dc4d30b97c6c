/**
 * The sanity probes' measurements (docs/reliability.md C13, C14, C15, C18, C19) as `report.json`
 * keeps them under `sanityProbe.probes`, so `report merge` can re-run the checks on merged shards.
 * The runner takes them (`src/runner/sanity-probes.ts`); the checks read them (`src/metrics/sanity/`).
 */

/** Raw-output probe (C13): how many rows of the model's raw output look like probabilities. */
export interface OutputProbe {
  rows: number;
  /** Output columns (1 for a single sigmoid/logit unit). */
  columns: number;
  /** Rows with every value in [0, 1] that sum to 1 ± 1e-5 (one column: a value in [0, 1]). */
  probabilityRows: number;
  /** How robustcheck reads the output: `logits`, `probabilities` or `sigmoid`. */
  outputKind: string;
}

/** Determinism probe (C14): two forward passes on the same batch. */
export interface DeterminismProbe {
  /** Largest |difference| between the two passes' raw outputs. */
  maxDifference: number;
  /** Samples whose outputs differ by more than the tolerance. */
  differingSamples: number;
}

/** Input-gradient probe (C15), counts of samples. */
export interface GradientProbe {
  /** Gradient of the cross-entropy (what `loss: "ce"` attacks follow) is exactly zero. */
  ceZero: number;
  ceNonFinite: number;
  /** Gradient of the logit margin (max other − true) is exactly zero: the model is locally flat. */
  marginZero: number;
  marginNonFinite: number;
}

/** Large-ε probe (C19): a gradient attack at ε = half the input range (L∞). */
export interface LargeEpsilonProbe {
  epsilon: number;
  /** What ran, e.g. `pgd, 10 steps, margin loss, no random start`. */
  attack: string;
  samples: number;
  /** Samples still classified correctly after the attack. */
  correct: number;
  numClasses: number;
}

/** Noise versus gradient attacks at the same norm and ε (C18), over clean-correct samples. */
export interface NoiseComparison {
  /** `suite`: both from the suite's own results; `probe`: noise run by the sanity probe. */
  source: 'suite' | 'probe';
  noiseAttack: string;
  /** Gradient attacks whose union was compared (a sample is broken if any of them broke it). */
  gradientAttacks: string[];
  norm: string;
  epsilon: number;
  /** Clean-correct samples compared. */
  compared: number;
  noiseBroken: number;
  gradientBroken: number;
  /** Broken by the noise but by none of the gradient attacks. */
  noiseOnly: number;
  /** Dataset indices of the first noise-only samples. */
  noiseOnlySamples: number[];
}

/** Measurements the runner takes for the sanity checks, on a small subset of samples. */
export interface SanityProbes {
  /** Samples probed (the first evaluated ones, at most 128). */
  samples: number;
  outputs: OutputProbe;
  determinism: DeterminismProbe;
  gradients: GradientProbe;
  largeEpsilon?: LargeEpsilonProbe;
  /** Probe-run noise comparisons (only where the suite has no noise at a gradient attack's norm and ε). */
  noise: NoiseComparison[];
}
