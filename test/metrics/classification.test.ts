import { describe, expect, it } from 'vitest';
import { summarizeClassification, confusionMaxClasses } from '../../src/metrics/classification-summary.js';
import { meanConfidenceDrop } from '../../src/metrics/confidence-drop.js';
import { confusionMatrix } from '../../src/metrics/confusion.js';
import { perClassMetrics } from '../../src/metrics/per-class.js';
import { classifierRocAuc, rocAuc } from '../../src/metrics/roc-auc.js';

describe('confusionMatrix', () => {
  it('rows are labels, columns predictions', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
  });
  it('no samples: all zeros; a class out of range is an error', () => {
    expect(confusionMatrix([], [], 2)).toEqual([[0, 0], [0, 0]]);
    expect(() => confusionMatrix([0], [3], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(RangeError);
  });
});

describe('perClassMetrics (hand-computed)', () => {
  // labels  0 0 1 2 2 2 ; predictions 0 1 1 2 0 2
  const labels = [0, 0, 1, 2, 2, 2];
  const predictions = [0, 1, 1, 2, 0, 2];
  it('precision, recall, F1 and support per class', () => {
    const [c0, c1, c2] = perClassMetrics({ labels, predictions, numClasses: 3, classNames: ['a', 'b', 'c'] });
    // class 0: TP 1, predicted 2, support 2 → P 1/2, R 1/2, F1 1/2
    expect(c0).toEqual({ label: 0, name: 'a', support: 2, correct: 1, predicted: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    // class 1: TP 1, predicted 2, support 1 → P 1/2, R 1, F1 2/3
    expect(c1!.precision).toBe(0.5);
    expect(c1!.recall).toBe(1);
    expect(c1!.f1).toBeCloseTo(2 / 3, 12);
    // class 2: TP 2, predicted 2, support 3 → P 1, R 2/3, F1 0.8
    expect(c2!.precision).toBe(1);
    expect(c2!.recall).toBeCloseTo(2 / 3, 12);
    expect(c2!.f1).toBeCloseTo(0.8, 12);
  });
  it('0 correct samples: a never-predicted class has null precision and F1 0; an absent class has null recall', () => {
    const [c0, c1, c2] = perClassMetrics({ labels: [0, 0], predictions: [1, 1], numClasses: 3 });
    expect(c0).toMatchObject({ support: 2, correct: 0, predicted: 0, precision: null, recall: 0, f1: 0 });
    expect(c1).toMatchObject({ support: 0, predicted: 2, precision: 0, recall: null, f1: 0 });
    expect(c2).toMatchObject({ support: 0, predicted: 0, precision: null, recall: null, f1: null });
  });
  it('n = 1', () => {
    const [c0, c1] = perClassMetrics({ labels: [1], predictions: [1], numClasses: 2 });
    expect(c0).toMatchObject({ support: 0, precision: null, recall: null, f1: null });
    expect(c1).toMatchObject({ support: 1, correct: 1, precision: 1, recall: 1, f1: 1 });
  });
  it('`correct` follows the given flags (robust under attack), not predictions', () => {
    const [c0] = perClassMetrics({ labels: [0, 0, 0], predictions: [0, 0, 0], numClasses: 1, correct: [1, 0, 1] });
    expect(c0).toMatchObject({ correct: 2, recall: 1 });
  });
});

describe('rocAuc (Mann–Whitney, ties count ½)', () => {
  it('the classic example: scores 0.1 0.4 0.35 0.8, labels 0 0 1 1 → 0.75', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });
  it('perfect, inverted and tied rankings', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    // positives 0.5, 0.7; negatives 0.5, 0.2: pairs (0.5>0.5 tie ½)(0.5>0.2 1)(0.7>0.5 1)(0.7>0.2 1) → 3.5/4
    expect(rocAuc([0.5, 0.7, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
  });
  it('undefined without positives or negatives (n = 1 included)', () => {
    expect(rocAuc([0.3], [1])).toBeUndefined();
    expect(rocAuc([0.3, 0.4], [0, 0])).toBeUndefined();
    expect(rocAuc([], [])).toBeUndefined();
  });
});

describe('classifierRocAuc', () => {
  it('binary: plain AUC of class 1', () => {
    // class-1 probabilities 0.1 0.4 0.35 0.8 with labels 0 0 1 1 → 0.75
    const probabilities = [0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8];
    expect(classifierRocAuc(probabilities, [0, 0, 1, 1], 2)).toBeCloseTo(0.75, 12);
  });
  it('multi-class: mean of one-vs-rest AUCs over classes with positives and negatives', () => {
    // 3 samples, 3 classes, each predicted perfectly → every OvR AUC is 1
    const probabilities = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
    expect(classifierRocAuc(probabilities, [0, 1, 2], 3)).toBe(1);
    // class 2 absent: mean over classes 0 and 1 only. Class 0 scores [0.6, 0.3] (+,−) → 1; class 1 scores [0.2, 0.5] (−,+) → 1.
    expect(classifierRocAuc([0.6, 0.2, 0.2, 0.3, 0.5, 0.2], [0, 1], 3)).toBe(1);
    // class 0: scores [0.6, 0.7] (+,−) → 0; class 1: [0.2, 0.1] (−,+) → 0 → mean 0
    expect(classifierRocAuc([0.6, 0.2, 0.2, 0.7, 0.1, 0.2], [0, 1], 3)).toBe(0);
    expect(classifierRocAuc([0.5, 0.5, 0], [0], 3)).toBeUndefined();
  });
});

describe('meanConfidenceDrop', () => {
  it('mean of p_clean(label) − p_adv(label) over clean-correct samples only', () => {
    const clean = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4];
    const adversarial = [0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
    // sample 0 (label 0): 0.9 − 0.3 = 0.6; sample 1 (label 1): 0.8 − 0.8 = 0; sample 2 not clean-correct
    expect(meanConfidenceDrop(clean, adversarial, [0, 1, 0], [1, 1, 0], 2)).toBeCloseTo(0.3, 12);
  });
  it('0 clean-correct samples → 0', () => {
    expect(meanConfidenceDrop([0.5, 0.5], [0.5, 0.5], [0], [0], 2)).toBe(0);
  });
});

describe('summarizeClassification', () => {
  it('bundles per-class metrics, confusion and ROC-AUC; drops the confusion matrix above the class limit', () => {
    const summary = summarizeClassification({ labels: [0, 1], predictions: [0, 1], probabilities: [0.9, 0.1, 0.2, 0.8], numClasses: 2 });
    expect(summary.confusion).toEqual([[1, 0], [0, 1]]);
    expect(summary.rocAuc).toBe(1);
    expect(summary.perClass).toHaveLength(2);
    const many = confusionMaxClasses + 1;
    const big = summarizeClassification({ labels: [0], predictions: [0], probabilities: new Float32Array(many).fill(1 / many), numClasses: many });
    expect(big.confusion).toBeUndefined();
    expect(big.rocAuc).toBeUndefined();
  });
});
