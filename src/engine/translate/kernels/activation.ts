import { float } from '../../onnx/ir.js';
import type { Emitter } from '../emitter.js';
import { UnsupportedForm, type ConstValue, type DynValue } from '../values.js';

/** An activation after a conv/dense or on its own, with what parameterises it. */
export type Activation =
  | { kind: 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'softmax' | 'swish' | 'hard_sigmoid' | 'selu' }
  | { kind: 'elu' | 'leakyrelu'; alpha: number }
  | { kind: 'clip'; min: number; max: number }
  | { kind: 'prelu'; alpha: ConstValue };

/** tfjs's SELU constants (tf.selu). */
const seluScale = 1.0507009873554804934193349852946;
const seluAlpha = 1.6732632423543772848170429916717;

/** Softmax over logical axis `axis` (default: the last), as one ONNX Softmax on the matching physical axis. */
export function emitSoftmax(em: Emitter, x: DynValue, axis = x.shape.length - 1): DynValue {
  if (axis === 0) throw new UnsupportedForm('Softmax', 'softmax over the batch axis');
  return em.sameLayout(x, 'Softmax', [], { axis: { kind: 'int', value: x.perm.indexOf(axis) } });
}

/** Clip to `[min, max]` (Relu6, ReLU with max_value). */
export function emitClip(em: Emitter, x: DynValue, min: number, max: number): DynValue {
  return em.sameLayout(x, 'Clip', [em.scalarInit(min, 'clip_min'), em.scalarInit(max, 'clip_max')]);
}

/**
 * Emits an activation with ops the gradient builder differentiates: Relu6 as Clip, SELU as a
 * scaled Elu, swish as x·sigmoid(x).
 */
export function emitActivation(em: Emitter, x: DynValue, activation: Activation): DynValue {
  switch (activation.kind) {
    case 'linear': return x;
    case 'relu': return em.sameLayout(x, 'Relu');
    case 'relu6': return emitClip(em, x, 0, 6);
    case 'clip': return emitClip(em, x, activation.min, activation.max);
    case 'sigmoid': return em.sameLayout(x, 'Sigmoid');
    case 'tanh': return em.sameLayout(x, 'Tanh');
    case 'softmax': return emitSoftmax(em, x);
    case 'hard_sigmoid': return em.sameLayout(x, 'HardSigmoid', [], { alpha: float(0.2), beta: float(0.5) });
    case 'swish': {
      const gate = em.sameLayout(x, 'Sigmoid');
      return em.sameLayout(x, 'Mul', [gate.name]);
    }
    case 'selu': {
      const elu = em.sameLayout(x, 'Elu', [], { alpha: float(seluAlpha) });
      return em.sameLayout(elu, 'Mul', [em.scalarInit(seluScale, 'selu_scale')]);
    }
    case 'elu': return em.sameLayout(x, 'Elu', [], { alpha: float(activation.alpha) });
    case 'leakyrelu': return em.sameLayout(x, 'LeakyRelu', [], { alpha: float(activation.alpha) });
    case 'prelu': return em.sameLayout(x, 'PRelu', [em.constFor(x, activation.alpha, 'Prelu')]);
  }
}

/** Keras activation identifiers (as `getConfig().activation` names them) to {@link Activation}; undefined when unknown. */
export function kerasActivation(name: unknown): Activation | undefined {
  switch (name ?? 'linear') {
    case 'linear': return { kind: 'linear' };
    case 'relu': return { kind: 'relu' };
    case 'relu6': return { kind: 'relu6' };
    case 'elu': return { kind: 'elu', alpha: 1 };
    case 'selu': return { kind: 'selu' };
    case 'sigmoid': return { kind: 'sigmoid' };
    case 'tanh': return { kind: 'tanh' };
    case 'softmax': return { kind: 'softmax' };
    case 'swish': return { kind: 'swish' };
    case 'hardSigmoid':
    case 'hard_sigmoid': return { kind: 'hard_sigmoid' };
    default: return undefined;
  }
}
