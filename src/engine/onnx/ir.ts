/**
 * A small in-memory form of an ONNX model: what the translators write, what the gradient builder
 * reads and extends, and what `encodeModel` turns into ModelProto bytes for ONNX Runtime. Only the
 * parts robustcheck needs are modelled: one graph, default-domain ops, dense tensors.
 */

/** Element types robustcheck's graphs use. */
export type OnnxElementType = 'float32' | 'int64' | 'int32' | 'bool';

/** A dense constant tensor (initializer or tensor attribute). */
export interface OnnxTensor {
  type: OnnxElementType;
  dims: number[];
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** An attribute value, tagged with its ONNX type. */
export type OnnxAttribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'tensor'; value: OnnxTensor };

/** One node. `inputs` may hold `''` for an omitted optional input, as in ONNX. */
export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
  /** Empty for the default (`ai.onnx`) domain. */
  domain: string;
}

/** A graph input or output: name, element type and shape (a string names a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  shape: Array<number | string>;
}

/** One ONNX graph with its opset. */
export interface OnnxGraph {
  /** Default-domain opset version the nodes follow. */
  opset: number;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** The symbolic batch dimension's name in every graph robustcheck writes. */
export const batchDim = 'N';

/** Opset of the graphs robustcheck writes (ReduceMean/ReduceMax still take `axes` attributes at 17). */
export const writtenOpset = 17;

export const int = (value: number): OnnxAttribute => ({ kind: 'int', value });
export const float = (value: number): OnnxAttribute => ({ kind: 'float', value });
export const ints = (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value: [...value] });
export const floats = (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value: [...value] });
export const str = (value: string): OnnxAttribute => ({ kind: 'string', value });

/** A float32 tensor from numbers. */
export function floatTensor(dims: readonly number[], data: ArrayLike<number>): OnnxTensor {
  return { type: 'float32', dims: [...dims], data: Float32Array.from(data) };
}

/** An int64 tensor from safe integers (shape vectors, axes, pads). */
export function int64Tensor(dims: readonly number[], data: readonly number[]): OnnxTensor {
  return { type: 'int64', dims: [...dims], data: BigInt64Array.from(data.map((value) => BigInt(value))) };
}

/** Element count of a shape. */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** Reads an integer attribute, or `fallback`. */
export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const attribute = node.attributes[name];
  return attribute?.kind === 'int' ? attribute.value : fallback;
}

/** Reads a float attribute, or `fallback`. */
export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const attribute = node.attributes[name];
  return attribute?.kind === 'float' ? attribute.value : attribute?.kind === 'int' ? attribute.value : fallback;
}

/** Reads an integer-list attribute, or `undefined`. */
export function intsAttr(node: OnnxNode, name: string): number[] | undefined {
  const attribute = node.attributes[name];
  return attribute?.kind === 'ints' ? [...attribute.value] : undefined;
}

/** Reads a string attribute, or `fallback`. */
export function stringAttr(node: OnnxNode, name: string, fallback: string): string {
  const attribute = node.attributes[name];
  return attribute?.kind === 'string' ? attribute.value : fallback;
}
