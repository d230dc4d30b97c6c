import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { GradientLoss, GraphOutputKind } from '../../../src/engine/autodiff/index.js';
import { compareWithTfjs } from './compare.js';
import { DualModel } from './dual-model.js';
import { expectAgreement } from './expectations.js';

beforeAll(async () => { await tf.setBackend('cpu'); });

/**
 * A small demo-like CNN: conv-relu-pool ×2 (the first in phase-conv form, the second routed
 * through strided phases), dense-relu, dense.
 */
function cnn(classes: number, head: 'none' | 'softmax' | 'sigmoid'): DualModel {
  const model = new DualModel([1, 12, 12], 3)
    .conv(4, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2)
    .conv(8, [3, 3]).relu().pool('max', 2, 2)
    .flatten().dense(16).relu().dense(classes);
  if (head === 'softmax') model.softmax();
  if (head === 'sigmoid') model.sigmoid();
  return model;
}

/**
 * Logits with exact ties: a 0/1 matrix copies dense outputs into 7 classes, classes 2 and 3
 * being the same value (the max-and-mask and margin tie conventions must match tfjs).
 */
function tiedLogits(): DualModel {
  const model = new DualModel([1, 8, 8], 4).conv(3, [3, 3]).relu().flatten().dense(6);
  const columns = [0, 1, 2, 2, 3, 4, 5];
  const copy = new Float32Array(6 * 7);
  columns.forEach((source, target) => { copy[source * 7 + target] = 1; });
  // Lifting the tied pair makes it the top two of every row: margin's max over the others and
  // DLR's max-and-mask both meet the tie.
  const lift = Float32Array.from([0, 0, 5, 5, 0, 0, 0]);
  const matrix = model.hold(tf.tensor2d(copy, [6, 7]));
  const bias = model.hold(tf.tensor1d(lift));
  return model.custom([7], (b, x) => b.node('Add', [b.node('MatMul', [x, model.constant([6, 7], copy)]), model.constant([7], lift)]),
    (x) => tf.matMul(x as tf.Tensor2D, matrix).add(bias));
}

const models = {
  tiedLogits: tiedLogits(),
  logits: cnn(10, 'none'),
  probabilities: cnn(10, 'softmax'),
  sigmoid: cnn(1, 'sigmoid'),
  singleLogit: cnn(1, 'none'),
  threeClasses: cnn(3, 'none'),
};
afterAll(() => { for (const model of Object.values(models)) model.dispose(); });

const cases: Array<[keyof typeof models, GraphOutputKind]> = [
  ['tiedLogits', 'logits'],
  ['logits', 'logits'], ['probabilities', 'probabilities'], ['sigmoid', 'sigmoid'], ['singleLogit', 'logits'], ['threeClasses', 'logits'],
];
const losses: GradientLoss[] = ['ce', 'margin', 'dlr'];

describe('gradient graph losses agree with attackLoss/outputToLogits on tfjs cpu', () => {
  for (const [model, outputKind] of cases) {
    for (const loss of losses) {
      for (const targeted of [false, true]) {
        it(`${model} (${outputKind}), ${targeted ? 'targeted ' : ''}${loss}`, () => {
          expectAgreement(compareWithTfjs(models[model], { loss, targeted, outputKind }, 6), `${model} ${loss}`);
        });
      }
    }
    it(`${model} (${outputKind}), cotangent`, () => {
      expectAgreement(compareWithTfjs(models[model], { loss: 'cotangent', targeted: false, outputKind }, 6), `${model} cotangent`);
    });
  }
});
