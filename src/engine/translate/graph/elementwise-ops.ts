import { emitActivation, emitSoftmax, type Activation } from '../kernels/activation.js';
import { channelConst, emitBinary, type BinaryOp } from '../kernels/elementwise.js';
import { binaryConst, unaryConst } from '../host-ops.js';
import { floats, UnsupportedForm, type Value } from '../values.js';
import { attrFloat, attrString, attrType } from './attrs.js';
import { constInput, dynInput, type OpContext, type OpTranslator } from './op-context.js';

const hostBinary: Record<BinaryOp, (x: number, y: number) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
  Max: Math.max,
  Min: Math.min,
};

/** A broadcasting binary op: folded on the host when both sides are constants. */
function binary(op: BinaryOp): OpTranslator {
  return ({ em, node, inputs }) => {
    const [a, b] = inputs as [Value, Value];
    if (a.kind === 'const' && b.kind === 'const') {
      const integerDivision = op === 'Div' && a.dtype === 'int32' && b.dtype === 'int32';
      return binaryConst(a, b, integerDivision ? (x, y) => Math.trunc(x / y) : hostBinary[op], op === 'Div' && !integerDivision);
    }
    return emitBinary(em, op, a, b, node.op);
  };
}

/** BiasAdd: the bias runs along the channel (last NHWC) axis. */
const biasAdd: OpTranslator = (ctx) => {
  if (attrString(ctx.node, 'data_format', 'NHWC') !== 'NHWC') throw new UnsupportedForm('BiasAdd(NCHW)', 'only NHWC graphs are translated');
  const x = dynInput(ctx, 0);
  return emitBinary(ctx.em, 'Add', x, channelConst(floats(constInput(ctx, 1, 'bias')), x.shape.length, x.shape.length - 1), 'BiasAdd');
};

function activation(make: (ctx: OpContext) => Activation): OpTranslator {
  return (ctx) => emitActivation(ctx.em, dynInput(ctx, 0), make(ctx));
}

/** A unary math op: folded on the host for constants, else one ONNX op (or a short chain). */
function unary(host: (x: number) => number, emit: (ctx: OpContext) => Value): OpTranslator {
  return (ctx) => {
    const x = ctx.inputs[0];
    if (x?.kind === 'const') return unaryConst(x, host);
    return emit(ctx);
  };
}

const passThrough: OpTranslator = ({ inputs }) => {
  if (inputs.length === 0) throw new Error('pass-through op without input');
  return inputs;
};

/** Cast keeps float data as it is; other target types are not differentiable inputs. */
const cast: OpTranslator = (ctx) => {
  const x = ctx.inputs[0]!;
  const target = attrType(ctx.node, 'DstT') ?? 'DT_FLOAT';
  if (x.kind === 'const') {
    if (target === 'DT_FLOAT') return { ...x, dtype: 'float32', data: floats(x) };
    if (target === 'DT_INT32') return { ...x, dtype: 'int32', data: Int32Array.from(x.data, Math.trunc) };
    throw new UnsupportedForm(`Cast(${target})`, 'cast of a constant to an unsupported type');
  }
  if (target !== 'DT_FLOAT') throw new UnsupportedForm(`Cast(${target})`, 'cast of the data path to a non-float type');
  return x;
};

/** AddN: a left-to-right chain of Adds (constants folded first). */
const addN: OpTranslator = (ctx) => {
  const constants = ctx.inputs.filter((input) => input.kind === 'const');
  const dynamic = ctx.inputs.filter((input) => input.kind === 'dyn');
  const folded = constants.length > 0 ? [constants.reduce((sum, next) => binaryConst(sum, next, hostBinary.Add))] : [];
  const terms: Value[] = [...dynamic, ...folded];
  if (dynamic.length === 0) return terms[0]!;
  return terms.slice(1).reduce<Value>((sum, next) => emitBinary(ctx.em, 'Add', sum, next, 'AddN'), terms[0]!);
};

/** SquaredDifference: (a − b)², the difference squared by a Mul so its gradient is 2(a − b). */
const squaredDifference: OpTranslator = (ctx) => {
  const difference = binary('Sub')(ctx) as Value;
  if (difference.kind === 'const') return binaryConst(difference, difference, hostBinary.Mul);
  return ctx.em.sameLayout(difference, 'Mul', [difference.name]);
};

/** Elementwise, activation and pass-through GraphDef ops. */
export const elementwiseOps: Record<string, OpTranslator> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  BiasAdd: biasAdd,
  Relu: activation(() => ({ kind: 'relu' })),
  Relu6: activation(() => ({ kind: 'relu6' })),
  Elu: activation(() => ({ kind: 'elu', alpha: 1 })),
  Selu: activation(() => ({ kind: 'selu' })),
  LeakyRelu: activation((ctx) => ({ kind: 'leakyrelu', alpha: attrFloat(ctx.node, 'alpha', 0.2) })),
  Prelu: activation((ctx) => ({ kind: 'prelu', alpha: constInput(ctx, 1, 'alpha') })),
  Sigmoid: unary((x) => 1 / (1 + Math.exp(-x)), (ctx) => emitActivation(ctx.em, dynInput(ctx, 0), { kind: 'sigmoid' })),
  Tanh: unary(Math.tanh, (ctx) => emitActivation(ctx.em, dynInput(ctx, 0), { kind: 'tanh' })),
  Softmax: (ctx) => emitSoftmax(ctx.em, dynInput(ctx, 0)),
  Neg: unary((x) => -x, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Neg')),
  Exp: unary(Math.exp, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Exp')),
  Sqrt: unary(Math.sqrt, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Sqrt')),
  Rsqrt: unary((x) => 1 / Math.sqrt(x), (ctx) => {
    const root = ctx.em.sameLayout(dynInput(ctx, 0), 'Sqrt');
    return { ...root, name: ctx.em.builder.node('Div', [ctx.em.scalarInit(1, 'one'), root.name], {}, 'rsqrt') };
  }),
  Square: unary((x) => x * x, (ctx) => {
    const x = dynInput(ctx, 0);
    return ctx.em.sameLayout(x, 'Mul', [x.name]);
  }),
  AddN: addN,
  SquaredDifference: squaredDifference,
  Abs: unary(Math.abs, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Abs')),
  Log: unary(Math.log, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Log')),
  Reciprocal: unary((x) => 1 / x, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Reciprocal')),
  Inv: unary((x) => 1 / x, (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Reciprocal')),
  Softplus: unary((x) => Math.log1p(Math.exp(x)), (ctx) => ctx.em.sameLayout(dynInput(ctx, 0), 'Softplus')),
  Identity: passThrough,
  IdentityN: passThrough,
  StopGradient: passThrough,
  Snapshot: passThrough,
  Cast: cast,
};
