import type { OnnxGraph, OnnxNode } from '../onnx/ir.js';
import type { GradContext } from './context.js';
import { phaseBlockGradient, type PhaseBlock } from './phase-blocks.js';
import { maxPoolThroughRelu } from './rules/max-pool.js';
import { gradientStops, vjpRules } from './rules/index.js';
import { UnsupportedOpsError } from './spec.js';

/** `Cast` to a float type passes the gradient through; to anything else it stops it. */
function isStop(node: OnnxNode): boolean {
  if (node.op === 'Cast') {
    const to = node.attributes.to;
    return !(to?.kind === 'int' && (to.value === 1 || to.value === 10 || to.value === 11));
  }
  return gradientStops.has(node.op);
}

/** Values that depend differentiably on `input` (forward reachability through non-stop nodes). */
export function activeValues(nodes: readonly OnnxNode[], input: string): Set<string> {
  const active = new Set([input]);
  for (const node of nodes) {
    if (isStop(node) || !node.inputs.some((name) => active.has(name))) continue;
    for (const output of node.outputs) if (output !== '') active.add(output);
  }
  return active;
}

/** Nodes on a differentiable path from `input` to one of `outputs`. */
export function nodesOnPath(nodes: readonly OnnxNode[], input: string, outputs: readonly string[]): OnnxNode[] {
  const active = activeValues(nodes, input);
  const needed = new Set(outputs);
  const onPath: OnnxNode[] = [];
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index]!;
    if (isStop(node) || !node.outputs.some((name) => needed.has(name))) continue;
    const activeInputs = node.inputs.filter((name) => active.has(name));
    if (activeInputs.length === 0) continue;
    onPath.push(node);
    for (const name of activeInputs) needed.add(name);
  }
  return onPath.reverse();
}

/**
 * Op types on the path from the graph's single input to its single output that have no gradient
 * rule, sorted and unique; empty when the graph can be differentiated. Forms of supported ops that
 * the rules refuse (e.g. a Slice with steps) surface later as {@link UnsupportedOpsError}.
 */
export function unsupportedGradientOps(graph: OnnxGraph): string[] {
  const input = graph.inputs[0]?.name;
  const output = graph.outputs[0]?.name;
  if (input === undefined || output === undefined) return [];
  const missing = new Set<string>();
  for (const node of nodesOnPath(graph.nodes, input, [output])) {
    if (node.domain !== '' && node.domain !== 'ai.onnx') missing.add(`${node.domain}.${node.op}`);
    else if (!vjpRules.has(node.op)) missing.add(node.op);
  }
  return [...missing].sort();
}

/**
 * Reverse pass: walks the nodes on the path backwards, sums the gradients reaching each value,
 * and applies each node's rule. Returns the gradient of `input`, or undefined when none reaches it.
 *
 * @param seeds gradients of the final values (e.g. ones for the per-sample loss)
 * @throws UnsupportedOpsError naming every op without a rule on the path
 */
export function backward(
  ctx: GradContext, nodes: readonly OnnxNode[], input: string, seeds: ReadonlyMap<string, string>,
  blocks: ReadonlyMap<OnnxNode, PhaseBlock> = new Map(),
): string | undefined {
  const onPath = nodesOnPath(nodes, input, [...seeds.keys()]);
  const missing = [...new Set(onPath.filter((node) => !blocks.has(node) && !vjpRules.has(node.op) || (node.domain !== '' && node.domain !== 'ai.onnx')).map((node) => node.op))];
  if (missing.length > 0) throw new UnsupportedOpsError(missing.sort());
  const contributions = new Map<string, string[]>();
  for (const [name, grad] of seeds) contributions.set(name, [grad]);
  const total = (name: string): string | undefined => {
    const parts = contributions.get(name);
    if (!parts || parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    const summed = ctx.node('Sum', parts, {}, 'grad_sum');
    contributions.set(name, [summed]);
    return summed;
  };
  const add = (name: string | undefined, grad: string | undefined): void => {
    if (grad === undefined || !name || !ctx.isActive(name)) return;
    const list = contributions.get(name);
    if (list) list.push(grad);
    else contributions.set(name, [grad]);
  };
  const fused = reluPoolPairs(nodes, onPath, [...seeds.keys()]);
  const skipped = new Set<OnnxNode>(fused.values());
  for (let index = onPath.length - 1; index >= 0; index--) {
    const node = onPath[index]!;
    if (skipped.has(node)) continue;
    const dys = node.outputs.map((name) => (name === '' ? undefined : total(name)));
    if (dys.every((dy) => dy === undefined)) continue;
    const block = blocks.get(node);
    if (block) {
      if (dys[0] !== undefined) add(block.conv.inputs[0], phaseBlockGradient(block, dys[0], ctx));
      continue;
    }
    const relu = fused.get(node);
    if (relu && dys[0] !== undefined && dys[1] === undefined) {
      add(relu.inputs[0], maxPoolThroughRelu(node, dys[0], ctx));
      continue;
    }
    vjpRules.get(node.op)!(node, dys, ctx).forEach((grad, position) => add(node.inputs[position], grad));
  }
  return total(input);
}

/**
 * MaxPool nodes whose input is a ReLU output read by nothing else: differentiated together
 * (the ReLU mask moves to the pooled resolution), keyed by the pool, valued by the ReLU.
 */
function reluPoolPairs(nodes: readonly OnnxNode[], onPath: readonly OnnxNode[], finals: readonly string[]): Map<OnnxNode, OnnxNode> {
  const readers = new Map<string, number>();
  for (const node of nodes) for (const name of node.inputs) readers.set(name, (readers.get(name) ?? 0) + 1);
  for (const name of finals) readers.set(name, (readers.get(name) ?? 0) + 1);
  const producers = new Map<string, OnnxNode>();
  for (const node of onPath) for (const name of node.outputs) producers.set(name, node);
  const pairs = new Map<OnnxNode, OnnxNode>();
  for (const node of onPath) {
    if (node.op !== 'MaxPool') continue;
    const input = node.inputs[0]!;
    const producer = producers.get(input);
    if (producer?.op === 'Relu' && readers.get(input) === 1) pairs.set(node, producer);
  }
  return pairs;
}
