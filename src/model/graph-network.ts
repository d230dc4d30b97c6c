import { graphInputDtype, refuseCycles, refuseNonFloatInput } from './graph-checks.js';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import {
  checkGraphTopology, effectiveSignature, nodeNameOf,
  type GraphNodeDef, type GraphSignature, type SignatureTensor,
} from './graph-topology.js';
import type { ModelJson } from './model-json.js';
import { sampleShape, type Network } from './network.js';
import type { OutputActivation } from './output-kind.js';
import { rewriteTfjsError } from './tfjs-errors.js';

/** Which tensors to feed and fetch; default: the graph's only input and output. */
export interface GraphEndpoints {
  inputName?: string;
  outputName?: string;
}

/** Ops that pass their first input through unchanged; looked through to find the output activation. */
const passThroughOps = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot']);

type Side = 'inputs' | 'outputs';

/**
 * Picks the feed or fetch name: the suite's, checked to name a signature key or a node, or the
 * graph's only one. Returns the name to pass to tfjs and the node it refers to.
 */
function pickEndpoint(
  side: Side, requested: string | undefined, available: string[], signature: GraphSignature,
  nodes: Map<string, GraphNodeDef>, displayPath: string,
): { name: string; node: GraphNodeDef; entry?: SignatureTensor } {
  const field = side === 'inputs' ? 'model.inputName' : 'model.outputName';
  const listed = available.map((name) => `"${name}"`).join(', ');
  if (requested === undefined && available.length !== 1) {
    throw new InputError(side === 'inputs' ? 'MODEL_INPUT' : 'MODEL_OUTPUT',
      `GraphModel "${displayPath}" has ${available.length} ${side} (${listed || 'none'}). Set ${field} to the one to use.`);
  }
  const name = requested ?? available[0]!;
  const entries = signature[side] ?? {};
  const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
  const node = nodes.get(nodeNameOf(entry?.name ?? name));
  if (node === undefined) {
    throw new InputError('MODEL_NODE_NAME', `${field} "${name}" is neither a signature key nor a node of GraphModel "${displayPath}". Its ${side}: ${listed}.`);
  }
  return { name, node, entry };
}

/** Batched input shape from the Placeholder's `shape` attr, else the signature's tensorShape. */
function declaredInputShape(node: GraphNodeDef, entry: SignatureTensor | undefined): Array<number | null> | undefined {
  const attrShape = (node.attr?.shape as { shape?: SignatureTensor['tensorShape'] } | undefined)?.shape;
  for (const shape of [attrShape, entry?.tensorShape]) {
    if (shape === undefined || shape.unknownRank || !Array.isArray(shape.dim)) continue;
    return shape.dim.map((dim) => {
      const size = Number(dim?.size ?? -1);
      return Number.isFinite(size) && size >= 0 ? size : null;
    });
  }
  return undefined;
}

function findOutputActivation(node: GraphNodeDef, nodes: Map<string, GraphNodeDef>): OutputActivation {
  let current = node;
  for (let hops = 0; passThroughOps.has(current.op) && hops < nodes.size; hops++) {
    const source = nodes.get(nodeNameOf(current.input?.[0] ?? ''));
    if (source === undefined) break;
    current = source;
  }
  const where = `output node "${current.name}" (op ${current.op})`;
  if (current.op === 'Softmax') return { activation: 'softmax', where };
  if (current.op === 'Sigmoid') return { activation: 'sigmoid', where };
  return { activation: 'other', where };
}

/**
 * Builds a tfjs GraphModel from checked artifacts. The GraphDef is checked first (tfjs-converter
 * crashes on dangling inputs and indexes nodes in plain objects). Forward passes use
 * `execute()`, not `executeAsync()`: only `execute` records gradients.
 *
 * @throws InputError `MODEL_GRAPH`, `MODEL_UNSUPPORTED_OP`, `MODEL_TOPOLOGY`, `MODEL_INPUT`,
 *   `MODEL_OUTPUT`, `MODEL_NODE_NAME`, `MODEL_INPUT_SHAPE`
 */
export async function loadGraphNetwork(artifacts: tf.io.ModelArtifacts, json: ModelJson, endpoints: GraphEndpoints, displayPath: string): Promise<Network> {
  const topology = artifacts.modelTopology as Record<string, unknown>;
  const rawSignature = effectiveSignature(json);
  const weightNames = new Set((artifacts.weightSpecs ?? []).map((spec) => spec.name));
  const nodes = checkGraphTopology(topology, rawSignature, weightNames, displayPath);
  refuseCycles(nodes, displayPath);
  const signature = (rawSignature ?? {}) as GraphSignature;
  let model: tf.GraphModel;
  try {
    // tfjs-converter reads `versions.producer` unconditionally; hand-written GraphDefs may omit it.
    const withVersions = { ...topology, versions: topology.versions ?? {} };
    model = await tf.loadGraphModel(tf.io.fromMemory({ ...artifacts, modelTopology: withVersions }));
  } catch (error) {
    throw rewriteTfjsError(error, displayPath, 'build');
  }
  try {
    const input = pickEndpoint('inputs', endpoints.inputName, model.inputNodes, signature, nodes, displayPath);
    const output = pickEndpoint('outputs', endpoints.outputName, model.outputNodes, signature, nodes, displayPath);
    refuseNonFloatInput(graphInputDtype(input.node, input.entry), input.name, displayPath);
    const batched = declaredInputShape(input.node, input.entry);
    if (batched === undefined) {
      throw new InputError('MODEL_INPUT_SHAPE', `GraphModel "${displayPath}" does not declare the shape of input "${input.name}". Re-convert it with a fixed input shape.`);
    }
    const inputShape = sampleShape(batched, displayPath, true);
    return {
      format: 'graph',
      source: { kind: 'graph', model, nodes: [...nodes.values()], inputName: input.name, outputName: output.name, signature },
      inputShape,
      outputActivation: findOutputActivation(output.node, nodes),
      forward: (x) => model.execute({ [input.name]: x }, output.name) as tf.Tensor,
      dispose: () => model.dispose(),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
