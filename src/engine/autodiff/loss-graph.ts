import { int, int64Tensor, floatTensor } from '../onnx/ir.js';
import type { GradContext } from './context.js';
import type { GradientSpec } from './spec.js';

/** Pushes one class far below every other before a max over "the others" (attacks/core/dlr-loss.ts). */
const excluded = 1e9;
/** Keeps the DLR ratio finite (attacks/core/dlr-loss.ts). */
const dlrEpsilon = 1e-12;

/** One-hot feeds of the loss. */
export interface LossFeeds {
  labels?: string;
  targets?: string;
  cotangent?: string;
}

/** Σ over the class axis, one value per sample. */
function rowSum(ctx: GradContext, a: string): string {
  return ctx.reduceSum(a, [1], false);
}

/** Σ_k logits·oneHot: the logit of the marked class. */
function pick(ctx: GradContext, logits: string, oneHot: string): string {
  return rowSum(ctx, ctx.mul(logits, oneHot));
}

/** max_{j≠c} z_j − z_c, as tfjs writes it (subtract 1e9·oneHot, then max). */
function marginOf(ctx: GradContext, logits: string, oneHot: string): string {
  const others = ctx.reduceMax(ctx.sub(logits, ctx.mul(oneHot, ctx.scalar(excluded))), [1], false);
  return ctx.sub(others, pick(ctx, logits, oneHot));
}

/** Softmax cross-entropy of the marked class: −Σ logSoftmax(z)·oneHot. */
function crossEntropy(ctx: GradContext, logits: string, oneHot: string): string {
  return ctx.neg(rowSum(ctx, ctx.mul(ctx.node('LogSoftmax', [logits], { axis: int(1) }), oneHot)));
}

/**
 * The `count` largest logits per row by repeated max-and-mask: the mask is a one-hot of ArgMax
 * (first index on ties, as tfjs), which carries no gradient; the gradient flows through the max.
 */
function largestLogits(ctx: GradContext, logits: string, classes: number, count: number): string[] {
  const depth = ctx.b.constant(int64Tensor([], [classes]), 'classes');
  const onOff = ctx.b.constant(floatTensor([2], [0, 1]), 'one_hot_values');
  const values: string[] = [];
  let rest = logits;
  for (let k = 0; k < count; k++) {
    values.push(ctx.reduceMax(rest, [1], false));
    if (k === count - 1) break;
    const index = ctx.node('ArgMax', [rest], { axis: int(1), keepdims: int(0) });
    const mask = ctx.node('OneHot', [index, depth, onOff], { axis: int(-1) });
    rest = ctx.sub(rest, ctx.mul(mask, ctx.scalar(excluded)));
  }
  return values;
}

/**
 * Writes the per-sample loss `[N]` of `attackLoss`/`dlrLoss` (attacks/core) on `logits [N, K]`,
 * or Σ_k cotangent·logits for the generic vector–Jacobian product.
 */
export function writeLoss(ctx: GradContext, logits: string, classes: number, spec: GradientSpec, feeds: LossFeeds): string {
  if (spec.loss === 'cotangent') return pick(ctx, logits, feeds.cotangent!);
  const labels = feeds.labels!;
  const targets = spec.targeted ? feeds.targets! : undefined;
  if (spec.loss === 'dlr') {
    if (classes < (targets ? 4 : 3)) return targets ? ctx.neg(marginOf(ctx, logits, targets)) : marginOf(ctx, logits, labels);
    const top = largestLogits(ctx, logits, classes, targets ? 4 : 3);
    const [first, , third, fourth] = top as [string, string, string, string | undefined];
    if (targets) {
      const spread = ctx.add(ctx.sub(first, ctx.mul(ctx.add(third, fourth!), ctx.scalar(0.5))), ctx.scalar(dlrEpsilon));
      return ctx.div(ctx.sub(pick(ctx, logits, targets), pick(ctx, logits, labels)), spread);
    }
    return ctx.div(marginOf(ctx, logits, labels), ctx.add(ctx.sub(first, third), ctx.scalar(dlrEpsilon)));
  }
  const oneHot = targets ?? labels;
  const loss = spec.loss === 'ce' ? crossEntropy(ctx, logits, oneHot) : marginOf(ctx, logits, oneHot);
  return targets ? ctx.neg(loss) : loss;
}
