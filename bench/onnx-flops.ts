import { probeBatch, probeShapes } from '../src/engine/autodiff/probe.js';
import { intAttr, type OnnxGraph } from '../src/engine/onnx/ir.js';

/**
 * Multiply-add FLOPs (2 per MAC) of one forward pass per sample of an ONNX graph, counted as
 * `flops.ts` counts LayersModels: Conv (2·outH·outW·kh·kw·Cin/group·Cout) and Gemm/MatMul
 * (2·K·N per row); pooling, activations and element-wise ops are not counted. Shapes come from a
 * probe run in ONNX Runtime, so converted GraphModels and imported files are counted alike.
 */
export function onnxForwardFlopsPerSample(graph: OnnxGraph): number {
  const input = graph.inputs[0]!;
  const sample = input.shape.slice(1).map(Number);
  const size = sample.reduce((product, dim) => product * dim, 1);
  const shapes = probeShapes(graph, (batch) => ({ [input.name]: { data: new Float32Array(batch * size).fill(0.5), dims: [batch, ...sample] } }));
  const dims = (name: string): number[] | undefined => shapes.get(name)?.dims ?? graph.initializers.get(name)?.dims;
  let flops = 0;
  for (const node of graph.nodes) {
    const out = dims(node.outputs[0] ?? '');
    if (!out) continue;
    if (node.op === 'Conv') {
      const weight = dims(node.inputs[1] ?? '');
      if (!weight) continue;
      const [cout, cinPerGroup, ...kernel] = weight;
      const spatial = out.slice(2).reduce((product, dim) => product * dim, 1);
      flops += 2 * spatial * cout! * cinPerGroup! * kernel.reduce((product, dim) => product * dim, 1);
    } else if (node.op === 'Gemm' || node.op === 'MatMul') {
      const a = dims(node.inputs[0] ?? '');
      if (!a) continue;
      const k = node.op === 'Gemm' && intAttr(node, 'transA', 0) === 1 ? a[0]! : a.at(-1)!;
      const rows = out.slice(0, -1).reduce((product, dim) => product * dim, 1) / probeBatch;
      flops += 2 * rows * k * out.at(-1)!;
    }
  }
  return flops;
}
