import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { selectBackend } from '../../src/model/backend.js';
import { mutations } from '../fixtures/mutants/index.js';
import { denseClassifier, fixtureNumbers, randomDense } from '../helpers/classifiers.js';
import { runSubject } from './support/audit.js';
import { spyClassifier } from './support/spy-classifier.js';
it('scratch', async () => {
  await selectBackend('wasm');
  const classifier = denseClassifier([randomDense(31, 20, 32, 1.2), randomDense(32, 32, 5, 1.2)]);
  const x = Float32Array.from(fixtureNumbers(33, 80 * 20), (v) => (v + 1) / 2);
  const labels = tf.tidy(() => classifier.logits(tf.tensor(x, [80, 20])).argMax(1).dataSync() as Int32Array);
  const bench = { classifier, x, labels };
  for (const [type, norm, eps, params] of [['pgd','linf',0.06,{steps:10}], ['pgd','linf',0.06,{steps:10, relativeStepSize: 1}], ['pgd','linf',0.04,{steps:10, restarts: 3}], ['pgd','linf',0.04,{steps:10, restarts: 3, relativeStepSize: 1}], ['pgd','l2',0.3,{steps:10, restarts: 3, relativeStepSize: 1}], ['apgd','linf',0.04,{steps:10, restarts: 3}], ['mim','l2',0.3,{steps:10, relativeStepSize: 0.5}]] as const) {
    for (const mutant of [false, true]) {
      const definition = mutant ? mutations['last-iterate']!(attackRegistry[type]!) : undefined;
      const spied = spyClassifier(classifier, x, labels, eps, norm);
      const outcome = await runSubject(bench, { type, norm, params, epsilons: [eps, eps, eps], definition }, eps, spied.classifier);
      let lost = 0; spied.seen.forEach((s, i) => { if (s && outcome.robust[i]) lost++; });
      console.log(type, norm, eps, JSON.stringify(params), mutant ? 'MUTANT' : 'real', 'seen', spied.seen.reduce((a,b)=>a+b,0), 'broken', outcome.robust.reduce((a,b)=>a+1-b,0), 'lost', lost);
    }
  }
});
