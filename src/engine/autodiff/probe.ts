import onnxProto from 'onnx-proto';
import { encodeModel } from '../onnx/codec.js';
import type { OnnxElementType, OnnxGraph, OnnxTensor } from '../onnx/ir.js';
import { OrtSession, type Feed } from '../ort/ort-session.js';
import { inferElementTypes } from './element-types.js';

const { onnx } = onnxProto;

/** One probed value: its shape at {@link probeBatch}, and which axes follow the batch size. */
export interface ProbedValue {
  type: OnnxElementType;
  dims: number[];
  /** `batchAxes[i]`: axis `i` had different sizes at two batch sizes. */
  batchAxes: boolean[];
  /** Integer values that were identical at both batch sizes (shape vectors computed in the graph). */
  constant?: OnnxTensor;
}

/** Batch sizes of the two probe runs: not 1, so broadcasting over a size-1 axis is never mistaken for the batch. */
export const probeBatch = 2;
const secondBatch = 3;

/** Integer tensors up to this many elements are kept as values (shape vectors, axes, pads). */
const keptValueLimit = 64;

/**
 * Learns every value's static shape by running the graph twice in ONNX Runtime (batch 2 and 3)
 * with every value exposed as an output. This works for imported `.onnx` files whose value
 * infos are missing or symbolic, and tells which axes are the batch.
 *
 * @param feedsAt feeds for a batch size (random input, one-hot labels…)
 */
export function probeShapes(graph: OnnxGraph, feedsAt: (batch: number) => Record<string, Feed>): Map<string, ProbedValue> {
  const types = inferElementTypes(graph);
  const declared = new Set(graph.outputs.map((value) => value.name));
  const exposed: string[] = [];
  for (const node of graph.nodes) {
    for (const name of node.outputs) if (name !== '' && types.has(name) && !declared.has(name)) exposed.push(name);
  }
  const session = new OrtSession(withShapelessOutputs(graph, exposed, types), { threads: 1 });
  try {
    const first = session.run(feedsAt(probeBatch));
    const second = session.run(feedsAt(secondBatch));
    const table = new Map<string, ProbedValue>();
    for (const name of session.outputNames) {
      const a = first[name];
      const b = second[name];
      if (!a || !b) continue;
      const dims = [...a.dims];
      const batchAxes = dims.map((dim, axis) => b.dims[axis] !== dim);
      const type = types.get(name) ?? 'float32';
      const entry: ProbedValue = { type, dims, batchAxes };
      if ((type === 'int64' || type === 'int32') && a.data.length <= keptValueLimit && sameValues(a.data, b.data) && a.dims.length === b.dims.length) {
        entry.constant = { type, dims, data: a.data.slice() as OnnxTensor['data'] };
      }
      table.set(name, entry);
    }
    for (const value of graph.inputs) {
      const feed = feedsAt(probeBatch)[value.name];
      const other = feedsAt(secondBatch)[value.name];
      if (feed && other) table.set(value.name, { type: value.type, dims: [...feed.dims], batchAxes: feed.dims.map((dim, axis) => other.dims[axis] !== dim) });
    }
    return table;
  } finally {
    session.dispose();
  }
}

function sameValues(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * The graph's bytes with `names` added as outputs of unknown shape: the IR's value infos always
 * carry a shape, and a wrong rank would make ONNX Runtime warn or refuse.
 */
function withShapelessOutputs(graph: OnnxGraph, names: string[], types: Map<string, OnnxElementType>): Uint8Array {
  const bytes = encodeModel({ ...graph, outputs: [...graph.outputs, ...names.map((name) => ({ name, type: types.get(name)!, shape: [] }))] });
  const model = onnx.ModelProto.decode(bytes);
  const outputs = model.graph?.output ?? [];
  for (let index = graph.outputs.length; index < outputs.length; index++) {
    const tensorType = outputs[index]?.type?.tensorType;
    if (tensorType) tensorType.shape = null;
  }
  return onnx.ModelProto.encode(model).finish();
}
