import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { float, int, ints } from '../../../src/engine/onnx/ir.js';
import type { GradientSpec } from '../../../src/engine/autodiff/index.js';
import { compareWithTfjs } from './compare.js';
import { DualModel } from './dual-model.js';
import { expectAgreement } from './expectations.js';

beforeAll(async () => { await tf.setBackend('cpu'); });

const specs: GradientSpec[] = [
  { loss: 'ce', targeted: false, outputKind: 'logits' },
  { loss: 'dlr', targeted: true, outputKind: 'logits' },
];

/** conv(3→4, 3×3) → `body` → flatten → dense(6), compared for two losses. */
function check(name: string, body: (model: DualModel) => DualModel, sample = [3, 7, 7]): void {
  it(name, () => {
    const model = body(new DualModel(sample, name.length + 11).conv(4, [3, 3], { pads: 'same' })).flatten().dense(6);
    try {
      for (const spec of specs) expectAgreement(compareWithTfjs(model, spec, 4), `${name} ${spec.loss}`);
    } finally {
      model.dispose();
    }
  });
}

describe('activations', () => {
  check('Relu', (m) => m.relu());
  check('Clip 0..6 (relu6: tfjs masks x > 0)', (m) => m.custom([4, 7, 7], (b, x) => b.node('Clip', [b.node('Mul', [x, m.constant([], [8])]), m.constant([], [0]), m.constant([], [6])]),
    (x) => tf.relu6(x.mul(8))));
  check('Clip −0.3..0.5 (clipByValue)', (m) => m.unary('Clip', (x) => tf.clipByValue(x, -0.3, 0.5), {}, [m.constant([], [-0.3]), m.constant([], [0.5])]));
  check('LeakyRelu 0.2', (m) => m.unary('LeakyRelu', (x) => tf.leakyRelu(x, 0.2), { alpha: float(0.2) }));
  check('Elu', (m) => m.unary('Elu', (x) => tf.elu(x), { alpha: float(1) }));
  check('PRelu per channel', (m) => {
    const slope = m.draw(4, 0.5);
    const tfSlope = m.hold(tf.tensor3d(slope, [4, 1, 1]));
    return m.unary('PRelu', (x) => tf.prelu(x, tfSlope), {}, [m.constant([4, 1, 1], slope)]);
  });
  check('Sigmoid', (m) => m.unary('Sigmoid', (x) => tf.sigmoid(x)));
  check('Tanh', (m) => m.unary('Tanh', (x) => tf.tanh(x)));
  check('HardSigmoid (Keras 0.2x + 0.5)', (m) => m.unary('HardSigmoid', (x) => x.mul(0.2).add(0.5).clipByValue(0, 1), { alpha: float(0.2), beta: float(0.5) }));
  check('HardSwish', (m) => m.unary('HardSwish', (x) => x.mul(x.div(6).add(0.5).clipByValue(0, 1))));
  check('Softplus', (m) => m.unary('Softplus', (x) => tf.softplus(x)));
  check('Swish as x·Sigmoid(x)', (m) => m.custom([4, 7, 7], (b, x) => b.node('Mul', [x, b.node('Sigmoid', [x])]), (x) => x.mul(tf.sigmoid(x))));
  check('interior Softmax over channels', (m) => m.unary('Softmax', (x) => tf.softmax(x.transpose([0, 2, 3, 1])).transpose([0, 3, 1, 2]), { axis: int(1) }), [3, 5, 5]);
  check('Sqrt, Exp, Neg, Abs', (m) => m.custom([4, 7, 7], (b, x) => b.node('Neg', [b.node('Sqrt', [b.node('Add', [b.node('Exp', [b.node('Abs', [x])]), m.constant([], [0.5])])])]),
    (x) => tf.sqrt(tf.exp(tf.abs(x)).add(0.5)).neg()));
  check('BatchNormalization (inference)', (m) => {
    const [scale, bias, mean] = [m.draw(4, 1), m.draw(4, 0.2), m.draw(4, 0.3)];
    const variance = m.draw(4, 0.5).map((v) => v + 0.6);
    const t = (d: Float32Array) => m.hold(tf.tensor3d(d, [4, 1, 1]));
    const [ts, tb, tm, tv] = [t(scale), t(bias), t(mean), t(variance)];
    return m.unary('BatchNormalization', (x) => x.sub(tm).mul(tv.add(1e-3).rsqrt()).mul(ts).add(tb), { epsilon: float(1e-3) },
      [m.constant([4], scale), m.constant([4], bias), m.constant([4], mean), m.constant([4], variance)]);
  });
});

describe('arithmetic with broadcasting', () => {
  const perChannel = (m: DualModel) => m.draw(4, 1);
  check('Add/Sub/Mul/Div by per-channel constants', (m) => {
    const [a, s, p, d] = [perChannel(m), perChannel(m), perChannel(m), perChannel(m).map((v) => v + 2)];
    const [ta, ts, tp, td] = [a, s, p, d].map((v) => m.hold(tf.tensor3d(v, [4, 1, 1]))) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return m.custom([4, 7, 7], (b, x) => b.node('Div', [b.node('Mul', [b.node('Sub', [b.node('Add', [x, m.constant([4, 1, 1], a)]), m.constant([4, 1, 1], s)]), m.constant([4, 1, 1], p)]), m.constant([4, 1, 1], d)]),
      (x) => x.add(ta).sub(ts).mul(tp).div(td));
  });
  check('constant minus x, constant over x', (m) => {
    const plane = m.draw(49, 1).map((v) => v + 3);
    const t = m.hold(tf.tensor3d(plane, [1, 7, 7]));
    return m.custom([4, 7, 7], (b, x) => b.node('Div', [m.constant([1, 7, 7], plane), b.node('Sub', [m.constant([1, 7, 7], plane), b.node('Sigmoid', [x])])]),
      (x) => t.div(t.sub(tf.sigmoid(x))));
  });
  check('two branches of x: Mul, Add, Max, Min with broadcast over channels', (m) => m.custom([4, 7, 7], (b, x) => {
    const mean = b.node('ReduceMean', [x], { axes: ints([1]), keepdims: int(1) });
    const product = b.node('Mul', [x, mean]);
    return b.node('Add', [b.node('Max', [product, x]), b.node('Min', [x, mean])]);
  }, (x) => {
    // tfjs's minimum/maximum gradients do not sum over broadcast axes: broadcast explicitly.
    const mean = x.mean(1, true).add(tf.zerosLike(x));
    return tf.maximum(x.mul(mean), x).add(tf.minimum(x, mean));
  }));
  check('Div of two branches of x', (m) => m.custom([4, 7, 7], (b, x) => b.node('Div', [x, b.node('Add', [b.node('Mul', [x, x]), m.constant([], [1])])]),
    (x) => x.div(x.square().add(1))));
  check('ReduceMax over channels (every tie) and ReduceSum', (m) => m.custom([1, 7, 7], (b, x) => {
    const max = b.node('ReduceMax', [b.node('Relu', [x])], { axes: ints([1]), keepdims: int(1) });
    return b.node('Add', [max, b.node('ReduceSum', [x, m.ints([1])], { keepdims: int(1) })]);
  }, (x) => tf.relu(x).max(1, true).add(x.sum(1, true))));
});

describe('shape ops', () => {
  check('Concat of two branches along channels', (m) => m.custom([8, 7, 7], (b, x) => b.node('Concat', [x, b.node('Relu', [x])], { axis: int(1) }),
    (x) => tf.concat([x, tf.relu(x)], 1)));
  check('Reshape + Transpose + Squeeze/Unsqueeze', (m) => m.custom([7, 4, 7], (b, x) => {
    const moved = b.node('Transpose', [x], { perm: ints([0, 2, 1, 3]) });
    const merged = b.node('Reshape', [moved, m.ints([0, 28, 7])]);
    const lifted = b.node('Unsqueeze', [merged, m.ints([1])]);
    const back = b.node('Squeeze', [lifted, m.ints([1])]);
    return b.node('Reshape', [back, m.ints([-1, 7, 4, 7])]);
  }, (x) => x.transpose([0, 2, 1, 3]).reshape([-1, 7, 4, 7])));
  check('Pad (constant) and Slice', (m) => m.custom([4, 6, 12], (b, x) => {
    const padded = b.node('Pad', [x, m.ints([0, 0, 1, 2, 0, 0, 0, 3])], { mode: { kind: 'string', value: 'constant' } });
    return b.node('Slice', [padded, m.ints([2, 0]), m.ints([8, 100]), m.ints([2, 3])]);
  }, (x) => tf.pad(x, [[0, 0], [0, 0], [1, 0], [2, 3]]).slice([0, 0, 2, 0], [-1, -1, 6, -1])));
  check('Flatten then MatMul + Add dense', (m) => m.flatten().dense(9, 'matmul').relu().custom([9, 1, 1], (b, x) => b.node('Reshape', [x, m.ints([-1, 9, 1, 1])]), (x) => x.reshape([-1, 9, 1, 1])));
  check('Identity', (m) => m.unary('Identity', (x) => x));
});
