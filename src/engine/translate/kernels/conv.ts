import { int, ints } from '../../onnx/ir.js';
import type { ConvRecord, Emitter } from '../emitter.js';
import { floats, nchw, UnsupportedForm, type ConstValue, type DynValue } from '../values.js';
import { emitActivation, type Activation } from './activation.js';
import { spatialPadding, type PaddingSpec } from './padding.js';

/** A 2-D convolution in TF terms, with what is fused after it. */
export interface ConvSpec {
  /** `conv`: filter HWIO `[kh, kw, in, out]`; `depthwise`: filter `[kh, kw, in, multiplier]`. */
  kind: 'conv' | 'depthwise';
  filter: ConstValue;
  bias?: Float32Array;
  /**
   * Per-output-channel affine folded into the weights (a batch norm after the conv):
   * `y = conv(x)·scale + shift`, applied after the bias.
   */
  affine?: { scale: Float32Array; shift: Float32Array };
  strides: [number, number];
  dilations: [number, number];
  padding: PaddingSpec;
  activation?: Activation;
  label: string;
}

/**
 * ONNX Conv weights `[out, in/group, kh, kw]` from a TF filter. Depthwise output channel
 * `c·multiplier + m` is input channel `c`'s m-th filter, as in TF.
 */
function onnxWeights(spec: ConvSpec): { data: Float32Array; dims: number[]; group: number } {
  const [kh, kw, cin, last] = spec.filter.shape as [number, number, number, number];
  const source = floats(spec.filter);
  const cout = spec.kind === 'conv' ? last : cin * last;
  const perOut = spec.kind === 'conv' ? cin : 1;
  const data = new Float32Array(cout * perOut * kh * kw);
  const depthwise = spec.kind === 'depthwise';
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let c = 0; c < cin; c++) {
        for (let o = 0; o < last; o++) {
          const out = depthwise ? c * last + o : o;
          const inner = depthwise ? 0 : c;
          data[((out * perOut + inner) * kh + y) * kw + x] = source[((y * kw + x) * cin + c) * last + o]!;
        }
      }
    }
  }
  return { data, dims: [cout, perOut, kh, kw], group: spec.kind === 'conv' ? 1 : cin };
}

/**
 * Emits one ONNX Conv (NCHW) for a TF Conv2D/DepthwiseConv2dNative with bias, folded batch norm
 * and activation. SAME padding is computed as TF does and written out explicitly.
 */
export function emitConv(em: Emitter, input: DynValue, spec: ConvSpec): DynValue {
  if (input.shape.length !== 4) throw new UnsupportedForm(spec.label, `input of rank ${input.shape.length}`);
  if (spec.filter.shape.length !== 4) throw new Error(`${spec.label}: filter of rank ${spec.filter.shape.length}`);
  const [, h, w, cin] = input.shape as [number, number, number, number];
  // A zero Pad in front (TF's explicit ZeroPadding before a VALID conv) joins the conv's own pads.
  const padded = em.zeroPads.get(input.name);
  const x = em.toPerm(padded ? padded.source : input, nchw);
  const [kh, kw, fin] = spec.filter.shape as [number, number, number, number];
  if (fin !== cin) throw new Error(`${spec.label}: filter takes ${fin} channels, input has ${cin}`);
  const { data, dims, group } = onnxWeights(spec);
  const cout = dims[0]!;
  const perOut = dims[1]! * kh * kw;
  const bias = new Float32Array(cout);
  if (spec.bias) {
    if (spec.bias.length !== cout) throw new Error(`${spec.label}: bias of ${spec.bias.length} for ${cout} channels`);
    bias.set(spec.bias);
  }
  if (spec.affine) {
    // conv(x)·s + t with s, t per output channel = conv with weights·s and bias·s + t.
    for (let o = 0; o < cout; o++) {
      const scale = spec.affine.scale[o]!;
      for (let k = 0; k < perOut; k++) data[o * perOut + k]! *= scale;
      bias[o] = bias[o]! * scale + spec.affine.shift[o]!;
    }
  }
  const { pads, out } = spatialPadding([h, w], [kh, kw], spec.strides, spec.dilations, spec.padding);
  if (padded) {
    const [top, bottom, left, right] = padded.spatial;
    pads.splice(0, 4, pads[0]! + top, pads[1]! + left, pads[2]! + bottom, pads[3]! + right);
  }
  const attributes = { kernel_shape: ints([kh, kw]), strides: ints(spec.strides), dilations: ints(spec.dilations), pads: ints(pads), group: int(group) };
  const conv = writeConv(em, { input: x.name, weights: data, dims, bias, attributes }, [-1, out[0], out[1], cout]);
  return spec.activation ? emitActivation(em, conv, spec.activation) : conv;
}

function writeConv(em: Emitter, record: ConvRecord, shape: number[]): DynValue {
  const weightsName = record.weightsName ?? em.floatInit(record.dims, record.weights, 'W');
  const inputs = [record.input, weightsName, em.floatInit([record.dims[0]!], record.bias, 'B')];
  const name = em.builder.node('Conv', inputs, record.attributes, 'conv');
  em.convs.set(name, { ...record, weightsName });
  return { kind: 'dyn', name, shape, perm: [...nchw] };
}

/**
 * `x·scale + shift` per output channel folded into the Conv that produced `x` (a new Conv with
 * scaled weights; the old one is pruned when nothing else reads it). Undefined when `x` is not
 * a Conv's output.
 */
export function foldIntoConv(em: Emitter, x: DynValue, scale: Float32Array | undefined, shift: Float32Array | undefined): DynValue | undefined {
  const record = em.convs.get(x.name);
  if (!record) return undefined;
  const cout = record.dims[0]!;
  const perOut = record.weights.length / cout;
  const bias = record.bias.slice();
  for (let o = 0; o < cout; o++) bias[o] = bias[o]! * (scale ? scale[o]! : 1) + (shift ? shift[o]! : 0);
  // A shift alone leaves the weights as they are: the new Conv shares their initializer.
  if (!scale) return writeConv(em, { ...record, bias }, x.shape);
  const weights = record.weights.slice();
  for (let o = 0; o < cout; o++) for (let k = 0; k < perOut; k++) weights[o * perOut + k]! *= scale[o]!;
  return writeConv(em, { ...record, weights, weightsName: undefined, bias }, x.shape);
}

/** Batch-norm statistics to a per-channel affine: s = γ/√(σ²+ε), t = β − μ·s. */
export function batchNormAffine(
  gamma: Float32Array | undefined, beta: Float32Array | undefined, mean: Float32Array, variance: Float32Array, epsilon: number,
): { scale: Float32Array; shift: Float32Array } {
  const channels = mean.length;
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    // Folded in float64; tfjs computes in float32, a difference far below the 1e-4 tolerance.
    const s = (gamma ? gamma[c]! : 1) / Math.sqrt(variance[c]! + epsilon);
    scale[c] = s;
    shift[c] = (beta ? beta[c]! : 0) - mean[c]! * s;
  }
  return { scale, shift };
}
