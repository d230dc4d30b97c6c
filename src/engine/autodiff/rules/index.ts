import { absRule, expRule, identityRule, logRule, negRule, reciprocalRule, sqrtRule } from './unary.js';
import { addRule, divRule, maxRule, minRule, mulRule, powRule, subRule, sumRule } from './arithmetic.js';
import {
  clipRule, eluRule, hardSigmoidRule, hardSwishRule, leakyReluRule, logSoftmaxRule, preluRule, reluRule,
  sigmoidRule, softmaxRule, softplusRule, tanhRule,
} from './activations.js';
import { averagePoolRule } from './average-pool.js';
import { batchNormRule } from './batch-norm.js';
import { convRule } from './conv.js';
import { gemmRule, matMulRule } from './gemm.js';
import { maxPoolRule } from './max-pool.js';
import { globalAveragePoolRule, globalMaxPoolRule, reduceMaxRule, reduceMeanRule, reduceSumRule } from './reduce.js';
import { concatRule, expandRule, padRule, reshapeLikeInputRule, sliceRule, splitRule, transposeRule } from './shape-ops.js';
import type { VjpRule } from './rule.js';

/** Gradient rules by ONNX op type (default domain). */
export const vjpRules: ReadonlyMap<string, VjpRule> = new Map<string, VjpRule>([
  ['Conv', convRule],
  ['Gemm', gemmRule],
  ['MatMul', matMulRule],
  ['Add', addRule],
  ['Sub', subRule],
  ['Mul', mulRule],
  ['Div', divRule],
  ['Max', maxRule],
  ['Min', minRule],
  ['Sum', sumRule],
  ['Pow', powRule],
  ['Neg', negRule],
  ['Sqrt', sqrtRule],
  ['Exp', expRule],
  ['Log', logRule],
  ['Reciprocal', reciprocalRule],
  ['Abs', absRule],
  ['Identity', identityRule],
  ['Dropout', identityRule],
  ['Relu', reluRule],
  ['Clip', clipRule],
  ['LeakyRelu', leakyReluRule],
  ['PRelu', preluRule],
  ['Elu', eluRule],
  ['Sigmoid', sigmoidRule],
  ['Tanh', tanhRule],
  ['Softplus', softplusRule],
  ['HardSigmoid', hardSigmoidRule],
  ['HardSwish', hardSwishRule],
  ['Softmax', softmaxRule],
  ['LogSoftmax', logSoftmaxRule],
  ['MaxPool', maxPoolRule],
  ['AveragePool', averagePoolRule],
  ['GlobalAveragePool', globalAveragePoolRule],
  ['GlobalMaxPool', globalMaxPoolRule],
  ['ReduceMean', reduceMeanRule],
  ['ReduceSum', reduceSumRule],
  ['ReduceMax', reduceMaxRule],
  ['ReduceMin', reduceMaxRule],
  ['BatchNormalization', batchNormRule],
  ['Reshape', reshapeLikeInputRule],
  ['Flatten', reshapeLikeInputRule],
  ['Squeeze', reshapeLikeInputRule],
  ['Unsqueeze', reshapeLikeInputRule],
  ['Expand', expandRule],
  ['Transpose', transposeRule],
  ['Concat', concatRule],
  ['Split', splitRule],
  ['Pad', padRule],
  ['Slice', sliceRule],
]);

/**
 * Ops whose outputs carry no gradient (integer results, or piecewise-constant functions whose
 * derivative tfjs defines as zero): the backward pass stops there.
 */
export const gradientStops: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'ArgMax', 'ArgMin', 'OneHot', 'Sign', 'Floor', 'Ceil', 'Round',
  'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf',
  'NonZero', 'ConstantOfShape', 'Constant', 'RandomNormalLike', 'RandomUniformLike',
]);
