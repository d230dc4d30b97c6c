/**
 * Trains the bundled demo model: a Fashion-MNIST CNN (conv32-pool-conv64-pool-dense128-dense10,
 * logits output) with tfjs on the wasm backend, seeded, from Debian's `dataset-fashion-mnist`
 * (Fashion-MNIST © Zalando SE, MIT licence). Writes the model to `suites/models/fashion-cnn/`,
 * the first 1,000 images of the official test set (in order) to
 * `suites/data/fashion-mnist-test-1k.npz`, and the measured test accuracy to `training.json`.
 *
 * Usage: node dist/scripts/train-demo-model.js [--epochs N] [--train-limit N] [--data DIR]
 *        [--out DIR] [--smoke]
 * `--smoke` trains on 512 samples for one epoch into a temporary folder (seconds; used by tests).
 */
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { selectBackend } from '../src/model/backend.js';
import { decodeIdx } from '../src/data/idx.js';
import { encodeNpz } from '../src/data/npz.js';
import { saveLayersModel } from '../src/model/save-model.js';

const { values: options } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    'train-limit': { type: 'string' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    out: { type: 'string', default: 'suites' },
    seed: { type: 'string', default: '20240601' },
    smoke: { type: 'boolean', default: false },
  },
});

const seed = Number(options.seed);
const epochs = options.smoke ? 1 : Number(options.epochs);
const trainLimit = options.smoke ? 512 : options['train-limit'] ? Number(options['train-limit']) : Infinity;
const outRoot = options.smoke ? mkdtempSync(join(tmpdir(), 'robustcheck-train-')) : options.out!;

function readIdx(name: string) {
  return decodeIdx(new Uint8Array(readFileSync(join(options.data!, name))));
}

/** uint8 images [n,28,28] → float32 tensor [n,28,28,1] in [0,1]. */
function toImages(pixels: Uint8Array, count: number): tf.Tensor4D {
  const scaled = new Float32Array(count * 784);
  for (let i = 0; i < scaled.length; i++) scaled[i] = pixels[i]! / 255;
  return tf.tensor4d(scaled, [count, 28, 28, 1]);
}

function buildModel(): tf.LayersModel {
  let layerSeed = seed;
  const init = () => tf.initializers.glorotUniform({ seed: ++layerSeed });
  const model = tf.sequential({ name: 'fashion_cnn' });
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 10, kernelInitializer: init() })); // logits: attacks want them
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
    metrics: ['accuracy'],
  });
  return model;
}

function accuracy(model: tf.LayersModel, images: tf.Tensor4D, labels: Uint8Array): number {
  let correct = 0;
  for (let start = 0; start < labels.length; start += 500) {
    const size = Math.min(500, labels.length - start);
    const predicted = tf.tidy(() => (model.predict(images.slice(start, size)) as tf.Tensor).argMax(-1).dataSync());
    for (let i = 0; i < size; i++) if (predicted[i] === labels[start + i]) correct++;
  }
  return correct / labels.length;
}

async function main(): Promise<void> {
  const backend = await selectBackend('wasm');
  const trainX = readIdx('train-images-idx3-ubyte.gz');
  const trainY = readIdx('train-labels-idx1-ubyte.gz');
  const testX = readIdx('t10k-images-idx3-ubyte.gz');
  const testY = readIdx('t10k-labels-idx1-ubyte.gz');
  const trainCount = Math.min(trainLimit, trainY.shape[0]!);
  const testCount = options.smoke ? 1000 : testY.shape[0]!;
  const model = buildModel();
  const random = seedrandom(String(seed));
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Our own seeded shuffle: tfjs's fit(shuffle) draws from Math.random.
    const order = Array.from({ length: trainCount }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const pixels = new Uint8Array(trainCount * 784);
    const labels = new Int32Array(trainCount);
    order.forEach((source, row) => {
      pixels.set((trainX.values as Uint8Array).subarray(source * 784, (source + 1) * 784), row * 784);
      labels[row] = trainY.values[source]!;
    });
    const xs = toImages(pixels, trainCount);
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
    const history = await model.fit(xs, ys, { batchSize: 64, epochs: 1, shuffle: false, verbose: 0 });
    xs.dispose();
    ys.dispose();
    process.stdout.write(`epoch ${epoch + 1}/${epochs}: loss ${Number(history.history.loss![0]).toFixed(4)} ` +
      `(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  const testImages = toImages(testX.values as Uint8Array, testCount);
  const testAccuracy = accuracy(model, testImages, (testY.values as Uint8Array).subarray(0, testCount));
  testImages.dispose();
  const modelDir = join(outRoot, 'models', 'fashion-cnn');
  await saveLayersModel(model, modelDir);
  writeFileSync(join(modelDir, 'training.json'), `${JSON.stringify({
    dataset: 'Fashion-MNIST (Zalando SE, MIT licence), Debian dataset-fashion-mnist',
    architecture: 'conv32(3x3,same,relu)-maxpool2-conv64(3x3,same,relu)-maxpool2-dense128(relu)-dense10(logits)',
    seed, epochs, batchSize: 64, optimizer: 'adam(1e-3)', trainSamples: trainCount,
    backend: backend.backend, testSamples: testCount, testAccuracy,
    trainingSeconds: Math.round((Date.now() - started) / 1000),
  }, null, 2)}\n`);
  const dataDir = join(outRoot, 'data');
  mkdirSync(dataDir, { recursive: true });
  const subset = 1000;
  writeFileSync(join(dataDir, 'fashion-mnist-test-1k.npz'), encodeNpz({
    x: { values: (testX.values as Uint8Array).slice(0, subset * 784), shape: [subset, 28, 28, 1] },
    y: { values: (testY.values as Uint8Array).slice(0, subset), shape: [subset] },
  }));
  process.stdout.write(`test accuracy ${testAccuracy.toFixed(4)} on ${testCount} images; wrote ${modelDir} and ${dataDir}\n`);
}

await main();
