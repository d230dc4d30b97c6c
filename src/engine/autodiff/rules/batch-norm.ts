import { floatAttr } from '../../onnx/ir.js';
import { UnsupportedOpsError } from '../spec.js';
import { single, type VjpRule } from './rule.js';

/**
 * BatchNormalization in inference mode, y = (x − mean)·scale/√(var + ε) + bias: ∂x = dy·scale/√(var + ε)
 * per channel (axis 1); the factor is built from the constants and folded by ONNX Runtime.
 */
export const batchNormRule: VjpRule = (node, dys, ctx) => {
  const [x, scale, , , variance] = node.inputs as [string, string, string, string, string];
  if (node.outputs.filter(Boolean).length > 1) throw new UnsupportedOpsError(['BatchNormalization'], 'training mode');
  if (node.inputs.slice(1).some((name) => ctx.isActive(name))) throw new UnsupportedOpsError(['BatchNormalization'], 'statistics computed from the input');
  const epsilon = floatAttr(node, 'epsilon', 1e-5);
  const factor = ctx.div(scale, ctx.node('Sqrt', [ctx.add(variance, ctx.scalar(epsilon))]));
  const trailing = Array.from({ length: ctx.rank(x) - 2 }, (_, index) => index + 1);
  const perChannel = trailing.length > 0 ? ctx.unsqueeze(factor, trailing) : factor;
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.mul(single(dys), perChannel);
  return grads;
};
