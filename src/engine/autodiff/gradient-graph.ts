import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import { batchDim, elementCount, floatTensor, type OnnxGraph } from '../onnx/ir.js';
import type { Feed } from '../ort/ort-session.js';
import { activeValues, backward } from './backward.js';
import { GradContext, type GradientConventions } from './context.js';
import { writeLoss, type LossFeeds } from './loss-graph.js';
import { exposeAs, writeLogits } from './logits-graph.js';
import { defaultPhaseInterleaveFrom, rewritePhaseBlocks } from './phase-blocks.js';
import { prepareForward, type PreparedForward } from './prepare.js';
import { probeShapes } from './probe.js';
import { GradientGraphError, gradientGraphNames as names, type GradientSpec, type GraphOutputKind } from './spec.js';

/** Deterministic probe values in [0, 1): shapes do not depend on them. */
function probeValues(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let index = 0; index < count; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = state / 2 ** 32;
  }
  return values;
}

/** One-hot rows `[batch, classes]` marking class (i + shift) mod classes. */
function oneHotRows(batch: number, classes: number, shift: number): Float32Array {
  const rows = new Float32Array(batch * classes);
  for (let row = 0; row < batch; row++) rows[row * classes + ((row + shift) % classes)] = 1;
  return rows;
}

/** The model's output width: from the declared output shape, else by probing the forward graph. */
function outputUnits(prepared: PreparedForward): number {
  const declared = prepared.graph.outputs[0]!.shape;
  if (declared.length === 2 && typeof declared[1] === 'number') return declared[1];
  const probed = probeShapes(prepared.graph, (batch) => ({ [names.input]: inputFeed(prepared, batch) }));
  const dims = probed.get(prepared.output)?.dims;
  if (!dims || dims.length !== 2) throw new GradientGraphError(`the model output has shape [${dims?.join(', ') ?? '?'}]; robustcheck needs [batch, classes].`);
  return dims[1]!;
}

function inputFeed(prepared: PreparedForward, batch: number): Feed {
  const dims = [batch, ...prepared.sample];
  return { data: probeValues(elementCount(dims), 7 + batch), dims };
}

/** Tuning switches of {@link buildGradientGraph} (for measurements; the defaults are the fastest measured). */
export interface GradientGraphOptions {
  /** Rewrite Conv → ReLU → tiling MaxPool blocks into stride-k phase convolutions (default true). */
  phaseBlocks?: boolean;
  /** Input channels below which a block is rewritten (default: every block). */
  phaseMaxChannels?: number;
  /** Input channels from which a rewritten block's backward interleaves the phases (default {@link defaultPhaseInterleaveFrom}). */
  phaseInterleaveFrom?: number;
  /** Average-pool gradient at padded borders: the exact derivative (default) or tfjs-cpu's. */
  averagePoolBorders?: GradientConventions['averagePoolBorders'];
}

/**
 * Extends a forward graph (one float input `[N, …]`, one output `[N, units]`) into one graph that
 * also returns the input gradient of the attack loss, written with forward ONNX ops only:
 * feeds `x`, `labels` (one-hot `[N, K]`), `targets` (one-hot, targeted only) or `cotangent`
 * `[N, K]`; fetches `logits` `[N, K]` (after the output-kind conversion), `loss` `[N]` and
 * `gradient` = ∂Σloss/∂x shaped like `x`. Numerically it follows `attackLoss`/`dlrLoss` and
 * tfjs's gradient conventions (ties, clip bounds, first-max pooling).
 *
 * @throws UnsupportedOpsError when an op on the path from input to output has no gradient rule
 * @throws GradientGraphError for a forward graph of the wrong interface
 */
export function buildGradientGraph(forward: OnnxGraph, spec: GradientSpec, options: GradientGraphOptions = {}): OnnxGraph {
  const prepared = prepareForward(forward);
  const units = outputUnits(prepared);
  const builder = new OnnxGraphBuilder(prepared.graph);
  builder.graph.outputs = [];
  const ctx = new GradContext(builder, { averagePoolBorders: options.averagePoolBorders ?? 'exact' });
  const { logits, classes } = writeLogits(ctx, prepared.output, spec.outputKind, units);
  const feeds: LossFeeds = {};
  if (spec.loss === 'cotangent') feeds.cotangent = builder.input(names.cotangent, [batchDim, classes]);
  else {
    feeds.labels = builder.input(names.labels, [batchDim, classes]);
    if (spec.targeted) feeds.targets = builder.input(names.targets, [batchDim, classes]);
  }
  const loss = writeLoss(ctx, logits, classes, spec, feeds);
  const forwardNodes = [...builder.graph.nodes];

  builder.graph.outputs = [{ name: loss, type: 'float32', shape: [batchDim] }];
  const shapes = probeShapes(builder.graph, (batch) => {
    const probeFeeds: Record<string, Feed> = { [names.input]: inputFeed(prepared, batch) };
    if (feeds.labels) probeFeeds[names.labels] = { data: oneHotRows(batch, classes, 0), dims: [batch, classes] };
    if (feeds.targets) probeFeeds[names.targets] = { data: oneHotRows(batch, classes, 1), dims: [batch, classes] };
    if (feeds.cotangent) probeFeeds[names.cotangent] = { data: probeValues(batch * classes, 3), dims: [batch, classes] };
    return probeFeeds;
  });
  ctx.analyse(shapes, activeValues(forwardNodes, names.input));
  const blocks = options.phaseBlocks === false ? new Map() : rewritePhaseBlocks(forwardNodes, ctx, new Set([logits, loss, prepared.output]),
      options.phaseMaxChannels ?? Infinity, options.phaseInterleaveFrom ?? defaultPhaseInterleaveFrom);
  if (blocks.size > 0) {
    builder.graph.nodes.splice(0, builder.graph.nodes.length, ...forwardNodes);
    ctx.analyse(shapes, activeValues(forwardNodes, names.input));
  }

  const ones = ctx.node('ConstantOfShape', [ctx.node('Shape', [loss])], { value: { kind: 'tensor', value: floatTensor([1], [1]) } }, 'loss_seed');
  const gradient = backward(ctx, forwardNodes, names.input, new Map([[loss, ones]]), blocks) ?? ctx.zerosLike(names.input);
  exposeAs(ctx, logits, names.logits);
  exposeAs(ctx, loss, names.loss);
  exposeAs(ctx, gradient, names.gradient);
  builder.graph.outputs = [
    { name: names.logits, type: 'float32', shape: [batchDim, classes] },
    { name: names.loss, type: 'float32', shape: [batchDim] },
    { name: names.gradient, type: 'float32', shape: [batchDim, ...prepared.sample] },
  ];
  return builder.graph;
}

/**
 * The forward graph with the output-kind conversion: feeds `x`, fetches `logits` `[N, K]` and
 * `raw` (the model's own output).
 */
export function buildLogitsGraph(forward: OnnxGraph, outputKind: GraphOutputKind): OnnxGraph {
  const prepared = prepareForward(forward);
  const units = outputUnits(prepared);
  const builder = new OnnxGraphBuilder(prepared.graph);
  const ctx = new GradContext(builder);
  const { logits, classes } = writeLogits(ctx, prepared.output, outputKind, units);
  exposeAs(ctx, logits, names.logits);
  exposeAs(ctx, prepared.output, names.raw);
  builder.graph.outputs = [
    { name: names.logits, type: 'float32', shape: [batchDim, classes] },
    { name: names.raw, type: 'float32', shape: [batchDim, units] },
  ];
  return builder.graph;
}
