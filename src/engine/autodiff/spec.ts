/** Losses the gradient graph computes; `cotangent` is the generic vector–Jacobian product. */
export type GradientLoss = 'ce' | 'margin' | 'dlr' | 'cotangent';

/** How the model's raw output is read (as `src/model/output-kind.ts` does for tfjs). */
export type GraphOutputKind = 'logits' | 'probabilities' | 'sigmoid';

/** What {@link buildGradientGraph} differentiates. */
export interface GradientSpec {
  loss: GradientLoss;
  /** Targeted attack: feeds `targets` and ascends the negated loss of the target (ignored for `cotangent`). */
  targeted: boolean;
  outputKind: GraphOutputKind;
}

/** Names of the gradient graph's feeds and fetches. */
export const gradientGraphNames = {
  input: 'x',
  labels: 'labels',
  targets: 'targets',
  cotangent: 'cotangent',
  logits: 'logits',
  loss: 'loss',
  gradient: 'gradient',
  raw: 'raw',
} as const;

/**
 * Thrown when an op on the path from the input to the output has no gradient rule (or uses a
 * form of the op the rules do not cover). `ops` lists the op types, for the engine choice and
 * the exit-2 message.
 */
export class UnsupportedOpsError extends Error {
  readonly ops: string[];
  constructor(ops: string[], detail?: string) {
    super(`no input gradient for ONNX op${ops.length === 1 ? '' : 's'} ${ops.join(', ')}${detail ? `: ${detail}` : ''}`);
    this.name = 'UnsupportedOpsError';
    this.ops = ops;
  }
}

/** Thrown for a forward graph the gradient builder cannot take (several inputs/outputs, dynamic sample shape). */
export class GradientGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradientGraphError';
  }
}
