import type { OnnxNode } from '../../onnx/ir.js';
import type { GradContext } from '../context.js';

/**
 * A vector–Jacobian product rule: given the gradients flowing into a node's outputs (undefined
 * where none flows), writes forward ONNX ops that compute the gradients of its inputs, and
 * returns them by input position (undefined for inputs that are not differentiated: weights,
 * shapes, anything not on a path from the model input).
 */
export type VjpRule = (node: OnnxNode, dys: ReadonlyArray<string | undefined>, ctx: GradContext) => Array<string | undefined>;

/** The single output gradient of a one-output node (rules are only called when one flows). */
export function single(dys: ReadonlyArray<string | undefined>): string {
  const dy = dys[0];
  if (dy === undefined) throw new Error('gradient graph: rule called without an output gradient');
  return dy;
}

/** `value` for input `index` if the gradient flows into it, else undefined. */
export function onlyActive(node: OnnxNode, ctx: GradContext, grads: Array<(() => string) | undefined>): Array<string | undefined> {
  return grads.map((make, index) => {
    const name = node.inputs[index];
    return make && name && ctx.isActive(name) ? make() : undefined;
  });
}
