import { intsAttr, stringAttr, type OnnxNode } from '../../onnx/ir.js';
import { UnsupportedOpsError } from '../spec.js';

/** Strides, dilations, explicit pads and kernel of a Conv/Pool node over `spatial` axes. */
export interface WindowGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Pads at the start of each spatial axis. */
  begin: number[];
  /** Pads at the end of each spatial axis. */
  end: number[];
}

/**
 * Resolves a window op's geometry, turning `auto_pad` into explicit pads from the probed input
 * and output sizes (ONNX: SAME_UPPER puts the odd pad at the end, SAME_LOWER at the start).
 */
export function windowGeometry(node: OnnxNode, kernel: number[], inSpatial: number[], outSpatial: number[]): WindowGeometry {
  const spatial = kernel.length;
  const strides = intsAttr(node, 'strides') ?? new Array<number>(spatial).fill(1);
  const dilations = intsAttr(node, 'dilations') ?? new Array<number>(spatial).fill(1);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  let begin: number[];
  let end: number[];
  if (autoPad === 'NOTSET') {
    const pads = intsAttr(node, 'pads') ?? new Array<number>(2 * spatial).fill(0);
    begin = pads.slice(0, spatial);
    end = pads.slice(spatial);
  } else if (autoPad === 'VALID') {
    begin = new Array<number>(spatial).fill(0);
    end = new Array<number>(spatial).fill(0);
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    begin = [];
    end = [];
    for (let axis = 0; axis < spatial; axis++) {
      const extent = (kernel[axis]! - 1) * dilations[axis]! + 1;
      const total = Math.max(0, (outSpatial[axis]! - 1) * strides[axis]! + extent - inSpatial[axis]!);
      const small = Math.floor(total / 2);
      begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
      end.push(autoPad === 'SAME_UPPER' ? total - small : small);
    }
  } else {
    throw new UnsupportedOpsError([node.op], `auto_pad "${autoPad}"`);
  }
  return { kernel, strides, dilations, begin, end };
}

/** Window extent along an axis: (k − 1)·d + 1. */
export function extent(geometry: WindowGeometry, axis: number): number {
  return (geometry.kernel[axis]! - 1) * geometry.dilations[axis]! + 1;
}

/**
 * The transposed op's `output_padding` that makes its output exactly the forward input's size:
 * the rows the forward window never reached (floor division) get zero gradient.
 */
export function outputPadding(geometry: WindowGeometry, inSpatial: number[], outSpatial: number[]): number[] {
  return inSpatial.map((size, axis) => size - ((outSpatial[axis]! - 1) * geometry.strides[axis]! + extent(geometry, axis) - geometry.begin[axis]! - geometry.end[axis]!));
}
