/** Stage 1 of the ONNX Runtime engine: tfjs models (GraphDef or Keras topology) to ONNX forward graphs. */
export { decodeGraphWeights, graphModelWeights, translateGraphModel, type GraphModelSource } from './graph-model.js';
export { translateLayersModel } from './layers-model.js';
export { forwardNames, type ForwardGraph, type PreprocessAffine, type TranslateOptions, type Translation } from './types.js';
