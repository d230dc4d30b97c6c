import onnxProto from 'onnx-proto';
import { InputError } from '../../errors.js';
import type {
  OnnxAttribute, OnnxElementType, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo,
} from './ir.js';

const { onnx } = onnxProto;
type Long = { low: number; high: number; unsigned?: boolean; toNumber?: () => number };

const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

const elementCodes: Record<OnnxElementType, number> = {
  float32: DataType.FLOAT, int64: DataType.INT64, int32: DataType.INT32, bool: DataType.BOOL,
};

/** ONNX IR version written: 8 (ONNX 1.10+), which every supported ONNX Runtime reads. */
const irVersion = 8;

function tensorProto(name: string, tensor: OnnxTensor): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return { name, dims: tensor.dims, dataType: elementCodes[tensor.type], rawData: bytes };
}

function valueInfoProto(value: OnnxValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: elementCodes[value.type],
        shape: { dim: value.shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

function attributeProto(name: string, attribute: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  switch (attribute.kind) {
    case 'int': return { name, type: AttributeType.INT, i: attribute.value };
    case 'float': return { name, type: AttributeType.FLOAT, f: attribute.value };
    case 'string': return { name, type: AttributeType.STRING, s: new TextEncoder().encode(attribute.value) };
    case 'ints': return { name, type: AttributeType.INTS, ints: attribute.value };
    case 'floats': return { name, type: AttributeType.FLOATS, floats: attribute.value };
    case 'tensor': return { name, type: AttributeType.TENSOR, t: tensorProto('', attribute.value) };
  }
}

/** Serialises a graph as ONNX ModelProto bytes (IR 8, the graph's default-domain opset). */
export function encodeModel(graph: OnnxGraph, producer = 'robustcheck'): Uint8Array {
  const model: onnxProto.onnx.IModelProto = {
    irVersion,
    producerName: producer,
    opsetImport: [{ domain: '', version: graph.opset }],
    graph: {
      name: 'robustcheck',
      node: graph.nodes.map((node) => ({
        opType: node.op,
        name: node.name,
        input: node.inputs,
        output: node.outputs,
        domain: node.domain,
        attribute: Object.entries(node.attributes).map(([name, value]) => attributeProto(name, value)),
      })),
      initializer: [...graph.initializers].map(([name, tensor]) => tensorProto(name, tensor)),
      input: graph.inputs.map(valueInfoProto),
      output: graph.outputs.map(valueInfoProto),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

function toNumber(value: number | Long): number {
  if (typeof value === 'number') return value;
  if (typeof value.toNumber === 'function') return value.toNumber();
  return value.high * 2 ** 32 + (value.low >>> 0);
}

function elementType(code: number, where: string): OnnxElementType {
  const found = (Object.entries(elementCodes) as Array<[OnnxElementType, number]>).find(([, value]) => value === code);
  if (found) return found[0];
  if (code === DataType.FLOAT16 || code === DataType.DOUBLE) return 'float32';
  throw new OnnxFormatError(`${where} has element type ${DataType[code] ?? code}; robustcheck reads float32, float16, float64, int64, int32 and bool tensors.`);
}

/** A float16 bit pattern as a number (IEEE 754 half precision). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Thrown for malformed or unsupported ONNX content; the loader turns it into an InputError with the file. */
export class OnnxFormatError extends Error {}

function decodeTensor(proto: onnxProto.onnx.ITensorProto, where: string): OnnxTensor {
  if (proto.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (proto.externalData?.length ?? 0) > 0) {
    throw new OnnxFormatError(`${where} stores its data in an external file; re-export the model with the weights inside the .onnx file.`);
  }
  const code = proto.dataType ?? 0;
  const type = elementType(code, where);
  const dims = (proto.dims ?? []).map((dim) => toNumber(dim as number | Long));
  if (dims.some((dim) => !Number.isSafeInteger(dim) || dim < 0)) throw new OnnxFormatError(`${where} has invalid dimensions [${dims.join(', ')}].`);
  const count = dims.reduce((product, dim) => product * dim, 1);
  const raw = proto.rawData && proto.rawData.length > 0 ? proto.rawData : undefined;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  const width: Record<number, number> = {
    [DataType.FLOAT]: 4, [DataType.FLOAT16]: 2, [DataType.DOUBLE]: 8, [DataType.INT64]: 8, [DataType.INT32]: 4, [DataType.BOOL]: 1,
  };
  const expectedBytes = count * width[code]!;
  if (view && view.byteLength !== expectedBytes) {
    throw new OnnxFormatError(`${where} holds ${view.byteLength} bytes of data but its shape [${dims.join(', ')}] needs ${expectedBytes}.`);
  }
  const listed = (values: ArrayLike<unknown> | null | undefined): ArrayLike<unknown> => {
    const list = values ?? [];
    if (list.length !== count) throw new OnnxFormatError(`${where} holds ${list.length} values but its shape [${dims.join(', ')}] needs ${count}.`);
    return list;
  };
  switch (code) {
    case DataType.FLOAT: {
      if (view) return { type, dims, data: Float32Array.from({ length: count }, (_, index) => view.getFloat32(index * 4, true)) };
      return { type, dims, data: Float32Array.from(listed(proto.floatData) as ArrayLike<number>) };
    }
    case DataType.FLOAT16: {
      // float16 weights are widened once here: the graph computes in float32 (dequantisation folded in).
      const bits = view ? Array.from({ length: count }, (_, index) => view.getUint16(index * 2, true)) : Array.from(listed(proto.int32Data) as ArrayLike<number>);
      return { type, dims, data: Float32Array.from(bits, halfToFloat) };
    }
    case DataType.DOUBLE: {
      if (view) return { type, dims, data: Float32Array.from({ length: count }, (_, index) => view.getFloat64(index * 8, true)) };
      return { type, dims, data: Float32Array.from(listed(proto.doubleData) as ArrayLike<number>) };
    }
    case DataType.INT64: {
      if (view) return { type, dims, data: BigInt64Array.from({ length: count }, (_, index) => view.getBigInt64(index * 8, true)) };
      return { type, dims, data: BigInt64Array.from(Array.from(listed(proto.int64Data) as ArrayLike<number | Long>, (value) => BigInt(toNumber(value)))) };
    }
    case DataType.INT32: {
      if (view) return { type, dims, data: Int32Array.from({ length: count }, (_, index) => view.getInt32(index * 4, true)) };
      return { type, dims, data: Int32Array.from(listed(proto.int32Data) as ArrayLike<number>) };
    }
    default: {
      if (view) return { type, dims, data: Uint8Array.from({ length: count }, (_, index) => view.getUint8(index)) };
      return { type, dims, data: Uint8Array.from(listed(proto.int32Data) as ArrayLike<number>) };
    }
  }
}

function decodeAttribute(proto: onnxProto.onnx.IAttributeProto, where: string): OnnxAttribute | undefined {
  switch (proto.type) {
    case AttributeType.INT: return { kind: 'int', value: toNumber((proto.i ?? 0) as number | Long) };
    case AttributeType.FLOAT: return { kind: 'float', value: proto.f ?? 0 };
    case AttributeType.STRING: return { kind: 'string', value: new TextDecoder().decode(proto.s ?? new Uint8Array()) };
    case AttributeType.INTS: return { kind: 'ints', value: (proto.ints ?? []).map((value) => toNumber(value as number | Long)) };
    case AttributeType.FLOATS: return { kind: 'floats', value: [...(proto.floats ?? [])] };
    case AttributeType.TENSOR: return { kind: 'tensor', value: decodeTensor(proto.t ?? {}, `${where} attribute "${proto.name}"`) };
    case AttributeType.GRAPH: case AttributeType.GRAPHS:
      throw new OnnxFormatError(`${where} has a subgraph attribute "${proto.name}" (control flow); robustcheck translates feed-forward classifiers only.`);
    default: return undefined;
  }
}

function decodeValueInfo(proto: onnxProto.onnx.IValueInfoProto, where: string): OnnxValueInfo {
  const tensorType = proto.type?.tensorType;
  if (!tensorType) throw new OnnxFormatError(`${where} "${proto.name}" is not a tensor.`);
  const shape = (tensorType.shape?.dim ?? []).map((dim) => (dim.dimParam ? dim.dimParam : dim.dimValue !== undefined && dim.dimValue !== null ? toNumber(dim.dimValue as number | Long) : '?'));
  return { name: proto.name ?? '', type: elementType(tensorType.elemType ?? 0, `${where} "${proto.name}"`), shape };
}

/**
 * Parses ONNX ModelProto bytes into an {@link OnnxGraph}. Float16 and float64 initializers are
 * widened to float32; external data, subgraphs and non-default op domains are refused.
 *
 * @throws OnnxFormatError for bytes that are not a model, or content robustcheck cannot take
 */
export function decodeModel(bytes: Uint8Array): OnnxGraph {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new OnnxFormatError(`it is not a valid ONNX protobuf (${error instanceof Error ? error.message : String(error)}).`);
  }
  const graph = model.graph;
  // Protobuf skips unknown fields, so arbitrary bytes often decode as an empty ModelProto.
  if (!model.irVersion && (model.opsetImport ?? []).length === 0 && !graph) throw new OnnxFormatError('it is not an ONNX model (no IR version, opset or graph in the file).');
  if (!graph || (graph.node ?? []).length === 0) throw new OnnxFormatError('it holds no graph (no nodes).');
  const opset = (model.opsetImport ?? []).find((entry) => !entry.domain || entry.domain === 'ai.onnx');
  const nodes: OnnxNode[] = (graph.node ?? []).map((proto, index) => {
    const where = `node "${proto.name || index}" (${proto.opType})`;
    if (proto.domain && proto.domain !== 'ai.onnx') throw new OnnxFormatError(`${where} is in op domain "${proto.domain}"; robustcheck translates standard ONNX ops only.`);
    const attributes: Record<string, OnnxAttribute> = Object.create(null) as Record<string, OnnxAttribute>;
    for (const attribute of proto.attribute ?? []) {
      const value = decodeAttribute(attribute, where);
      if (value && attribute.name) attributes[attribute.name] = value;
    }
    return { op: proto.opType ?? '', name: proto.name || `node_${index}`, inputs: [...(proto.input ?? [])], outputs: [...(proto.output ?? [])], attributes, domain: '' };
  });
  const initializers = new Map<string, OnnxTensor>();
  for (const proto of graph.initializer ?? []) initializers.set(proto.name ?? '', decodeTensor(proto, `initializer "${proto.name}"`));
  const inputs = (graph.input ?? []).filter((value) => !initializers.has(value.name ?? '')).map((value) => decodeValueInfo(value, 'input'));
  const outputs = (graph.output ?? []).map((value) => decodeValueInfo(value, 'output'));
  return { opset: toNumber((opset?.version ?? 0) as number | Long), nodes, initializers, inputs, outputs };
}
