/** TF padding of one spatial axis: where it starts and ends, and the output size. */
export interface AxisPadding {
  begin: number;
  end: number;
  out: number;
}

/** How a window op pads: TF's `SAME`/`VALID`, or explicit `[top, bottom, left, right]`. */
export type PaddingSpec = 'SAME' | 'VALID' | { explicit: [number, number, number, number] };

/**
 * Padding and output size of one spatial axis, as TF computes them. SAME: out = ceil(in/s),
 * total = max((out−1)·s + (k−1)·d + 1 − in, 0), begin = floor(total/2) (the extra cell goes at
 * the end, which ONNX's symmetric auto_pad would not guarantee, so pads are always written out).
 */
export function axisPadding(size: number, kernel: number, stride: number, dilation: number, padding: PaddingSpec, axis: 0 | 1): AxisPadding {
  const extent = (kernel - 1) * dilation + 1;
  if (padding === 'SAME') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + extent - size, 0);
    const begin = Math.floor(total / 2);
    return { begin, end: total - begin, out };
  }
  const [begin, end] = padding === 'VALID' ? [0, 0] : [padding.explicit[axis * 2]!, padding.explicit[axis * 2 + 1]!];
  const out = Math.floor((size + begin + end - extent) / stride) + 1;
  if (out < 1) throw new Error(`window of ${extent} does not fit an axis of ${size} (padding ${begin}+${end})`);
  return { begin, end, out };
}

/** Padding of both spatial axes: ONNX `pads` `[top, left, bottom, right]` and the output size. */
export function spatialPadding(
  size: readonly [number, number], kernel: readonly [number, number], strides: readonly [number, number],
  dilations: readonly [number, number], padding: PaddingSpec,
): { pads: number[]; out: [number, number] } {
  const h = axisPadding(size[0], kernel[0], strides[0], dilations[0], padding, 0);
  const w = axisPadding(size[1], kernel[1], strides[1], dilations[1], padding, 1);
  return { pads: [h.begin, w.begin, h.end, w.end], out: [h.out, w.out] };
}
