import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { writeConvertedGraphModel } from '../fixtures/models/converted-graph-fixture.js';
import { makeTempDir, removeDir } from '../model/model-test-helpers.js';
import { expectEnginesAgree, humanModels, loadBoth, modelSpec, uniformSamples } from './engine-agreement-helpers.js';

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

  const cases: Array<{ name: string; spec: () => ReturnType<typeof modelSpec>; samples: number; why: string }> = [
    { name: 'demo CNN (LayersModel)', spec: () => modelSpec('suites/models/fashion-cnn/model.json'), samples: 8, why: 'conv/pool/dense, softmax head' },
    ...(['softmax', 'sigmoid', 'logits'] as const).map((head) => ({
      name: `converter-style GraphModel (${head} head)`, samples: 6, why: 'fused convs, separable convs, FusedBatchNormV3, AddV2',
      spec: () => {
        const folder = join(dir, head);
        mkdirSync(folder, { recursive: true });
        return modelSpec(writeConvertedGraphModel(folder, head));
      },
    })),
    { name: 'human-models emotion', spec: () => modelSpec(join(humanModels, 'emotion.json')), samples: 4, why: '64×64×1, depthwise separable, softmax' },
    { name: 'human-models gender', spec: () => modelSpec(join(humanModels, 'gender.json')), samples: 3, why: '64×64×1, depthwise, residual AddV2' },
    { name: 'human-models antispoof', spec: () => modelSpec(join(humanModels, 'antispoof.json')), samples: 2, why: '128×128×3, float16-quantised weights, single sigmoid' },
    { name: 'human-models liveness', spec: () => modelSpec(join(humanModels, 'liveness.json')), samples: 4, why: '32×32×3, batch norm as Mul/Add, softmax' },
    { name: 'human-models age', spec: () => modelSpec(join(humanModels, 'age.json')), samples: 2, why: '64×64×3, AvgPool, Tanh, StridedSlice, RealDiv' },
    { name: 'human-models mobileface', spec: () => modelSpec(join(humanModels, 'mobileface.json')), samples: 2, why: '112×112×3, Pad, Maximum/Minimum (PReLU form), embedding output' },
  ];

  for (const entry of cases) {
    it(`${entry.name}: ${entry.why}`, async () => {
      const { tfjs, ort } = await loadBoth(entry.spec());
      try {
        expect(tfjs.engine?.engine).toBe('tfjs');
        expect(ort.engine?.engine).toBe('onnxruntime');
        const before = tf.memory().numTensors;
        expectEnginesAgree(tfjs.classifier, ort.classifier, uniformSamples(tfjs.classifier, entry.samples, 7), entry.samples);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tfjs.classifier.dispose();
        ort.classifier.dispose();
      }
    });
  }
});
