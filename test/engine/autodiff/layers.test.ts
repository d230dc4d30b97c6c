import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import type { GradientSpec } from '../../../src/engine/autodiff/index.js';
import { compareWithTfjs } from './compare.js';
import { DualModel } from './dual-model.js';
import { expectAgreement } from './expectations.js';

beforeAll(async () => { await tf.setBackend('cpu'); });

const ce: GradientSpec = { loss: 'ce', targeted: false, outputKind: 'logits' };
const margin: GradientSpec = { loss: 'margin', targeted: false, outputKind: 'logits' };

/** Checks a body (input → feature map) under a flatten-dense head, for two losses. */
function check(name: string, sample: number[], body: (model: DualModel) => DualModel, batch = 4): void {
  it(name, () => {
    const model = body(new DualModel(sample, name.length)).flatten().dense(6);
    try {
      for (const spec of [ce, margin]) expectAgreement(compareWithTfjs(model, spec, batch), `${name} ${spec.loss}`);
    } finally {
      model.dispose();
    }
  });
}

describe('convolutions', () => {
  check('3×3 valid, 1 channel (ConvTranspose)', [1, 9, 9], (m) => m.conv(4, [3, 3]));
  check('3×3 valid, 8 channels (flipped Conv)', [8, 7, 7], (m) => m.conv(5, [3, 3]));
  check('5×5 same, 12 channels (flipped Conv, padded)', [12, 8, 8], (m) => m.conv(6, [5, 5], { pads: 'same' }));
  check('3×3 same via auto_pad SAME_UPPER', [3, 8, 7], (m) => m.conv(4, [3, 3], { pads: 'same', autoPad: true }));
  check('asymmetric explicit pads', [2, 7, 8], (m) => m.conv(3, [3, 2], { pads: [2, 0, 1, 3] }));
  check('stride 2 valid on an odd size (output_padding)', [3, 9, 10], (m) => m.conv(4, [3, 3], { stride: 2 }));
  check('stride 2 same, 16 channels', [16, 8, 8], (m) => m.conv(4, [3, 3], { stride: 2, pads: 'same' }));
  check('stride 3, 4×4 kernel', [2, 11, 11], (m) => m.conv(3, [4, 4], { stride: 3 }));
  check('dilation 2, 1 channel', [1, 10, 10], (m) => m.conv(3, [3, 3], { dilation: 2 }));
  check('dilation 2 same, 8 channels', [8, 9, 9], (m) => m.conv(3, [3, 3], { dilation: 2, pads: 'same' }));
  check('depthwise 3×3 same, 8 channels (flipped grouped Conv)', [8, 7, 7], (m) => m.conv(8, [3, 3], { depthwise: true, pads: 'same' }));
  check('depthwise multiplier 2, 3 channels', [3, 7, 7], (m) => m.conv(6, [3, 3], { depthwise: true }));
  check('depthwise stride 2, 8 channels', [8, 9, 9], (m) => m.conv(8, [3, 3], { depthwise: true, stride: 2, pads: 'same' }));
  check('separable: depthwise then 1×1', [4, 8, 8], (m) => m.conv(4, [3, 3], { depthwise: true, pads: 'same' }).relu().conv(8, [1, 1]));
});

describe('pooling (ties from flat inputs route to the first maximum)', () => {
  check('max 2×2 stride 2', [3, 8, 8], (m) => m.pool('max', 2, 2));
  check('max 2×2 stride 2, odd size (floor)', [2, 9, 7], (m) => m.pool('max', 2, 2));
  check('max 3×3 stride 2, overlapping', [2, 9, 9], (m) => m.pool('max', 3, 2));
  check('max 3×3 stride 1 same', [2, 6, 6], (m) => m.pool('max', 3, 1, 'same'));
  check('max 2×2 stride 2 same, odd size', [2, 7, 7], (m) => m.pool('max', 2, 2, 'same'));
  check('max 3×3 stride 3', [2, 9, 9], (m) => m.pool('max', 3, 3));
  check('conv-relu-max 2×2, valid conv (routed phases)', [1, 10, 10], (m) => m.conv(4, [3, 3]).relu().pool('max', 2, 2));
  check('conv same → relu → max 2×2 (phase-conv block)', [1, 12, 12], (m) => m.conv(4, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2));
  check('conv 5×5 same, 3 channels → relu → max 3×3/3 (phase-conv block)', [3, 9, 9], (m) => m.conv(4, [5, 5], { pads: 'same' }).relu().pool('max', 3, 3));
  check('depthwise same → relu → max 2×2 (phase-conv block, grouped)', [4, 8, 8], (m) => m.conv(4, [3, 3], { pads: 'same', depthwise: true }).relu().pool('max', 2, 2));
  check('conv same, 8 channels → relu → max 2×2 (phase forward, interleaved backward)', [8, 8, 8], (m) => m.conv(6, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2));
  check('conv same → relu → max 2×2 on an odd size (no phase form)', [1, 11, 11], (m) => m.conv(4, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2));
  check('average 2×2 stride 2', [3, 8, 8], (m) => m.pool('avg', 2, 2));
  check('average 3×3 stride 2, overlapping', [2, 9, 9], (m) => m.pool('avg', 3, 2));
  check('average 3×3 stride 1 same (valid-count divisor)', [2, 6, 6], (m) => m.pool('avg', 3, 1, 'same'));
  check('average 3×3 stride 2 same, count_include_pad', [2, 7, 7], (m) => m.pool('avg', 3, 2, 'same', true));
  check('global average pool', [4, 5, 5], (m) => m.custom([4, 1, 1], (b, x) => b.node('GlobalAveragePool', [x]), (x) => x.mean([2, 3], true)));
  check('global max pool (every tie, tfjs max)', [4, 5, 5], (m) => m.custom([4, 1, 1], (b, x) => b.node('GlobalMaxPool', [x]), (x) => x.max([2, 3], true)));
});
