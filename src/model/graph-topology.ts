import { InputError } from '../errors.js';

/** One GraphDef node as robustcheck reads it (after {@link checkGraphTopology}). */
export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

/** A signature entry: `{ name: "x:0", dtype, tensorShape }`. */
export interface SignatureTensor {
  name: string;
  tensorShape?: { dim?: Array<{ size?: string | number }>; unknownRank?: boolean };
}

/** A GraphModel signature: keys (what callers pass) to tensors in the graph. */
export interface GraphSignature {
  inputs?: Record<string, SignatureTensor>;
  outputs?: Record<string, SignatureTensor>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"^name"`, `"name:1"`, `"name:output:0"` → `"name"`. */
export function nodeNameOf(reference: string): string {
  const plain = reference.startsWith('^') ? reference.slice(1) : reference;
  const colon = plain.indexOf(':');
  return colon === -1 ? plain : plain.slice(0, colon);
}

/**
 * Checks a GraphDef before tfjs-converter builds it: node names unique and not JavaScript
 * built-in property names (tfjs indexes nodes in plain objects), every input naming an existing
 * node, every `Const` backed by a weight, and signature entries naming tensors. tfjs-converter
 * itself would crash with a TypeError on each of these.
 *
 * @param weightNames - names in the weights manifest
 * @param displayPath - model.json path for messages
 * @returns the nodes by name
 * @throws InputError `MODEL_GRAPH` naming the node.
 */
export function checkGraphTopology(
  topology: Record<string, unknown>,
  signature: unknown,
  weightNames: ReadonlySet<string>,
  displayPath: string,
): Map<string, GraphNodeDef> {
  const fail = (message: string): never => {
    throw new InputError('MODEL_GRAPH', `Model file "${displayPath}": ${message} The GraphModel is corrupt; re-convert it with tensorflowjs_converter.`);
  };
  const nodes = new Map<string, GraphNodeDef>();
  const list = Array.isArray(topology.node) ? topology.node : [];
  list.forEach((node: unknown, index) => {
    const at = `modelTopology.node[${index}]`;
    if (!isRecord(node) || typeof node.name !== 'string' || node.name === '' || typeof node.op !== 'string' || node.op === '') {
      fail(`${at} needs a non-empty "name" and "op".`);
    }
    const { name, op } = node as unknown as GraphNodeDef;
    if (name in Object.prototype || op in Object.prototype) fail(`${at} uses the reserved name ${JSON.stringify(name in Object.prototype ? name : op)}.`);
    if (nodes.has(name)) fail(`${at} repeats the node name "${name}".`);
    const input = (node as Record<string, unknown>).input;
    if (input !== undefined && !(Array.isArray(input) && input.every((entry) => typeof entry === 'string'))) fail(`${at} ("${name}") has a malformed "input" list.`);
    const attr = (node as Record<string, unknown>).attr;
    if (attr !== undefined && !isRecord(attr)) fail(`${at} ("${name}") has a malformed "attr".`);
    nodes.set(name, node as unknown as GraphNodeDef);
  });
  if (nodes.size === 0) fail('modelTopology.node is empty.');
  for (const node of nodes.values()) {
    for (const reference of node.input ?? []) {
      if (!nodes.has(nodeNameOf(reference))) fail(`node "${node.name}" reads "${reference}", which is not a node of the graph.`);
    }
    if (node.op === 'Const' && !weightNames.has(node.name)) fail(`Const node "${node.name}" has no weight in weightsManifest.`);
  }
  const library = topology.library;
  if (isRecord(library) && Array.isArray(library.function) && library.function.length > 0) {
    throw new InputError('MODEL_UNSUPPORTED_OP',
      `Model file "${displayPath}" has graph functions (control flow such as while/if), which only tfjs's executeAsync runs, and executeAsync has no gradients. ` +
      'Export the model without control flow.');
  }
  checkSignature(signature, fail);
  return nodes;
}

function checkSignature(signature: unknown, fail: (message: string) => never): void {
  if (signature === undefined || signature === null) return;
  if (!isRecord(signature)) fail('"signature" is not an object.');
  for (const side of ['inputs', 'outputs'] as const) {
    const entries = (signature as Record<string, unknown>)[side];
    if (entries === undefined) continue;
    if (!isRecord(entries)) fail(`signature.${side} is not an object.`);
    for (const [key, entry] of Object.entries(entries as Record<string, unknown>)) {
      if (key in Object.prototype) fail(`signature.${side} uses the reserved key "${key}".`);
      if (!isRecord(entry) || typeof entry.name !== 'string') fail(`signature.${side}.${key} has no tensor "name".`);
    }
  }
}

/** The signature tfjs-converter uses: `userDefinedMetadata.signature` wins over `signature`. */
export function effectiveSignature(json: { signature?: unknown; userDefinedMetadata?: unknown }): unknown {
  const metadata = json.userDefinedMetadata;
  if (isRecord(metadata) && metadata.signature !== undefined && metadata.signature !== null) return metadata.signature;
  return json.signature;
}
