import { InputError } from '../errors.js';
import { streamKey, uniformDraws } from '../tensor/random.js';
import type { TargetSpec } from '../../attacks/core/target-param.js';

/** A `target` parameter value (declared with the parameter, in attacks/core/target-param.ts). */
export type { TargetSpec };

/** Marks a sample that cannot be targeted (its label is the fixed target class). */
export const untargetable = -1;

/**
 * Target class per sample for a targeted attack; never the sample's label. `least-likely` needs
 * the clean logits (row-major `[n, classes]`); `random` draws one class per sample from a seeded
 * stream keyed by the sample's dataset index, so targets do not depend on batching.
 */
export function chooseTargets(input: {
  spec: TargetSpec;
  labels: Int32Array;
  numClasses: number;
  sampleIndices: number[];
  seedKey: string;
  cleanLogits?: Float32Array;
}): Int32Array {
  const { spec, labels, numClasses } = input;
  if (typeof spec === 'number' && (spec >= numClasses || spec < 0)) {
    throw new InputError('BAD_TARGET', `target ${spec} is not a class of this model (it has ${numClasses} classes: 0–${numClasses - 1}).`);
  }
  return Int32Array.from(labels, (label, row) => {
    if (typeof spec === 'number') return spec === label ? untargetable : spec;
    if (spec === 'next') return (label + 1) % numClasses;
    if (spec === 'random') {
      const draw = uniformDraws(streamKey(input.seedKey, input.sampleIndices[row]!), 1)[0]!;
      const offset = 1 + Math.floor(draw * (numClasses - 1)); // 1 … K−1: never the label
      return (label + offset) % numClasses;
    }
    const logits = input.cleanLogits!.subarray(row * numClasses, (row + 1) * numClasses);
    let lowest = label === 0 ? 1 : 0;
    for (let k = 0; k < numClasses; k++) if (k !== label && logits[k]! < logits[lowest]!) lowest = k;
    return lowest;
  });
}
