/**
 * Stage 2 of the ONNX Runtime engine: an ONNX forward graph (one float input `[N, …]`, one
 * output `[N, units]`) → one graph that also returns the input gradient of an attack loss,
 * written with forward ONNX ops only (ONNX Runtime ships no gradient kernels).
 *
 * - {@link buildGradientGraph}: feeds `x`, `labels`/`targets` (one-hot float32) or `cotangent`;
 *   fetches `logits`, `loss`, `gradient`. Follows `attackLoss`/`dlrLoss`/`outputToLogits` and
 *   tfjs's gradient conventions (max-pool gradient to the first maximum; `max` reductions and
 *   Max/Min to every tie as tfjs does; clip bounds inclusive, ReLU/ReLU6 lower bound strict).
 * - {@link buildLogitsGraph}: feeds `x`; fetches `logits` and `raw`.
 * - {@link unsupportedGradientOps}: op types on the input→output path without a gradient rule,
 *   for choosing the engine before building (forms a rule refuses throw {@link UnsupportedOpsError}).
 */
export { buildGradientGraph, buildLogitsGraph, type GradientGraphOptions } from './gradient-graph.js';
export { unsupportedGradientOps } from './backward.js';
export {
  GradientGraphError, UnsupportedOpsError, gradientGraphNames,
  type GradientLoss, type GradientSpec, type GraphOutputKind,
} from './spec.js';
