import { int, intAttr, ints, intsAttr } from '../../onnx/ir.js';
import { UnsupportedOpsError } from '../spec.js';
import { outputPadding, windowGeometry, type WindowGeometry } from './conv-geometry.js';
import { single, type VjpRule } from './rule.js';

/**
 * AveragePool: dy divided by each window's divisor, spread back over the window by a grouped
 * ConvTranspose with a kernel of ones. The divisor is the kernel size, or with
 * count_include_pad = 0 the number of in-bounds positions of that window (a constant map); under
 * the `tfjs` border convention always the kernel size, as tfjs-cpu's AvgPoolGrad.
 */
export const averagePoolRule: VjpRule = (node, dys, ctx) => {
  const x = node.inputs[0]!;
  const y = node.outputs[0]!;
  const xDims = ctx.dims(x);
  const inSpatial = xDims.slice(2);
  const outSpatial = ctx.dims(y).slice(2);
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel) throw new UnsupportedOpsError(['AveragePool'], 'no kernel_shape');
  const geometry = windowGeometry(node, kernel, inSpatial, outSpatial);
  const padding = outputPadding(geometry, inSpatial, outSpatial);
  if (padding.some((pad) => pad < 0)) throw new UnsupportedOpsError(['AveragePool'], 'ceil_mode windows past the input');
  const includePad = intAttr(node, 'count_include_pad', 0) === 1;
  const divisors = ctx.conventions.averagePoolBorders === 'tfjs'
    ? [kernel.reduce((product, size) => product * size, 1)]
    : windowDivisors(geometry, inSpatial, outSpatial, includePad);
  const uniform = divisors.every((divisor) => divisor === divisors[0]);
  const scaled = uniform
    ? ctx.mul(single(dys), ctx.scalar(1 / divisors[0]!))
    : ctx.mul(single(dys), ctx.floats([1, 1, ...outSpatial], divisors.map((divisor) => 1 / divisor), 'grad_avgpool_scale'));
  const channels = xDims[1]!;
  const window = kernel.reduce((product, size) => product * size, 1);
  const ones = ctx.floats([channels, 1, ...kernel], new Float32Array(channels * window).fill(1), 'grad_avgpool_ones');
  const grads: Array<string | undefined> = node.inputs.map(() => undefined);
  grads[0] = ctx.node('ConvTranspose', [scaled, ones], {
    strides: ints(geometry.strides), dilations: ints(geometry.dilations), group: int(channels), kernel_shape: ints(kernel),
    pads: ints([...geometry.begin, ...geometry.end]), output_padding: ints(padding),
  }, 'grad_avgpool');
  return grads;
};

/** Divisor of every output position, row-major. */
function windowDivisors(geometry: WindowGeometry, inSpatial: number[], outSpatial: number[], includePad: boolean): number[] {
  const perAxis = outSpatial.map((size, axis) => Array.from({ length: size }, (_, position) => {
    const start = position * geometry.strides[axis]! - geometry.begin[axis]!;
    let count = 0;
    for (let k = 0; k < geometry.kernel[axis]!; k++) {
      const at = start + k * geometry.dilations[axis]!;
      const low = includePad ? -geometry.begin[axis]! : 0;
      const high = includePad ? inSpatial[axis]! + geometry.end[axis]! : inSpatial[axis]!;
      if (at >= low && at < high) count++;
    }
    return count;
  }));
  let divisors: number[] = [1];
  for (const counts of perAxis) divisors = divisors.flatMap((prefix) => counts.map((count) => prefix * count));
  return divisors;
}
