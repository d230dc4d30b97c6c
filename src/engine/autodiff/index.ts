/**
 * Stage 2 of the ONNX Runtime engine: an ONNX forward graph → one graph that also returns the
 * input gradient of an attack loss, written with forward ONNX ops only.
 */
export { buildGradientGraph, buildLogitsGraph, type GradientGraphOptions } from './gradient-graph.js';
export { unsupportedGradientOps } from './backward.js';
export {
  GradientGraphError, UnsupportedOpsError, gradientGraphNames,
  type GradientLoss, type GradientSpec, type GraphOutputKind,
} from './spec.js';
