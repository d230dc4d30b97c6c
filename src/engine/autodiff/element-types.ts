import type { OnnxElementType, OnnxGraph } from '../onnx/ir.js';

/** Ops whose outputs are integer or boolean whatever their inputs (first output only where noted). */
const int64Outputs = new Set(['Shape', 'Size', 'ArgMax', 'ArgMin', 'NonZero']);
const boolOutputs = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);

/** ONNX `TensorProto.DataType` codes of `Cast`'s `to` attribute that robustcheck's IR can hold. */
const castTargets: Record<number, OnnxElementType> = { 1: 'float32', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float32', 11: 'float32' };

/**
 * Element type of every value of a graph, where it can be told from the graph alone: the probe
 * declares them as outputs, and ONNX Runtime refuses an output whose declared type is wrong.
 * Values of other types (e.g. a `Cast` to uint8) are left out.
 */
export function inferElementTypes(graph: OnnxGraph): Map<string, OnnxElementType> {
  const types = new Map<string, OnnxElementType>();
  for (const value of graph.inputs) types.set(value.name, value.type);
  for (const [name, tensor] of graph.initializers) types.set(name, tensor.type);
  for (const node of graph.nodes) {
    const first = node.inputs.find((name) => name !== '');
    const inherited = first === undefined ? undefined : types.get(first);
    node.outputs.forEach((output, index) => {
      if (output === '') return;
      const type = outputType(node.op, index, node.attributes, inherited, node.inputs.map((name) => types.get(name)));
      if (type) types.set(output, type);
    });
  }
  return types;
}

function outputType(
  op: string, index: number, attributes: OnnxGraph['nodes'][number]['attributes'],
  inherited: OnnxElementType | undefined, inputTypes: Array<OnnxElementType | undefined>,
): OnnxElementType | undefined {
  if (int64Outputs.has(op)) return 'int64';
  if (boolOutputs.has(op)) return 'bool';
  if ((op === 'MaxPool' || op === 'TopK') && index === 1) return 'int64';
  if (op === 'Cast') {
    const to = attributes.to;
    return to?.kind === 'int' ? castTargets[to.value] : undefined;
  }
  if (op === 'Constant') {
    const value = attributes.value;
    if (value?.kind === 'tensor') return value.value.type;
    if (attributes.value_float || attributes.value_floats) return 'float32';
    if (attributes.value_int || attributes.value_ints) return 'int64';
    return undefined;
  }
  if (op === 'ConstantOfShape') {
    const value = attributes.value;
    return value?.kind === 'tensor' ? value.value.type : 'float32';
  }
  if (op === 'OneHot') return inputTypes[2];
  if (op === 'Where') return inputTypes[1];
  return inherited;
}
