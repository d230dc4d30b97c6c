import { floatTensor, int } from '../onnx/ir.js';
import type { GradContext } from './context.js';
import type { GraphOutputKind } from './spec.js';

/** tfjs `minProbability` and `sigmoidEpsilon` of `src/model/output-kind.ts`. */
const minProbability = 1e-12;
const sigmoidEpsilon = 1e-7;

/** `clip(a, low, high)` (bounds are inputs from opset 11). */
function clip(ctx: GradContext, a: string, low: number, high: number): string {
  return ctx.node('Clip', [a, ctx.scalar(low), ctx.scalar(high)], {}, 'clip');
}

/**
 * Writes `outputToLogits` in ONNX: probabilities → log(clip(p, 1e-12, 1)); one sigmoid column p →
 * [0, log p − log(1 − p)] with p clipped to [1e-7, 1 − 1e-7] (tfjs: log1p(−p), here log(1 + (−p)));
 * one logit column z → [0, z]; several logit columns unchanged.
 *
 * @returns the logits value `[N, K]` and K
 */
export function writeLogits(ctx: GradContext, raw: string, kind: GraphOutputKind, units: number): { logits: string; classes: number } {
  if (kind === 'probabilities') return { logits: ctx.node('Log', [clip(ctx, raw, minProbability, 1)], {}, 'log_probabilities'), classes: units };
  if (units !== 1) return { logits: raw, classes: units };
  let logit = raw;
  if (kind === 'sigmoid') {
    const p = clip(ctx, raw, sigmoidEpsilon, 1 - sigmoidEpsilon);
    logit = ctx.sub(ctx.node('Log', [p]), ctx.node('Log', [ctx.add(ctx.scalar(1), ctx.neg(p))]));
  }
  const zeros = ctx.node('ConstantOfShape', [ctx.node('Shape', [logit])], { value: { kind: 'tensor', value: floatTensor([1], [0]) } });
  return { logits: ctx.node('Concat', [zeros, logit], { axis: int(1) }, 'binary_logits'), classes: 2 };
}

/** Adds `Identity(source)` writing the exact value name `name` (a graph output). */
export function exposeAs(ctx: GradContext, source: string, name: string): void {
  ctx.b.addNode({ op: 'Identity', name: ctx.b.fresh(`${name}_node`), inputs: [source], outputs: [name], attributes: {}, domain: '' });
}

