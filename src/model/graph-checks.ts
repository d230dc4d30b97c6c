import { InputError } from '../errors.js';
import type { GraphNodeDef, SignatureTensor } from './graph-topology.js';
import { nodeNameOf } from './graph-topology.js';

/**
 * A node on a cycle of the graph (data or control edges), or undefined for a DAG. tfjs-converter
 * orders nodes topologically and loops forever or overflows its stack on a cycle; only TF1 control
 * flow (executeAsync, no gradients) has legitimate back edges. Iterative, so a deep graph cannot
 * overflow the stack here either.
 */
export function findCycleNode(nodes: ReadonlyMap<string, GraphNodeDef>): string | undefined {
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = finished
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const inputs = nodes.get(top.name)?.input ?? [];
      if (top.next >= inputs.length) {
        state.set(top.name, 2);
        stack.pop();
        continue;
      }
      const source = nodeNameOf(inputs[top.next++]!);
      const seen = state.get(source);
      if (seen === 1) return source;
      if (seen === undefined && nodes.has(source)) {
        state.set(source, 1);
        stack.push({ name: source, next: 0 });
      }
    }
  }
  return undefined;
}

/** Refuses a graph with a cycle or self-loop, naming a node on it (`MODEL_GRAPH`, exit 2). */
export function refuseCycles(nodes: ReadonlyMap<string, GraphNodeDef>, displayPath: string): void {
  const node = findCycleNode(nodes);
  if (node === undefined) return;
  const self = nodes.get(node)?.input?.some((reference) => nodeNameOf(reference) === node);
  throw new InputError('MODEL_GRAPH',
    `Model file "${displayPath}": node "${node}" (op ${nodes.get(node)?.op}) ${self ? 'reads its own output (a self-loop)' : 'is on a cycle of the graph'}; ` +
    'a model robustcheck can evaluate is a directed acyclic graph. The GraphModel is corrupt or uses TF1 control flow; re-convert it with tensorflowjs_converter.');
}

/** TensorFlow dtypes robustcheck can feed: attacks move inputs continuously, in float32. */
const floatTypes = new Set(['DT_FLOAT', 'DT_HALF', 'DT_BFLOAT16', 'DT_DOUBLE', 'float32', 'float16', 'float64']);

/**
 * Refuses a model input whose declared dtype is not floating point (int32, uint8, bool, string):
 * feeding it float data would be evaluated silently on values it never sees in deployment, and
 * an ε-perturbation of an integer input is meaningless (`MODEL_INPUT_DTYPE`, exit 2).
 *
 * @param dtype - the input's declared dtype (`DT_INT32` or `int32`), undefined when not declared
 */
export function refuseNonFloatInput(dtype: string | undefined, inputName: string, displayPath: string): void {
  if (dtype === undefined || floatTypes.has(dtype)) return;
  throw new InputError('MODEL_INPUT_DTYPE',
    `Model "${displayPath}": input "${inputName}" has dtype ${dtype}, but robustcheck feeds float32 inputs and perturbs them continuously. ` +
    'Evaluate a model whose input is float (put any quantisation or casting inside the model), or export it with a float32 input.');
}

/** The declared dtype of a GraphModel input: the placeholder's `dtype` attr, else the signature's. */
export function graphInputDtype(node: GraphNodeDef, entry: SignatureTensor | undefined): string | undefined {
  const attr = node.attr?.dtype as { type?: unknown } | undefined;
  if (typeof attr?.type === 'string') return attr.type;
  const declared = (entry as { dtype?: unknown } | undefined)?.dtype;
  return typeof declared === 'string' ? declared : undefined;
}
