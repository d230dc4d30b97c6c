import { summarizeClassification } from '../../metrics/classification-summary.js';
import { meanConfidenceDrop } from '../../metrics/confidence-drop.js';
import { perClassMetrics } from '../../metrics/per-class.js';
import type { CaseResult, SuiteReport } from '../report-types.js';
import type { ClassMetrics } from '../statistics-types.js';
import type { CleanTally, ClassEvidence } from './report-tally.js';

/** The model's classes, as the classification metrics need them. */
export interface ClassContext {
  numClasses: number;
  classNames?: string[];
}

/**
 * Per-class metrics from a confusion matrix and each class's count of correct samples, by the
 * same function that reads per-sample predictions, fed the label/prediction pairs the matrix
 * stands for: it only counts, so the result equals the per-sample one.
 */
function perClassFromConfusion(confusion: number[][], correctPerClass: number[] | undefined, classNames?: string[]): ClassMetrics[] {
  const labels: number[] = [];
  const predictions: number[] = [];
  const correct: number[] = [];
  const remaining = correctPerClass ? [...correctPerClass] : undefined;
  confusion.forEach((row, label) => row.forEach((count, prediction) => {
    for (let k = 0; k < count; k++) {
      labels.push(label);
      predictions.push(prediction);
      if (remaining) correct.push(remaining[label]! > 0 ? (remaining[label]!--, 1) : 0);
    }
  }));
  return perClassMetrics({ labels, predictions, numClasses: confusion.length, ...(remaining ? { correct } : {}), ...(classNames ? { classNames } : {}) });
}

/** Correct samples per class from labels and 0/1 flags. */
function countPerClass(labels: ArrayLike<number>, flags: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) if (flags[i]) counts[labels[i]!]!++;
  return counts;
}

/**
 * Per-class metrics, confusion matrix and ROC-AUC of the clean predictions. From a confusion
 * matrix there is no ROC-AUC: it needs every sample's probabilities.
 */
export function cleanClassification(clean: CleanTally, classes: ClassContext): Pick<SuiteReport['clean'], 'perClass' | 'confusion' | 'rocAuc'> {
  const evidence = clean.classes;
  if (!evidence) return {};
  if (evidence.from === 'samples') {
    return summarizeClassification({ labels: clean.labels, predictions: evidence.predictions, probabilities: evidence.probabilities, numClasses: classes.numClasses, classNames: classes.classNames });
  }
  return evidence.confusion ? { perClass: perClassFromConfusion(evidence.confusion, undefined, classes.classNames), confusion: evidence.confusion } : {};
}

/**
 * Per-class metrics (a sample counts correct when robust), confusion, ROC-AUC and mean confidence
 * drop of one case's perturbed predictions.
 */
export function caseClassification(
  evidence: ClassEvidence, robust: Uint8Array, clean: CleanTally, classes: ClassContext,
): Pick<CaseResult, 'perClass' | 'confusion' | 'rocAuc' | 'confidenceDrop'> {
  const { numClasses, classNames } = classes;
  if (evidence.from === 'samples') {
    const cleanProbabilities = clean.classes?.from === 'samples' ? clean.classes.probabilities : undefined;
    return {
      ...summarizeClassification({ labels: clean.labels, predictions: evidence.predictions, probabilities: evidence.probabilities, numClasses, correct: robust, classNames }),
      ...(cleanProbabilities ? { confidenceDrop: meanConfidenceDrop(cleanProbabilities, evidence.probabilities, clean.labels, clean.correct, numClasses) } : {}),
    };
  }
  return {
    ...(evidence.confusion ? {
      perClass: perClassFromConfusion(evidence.confusion, countPerClass(clean.labels, robust, evidence.confusion.length), classNames),
      confusion: evidence.confusion,
    } : {}),
    ...(evidence.confidenceDrop !== undefined ? { confidenceDrop: evidence.confidenceDrop } : {}),
  };
}
