import type * as tf from '@tensorflow/tfjs';

/**
 * Multiply-add FLOPs (2 per MAC) of one forward pass of a LayersModel per sample: Conv2D
 * (2·outH·outW·kh·kw·Cin·Cout), DepthwiseConv2D, Dense (2·in·out). Pooling, activations and
 * element-wise ops are not counted (< 2 % here). An attack step is counted as forward + input
 * gradient: the input gradient of each of these layers costs the same MACs as its forward pass
 * and no weight gradients are computed, so a step ≈ 2 × forward FLOPs.
 */
export function forwardFlopsPerSample(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    const out = layer.outputShape as number[];
    const input = layer.inputSpec?.[0]?.shape ?? (layer as unknown as { batchInputShape?: number[] }).batchInputShape;
    const className = layer.getClassName();
    if (className === 'Conv2D') {
      const [kh, kw] = config.kernelSize as number[];
      const inChannels = (layer.getWeights()[0]!.shape[2])!;
      flops += 2 * out[1]! * out[2]! * kh! * kw! * inChannels * out[3]!;
    } else if (className === 'DepthwiseConv2D') {
      const [kh, kw] = config.kernelSize as number[];
      flops += 2 * out[1]! * out[2]! * kh! * kw! * out[3]!;
    } else if (className === 'Dense') {
      const kernel = layer.getWeights()[0]!;
      flops += 2 * kernel.shape[0]! * kernel.shape[1]!;
    }
    void input;
  }
  return flops;
}
