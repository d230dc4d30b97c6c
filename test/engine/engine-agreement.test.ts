import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { writeConvertedGraphModel } from '../fixtures/models/converted-graph-fixture.js';
import { makeTempDir, removeDir } from '../model/model-test-helpers.js';
import { expectEnginesAgree, expectLogitsAgreeAndOnlyOrtDifferentiates, humanModels, lossCases, loadBoth, modelSpec, uniformSamples } from './engine-agreement-helpers.js';

/**
 * tfjs's pure-JS `cpu` backend needs up to a minute per sample and loss for a real model's input
 * gradient (depthwise backprop is a scalar loop there), so by default the real models are
 * compared with tfjs on `wasm` — whose gradient kernels are themselves checked against `cpu` in
 * `test/model/wasm-kernels.test.ts` — on one untargeted and one targeted loss.
 * `ROBUSTCHECK_FULL_AGREEMENT=1` compares them with `cpu` on every loss and more samples (tens of
 * minutes).
 */
const full = process.env.ROBUSTCHECK_FULL_AGREEMENT === '1';
const realModelLosses = full ? lossCases : lossCases.filter((entry) => (entry.loss === 'ce' && !entry.targeted) || (entry.loss === 'dlr' && entry.targeted));

/**
 * The ONNX Runtime engine against tfjs on the `cpu` backend (the reference kernels): logits and
 * the input gradient of every attack loss, on the demo model, converter-style GraphModels and
 * real third-party models nobody here made (depthwise, float16-quantised, single sigmoid,
 * 128×128×3, batch-norm as Mul/Add, AvgPool/Tanh/StridedSlice, Pad/Maximum/Minimum).
 */
describe('ONNX Runtime engine agrees with tfjs', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('cpu');
    dir = makeTempDir();
  });
  afterAll(() => removeDir(dir));

  const cases: Array<{ name: string; spec: () => ReturnType<typeof modelSpec>; samples: number; why: string; real?: boolean; noTfjsGradient?: boolean }> = [
    { name: 'demo CNN (LayersModel)', spec: () => modelSpec('suites/models/fashion-cnn/model.json'), samples: 8, why: 'conv/pool/dense, softmax head' },
    ...(['softmax', 'sigmoid', 'logits'] as const).map((head) => ({
      name: `converter-style GraphModel (${head} head)`, samples: 6, why: 'fused convs, separable convs, FusedBatchNormV3, AddV2',
      spec: () => {
        const folder = join(dir, head);
        mkdirSync(folder, { recursive: true });
        return modelSpec(writeConvertedGraphModel(folder, head));
      },
    })),
    { name: 'human-models emotion', spec: () => modelSpec(join(humanModels, 'emotion.json')), samples: full ? 4 : 1, real: true, why: '64×64×1, depthwise separable, softmax' },
    { name: 'human-models gender', spec: () => modelSpec(join(humanModels, 'gender.json')), samples: full ? 3 : 1, real: true, why: '64×64×1, depthwise, residual AddV2' },
    { name: 'human-models antispoof', spec: () => modelSpec(join(humanModels, 'antispoof.json')), samples: full ? 2 : 1, real: true, why: '128×128×3, float16-quantised weights, single sigmoid' },
    { name: 'human-models liveness', spec: () => modelSpec(join(humanModels, 'liveness.json')), samples: full ? 4 : 1, real: true, why: '32×32×3, batch norm as Mul/Add, softmax' },
    { name: 'human-models age', spec: () => modelSpec(join(humanModels, 'age.json'), { inputRange: [0, 255] }), samples: full ? 2 : 1, real: true, noTfjsGradient: true, why: '64×64×3, AvgPool, Tanh, StridedSlice, RealDiv' },
    { name: 'human-models mobileface', spec: () => modelSpec(join(humanModels, 'mobileface.json')), samples: full ? 2 : 1, real: true, why: '112×112×3, Pad, Maximum/Minimum (PReLU form), embedding output' },
  ];

  for (const entry of cases) {
    it(`${entry.name}: ${entry.why}`, async () => {
      await selectBackend(entry.real && !full ? 'wasm' : 'cpu');
      const { tfjs, ort } = await loadBoth(entry.spec());
      try {
        expect(tfjs.engine?.engine).toBe('tfjs');
        expect(ort.engine?.engine).toBe('onnxruntime');
        const before = tf.memory().numTensors;
        if (entry.noTfjsGradient) {
          // tfjs has no StridedSlice gradient: only ONNX Runtime can attack this model. Logits must agree,
          // tfjs must refuse the gradient, and ONNX Runtime's must be finite and non-zero.
          expectLogitsAgreeAndOnlyOrtDifferentiates(tfjs.classifier, ort.classifier, uniformSamples(tfjs.classifier, 1, 7));
          expect(tf.memory().numTensors).toBe(before);
          return;
        }
        expectEnginesAgree(tfjs.classifier, ort.classifier, uniformSamples(tfjs.classifier, entry.samples, 7), entry.samples, entry.real ? realModelLosses : lossCases);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tfjs.classifier.dispose();
        ort.classifier.dispose();
      }
    });
  }
});
