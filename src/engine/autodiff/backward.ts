import type { OnnxGraph, OnnxNode } from '../onnx/ir.js';
import type { GradContext } from './context.js';
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
export function backward(ctx: GradContext, nodes: readonly OnnxNode[], input: string, seeds: ReadonlyMap<string, string>): string | undefined {
  const onPath = nodesOnPath(nodes, input, [...seeds.keys()]);
  const missing = [...new Set(onPath.filter((node) => !vjpRules.has(node.op) || (node.domain !== '' && node.domain !== 'ai.onnx')).map((node) => node.op))];
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
  for (let index = onPath.length - 1; index >= 0; index--) {
    const node = onPath[index]!;
    const dys = node.outputs.map((name) => (name === '' ? undefined : total(name)));
    if (dys.every((dy) => dy === undefined)) continue;
    const grads = vjpRules.get(node.op)!(node, dys, ctx);
    grads.forEach((grad, position) => {
      const name = node.inputs[position];
      if (grad === undefined || !name || !ctx.isActive(name)) return;
      const list = contributions.get(name);
      if (list) list.push(grad);
      else contributions.set(name, [grad]);
    });
  }
  return total(input);
}
