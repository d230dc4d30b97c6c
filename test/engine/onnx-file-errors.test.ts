import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpz } from '../../src/data/npz.js';
import { decodeModel, encodeModel } from '../../src/engine/onnx/codec.js';
import { floatTensor, int, int64Tensor, type OnnxGraph, type OnnxNode } from '../../src/engine/onnx/ir.js';
import { InputError } from '../../src/errors.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { selectBackend } from '../../src/model/backend.js';
import { loadClassifier } from '../../src/model/load-model.js';
import { runCli } from '../helpers/cli-fixture.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { expectRefusal, makeTempDir, removeDir } from '../model/model-test-helpers.js';
import { modelSpec, relativeError } from './engine-agreement-helpers.js';

/**
 * ONNX files robustcheck cannot evaluate must stop with a clear exit-2 InputError naming the
 * problem — never a crash, never a silent fallback: bytes that are no model, graphs that are not
 * one-input/one-output classifiers, dynamic sample axes, integer inputs, ops without a gradient
 * rule, external weights. Then real third-party files (Debian's libonnx-testdata).
 */

const { onnx } = onnxProto;
let dir: string;

beforeAll(async () => {
  await selectBackend('cpu');
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

/** A node in the default domain. */
function node(op: string, inputs: string[], outputs: string[], attributes: OnnxNode['attributes'] = {}): OnnxNode {
  return { op, name: `${op}_${outputs[0]}`, inputs, outputs, attributes, domain: '' };
}

/**
 * A valid 4-feature → 3-class linear classifier (`y = x·W + B`, dynamic batch), the base the
 * broken variants change one thing of.
 */
function linearGraph(): OnnxGraph {
  const random = mulberry32(5);
  return {
    opset: 17,
    nodes: [node('Gemm', ['x', 'W', 'B'], ['y'])],
    initializers: new Map([
      ['W', floatTensor([4, 3], Array.from({ length: 12 }, () => random() - 0.5))],
      ['B', floatTensor([3], [0.1, -0.2, 0.3])],
    ]),
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 4] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', 3] }],
  };
}

/** Writes `bytes` as `name` in the temp folder; returns its path. */
function writeModel(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The linear classifier with its weight `W` moved to an external file (as `save_as_external_data` writes). */
function externalDataBytes(): Uint8Array {
  const model = onnx.ModelProto.decode(encodeModel(linearGraph()));
  const weight = model.graph?.initializer?.find((tensor) => tensor.name === 'W');
  if (!weight?.rawData) throw new Error('the base classifier has no raw weight W');
  writeFileSync(join(dir, 'weights.bin'), weight.rawData);
  weight.rawData = new Uint8Array();
  weight.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  weight.externalData = [onnx.StringStringEntryProto.create({ key: 'location', value: 'weights.bin' })];
  return onnx.ModelProto.encode(model).finish();
}

const randomBytes = Uint8Array.from({ length: 4096 }, ((random) => () => Math.floor(random() * 256))(mulberry32(9)));

/** Each broken file, and what the refusal must say. */
const brokenFiles: Array<{ name: string; file: string; bytes: () => Uint8Array; code: string; message: RegExp; cli?: boolean }> = [
  // Protobuf skips fields it does not know, so these random bytes decode to a ModelProto without a graph.
  { name: 'random bytes', file: 'random.onnx', bytes: () => randomBytes, code: 'MODEL_ONNX', message: /it is not an ONNX model|it holds no graph/, cli: true },
  {
    name: 'a truncated file', file: 'truncated.onnx', code: 'MODEL_ONNX', message: /is not a valid ONNX protobuf/,
    bytes: () => { const whole = encodeModel(linearGraph()); return whole.slice(0, Math.floor(whole.length / 2)); },
  },
  { name: 'an empty file', file: 'empty.onnx', bytes: () => new Uint8Array(), code: 'MODEL_ONNX', message: /holds no graph/ },
  {
    name: 'two inputs', file: 'two-inputs.onnx', code: 'MODEL_ONNX', message: /has 2 inputs \("x", "shift"\).*one input/, cli: true,
    bytes: () => {
      const graph = linearGraph();
      return encodeModel({
        ...graph,
        nodes: [node('Gemm', ['x', 'W', 'B'], ['h']), node('Add', ['h', 'shift'], ['y'])],
        inputs: [...graph.inputs, { name: 'shift', type: 'float32', shape: ['N', 3] }],
      });
    },
  },
  {
    name: 'two outputs', file: 'two-outputs.onnx', code: 'MODEL_ONNX', message: /has 2 outputs \("y", "p"\).*one output \[batch, classes\]/,
    bytes: () => {
      const graph = linearGraph();
      return encodeModel({ ...graph, nodes: [...graph.nodes, node('Softmax', ['y'], ['p'], { axis: int(1) })], outputs: [...graph.outputs, { name: 'p', type: 'float32', shape: ['N', 3] }] });
    },
  },
  {
    name: 'a dynamic non-batch dimension', file: 'dynamic.onnx', code: 'MODEL_INPUT_SHAPE', message: /input shape \[None, None\]: axis 1 has no fixed size/,
    bytes: () => encodeModel({ ...linearGraph(), inputs: [{ name: 'x', type: 'float32', shape: ['N', 'features'] }] }),
  },
  {
    name: 'an int64 input', file: 'int64.onnx', code: 'MODEL_ONNX', message: /input "x" is int64; robustcheck feeds float32 inputs/,
    bytes: () => {
      const graph = linearGraph();
      return encodeModel({
        ...graph,
        nodes: [node('Cast', ['x'], ['xf'], { to: int(onnx.TensorProto.DataType.FLOAT) }), node('Gemm', ['xf', 'W', 'B'], ['y'])],
        inputs: [{ name: 'x', type: 'int64', shape: ['N', 4] }],
      });
    },
  },
  {
    // Sorting the features: TopK runs in ONNX Runtime but has no input-gradient rule.
    name: 'an op without a gradient rule (TopK)', file: 'topk.onnx', code: 'ENGINE_UNSUPPORTED_OPS', message: /cannot differentiate: TopK\./, cli: true,
    bytes: () => {
      const graph = linearGraph();
      return encodeModel({
        ...graph,
        nodes: [node('TopK', ['x', 'k'], ['sorted', 'order'], { axis: int(1) }), node('Gemm', ['sorted', 'W', 'B'], ['y'])],
        initializers: new Map([...graph.initializers, ['k', int64Tensor([1], [4])]]),
      });
    },
  },
  { name: 'external data', file: 'external.onnx', bytes: externalDataBytes, code: 'MODEL_ONNX', message: /initializer "W" stores its data in an external file/ },
];

describe('malformed and unsupported ONNX files are exit-2 InputErrors naming the problem', () => {
  it('the base classifier they are made from loads and runs (so each refusal is the change, not the base)', async () => {
    const loaded = await loadClassifier(modelSpec(writeModel('linear.onnx', encodeModel(linearGraph()))), { threads: 1 });
    try {
      expect(loaded.engine?.engine).toBe('onnxruntime');
      const logits = tf.tidy(() => loaded.classifier.logits(tf.ones([2, 4])).arraySync());
      expect(logits).toHaveLength(2);
    } finally {
      loaded.classifier.dispose();
    }
  });

  for (const entry of brokenFiles) {
    it(entry.name, async () => {
      const path = writeModel(entry.file, entry.bytes());
      const error = await expectRefusal(loadClassifier(modelSpec(path), { threads: 1 }), entry.code);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(path);
      expect(error.message).toMatch(entry.message);
    });
  }

  it('through the CLI: exit 2, the message on the console, no stack trace, an error report without results', () => {
    // Data the base classifier could take, so only the model is wrong.
    writeFileSync(join(dir, 'features.npz'), encodeNpz({
      x: { values: Float32Array.from({ length: 8 * 4 }, (_, index) => (index % 5) / 5), shape: [8, 4] },
      y: { values: Int32Array.from({ length: 8 }, (_, index) => index % 3), shape: [8] },
    }));
    const cliCases = brokenFiles.filter((entry) => entry.cli);
    expect(cliCases.length).toBeGreaterThanOrEqual(3);
    for (const entry of cliCases) {
      const path = writeModel(entry.file, entry.bytes());
      const suite = join(dir, `${entry.file}.suite.json`);
      writeFileSync(suite, JSON.stringify({
        id: 'broken-onnx',
        model: { path },
        data: { path: join(dir, 'features.npz'), batchSize: 8 },
        attacks: [{ id: 'fgsm', type: 'fgsm', norm: 'linf', epsilons: [0.1] }],
      }));
      const out = join(dir, `out-${entry.file}`);
      const result = runCli(['run', suite, '--out', out], dir);
      const output = result.stdout + result.stderr;
      expect(result.code, `${entry.name}: ${output}`).toBe(2);
      expect(output, entry.name).toMatch(entry.message);
      expect(output, entry.name).not.toMatch(/\n\s+at /);
      // The error report records the refusal; no sample was evaluated.
      const report = JSON.parse(readFileSync(join(out, 'broken-onnx', 'report.json'), 'utf8')) as SuiteReport;
      expect(report, entry.name).toMatchObject({ verdict: 'error', exitCode: 2, error: { code: entry.code } });
      expect(report.error?.message, entry.name).toMatch(entry.message);
      expect(report.attacks.flatMap((attack) => attack.results), entry.name).toEqual([]);
    }
  });
});

/** Debian's `libonnx-testdata`: ONNX's own test models, among them PyTorch exports nobody here made. */
const testdata = '/usr/share/libonnx-testdata/data';
const haveTestdata = existsSync(join(testdata, 'pytorch-converted/test_Linear/model.onnx'));

/** Float values of a serialised TensorProto (the `.pb` files next to each test model). */
function tensorValues(path: string): { dims: number[]; values: Float32Array } {
  const proto = onnx.TensorProto.decode(readFileSync(path));
  const dims = proto.dims.map(Number);
  if (proto.rawData && proto.rawData.length > 0) {
    const raw = proto.rawData;
    return { dims, values: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) };
  }
  return { dims, values: Float32Array.from(proto.floatData) };
}

describe.skipIf(!haveTestdata)('third-party ONNX files (libonnx-testdata; skipped without `apt-get install libonnx-testdata`)', () => {
  it('PyTorch test_Linear (rank-2 output [4, 8], opset 6): refused, its fixed batch of 4 named', async () => {
    const path = join(testdata, 'pytorch-converted/test_Linear/model.onnx');
    // Checked first, so the refusal is about this file's real shape, not an assumption.
    const graph = decodeModel(new Uint8Array(readFileSync(path)));
    expect(graph.outputs.map((value) => value.shape)).toEqual([[4, 8]]);
    expect(graph.inputs.map((value) => value.shape)).toEqual([[4, 10]]);
    const error = await expectRefusal(loadClassifier(modelSpec(path), { threads: 1 }), 'MODEL_ONNX');
    expect(error.message).toMatch(/input "0" has a fixed batch size of 4\. Re-export it with a dynamic batch axis\./);
  });

  it('PyTorch test_operator_flatten (batch 1, output [1, 24], opset 6): refused, the opset named', async () => {
    const path = join(testdata, 'pytorch-operator/test_operator_flatten/model.onnx');
    const graph = decodeModel(new Uint8Array(readFileSync(path)));
    expect(graph.outputs.map((value) => value.shape)).toEqual([[1, 24]]);
    expect(graph.opset).toBe(6);
    const error = await expectRefusal(loadClassifier(modelSpec(path), { threads: 1 }), 'MODEL_ONNX');
    expect(error.message).toMatch(/uses ONNX opset 6; robustcheck differentiates opset 11 or later/);
  });

  it('ONNX test_softmax_example (opset 13, [1, 3] → Softmax): evaluated, output equal to its shipped reference within 1e-4', async () => {
    const folder = join(testdata, 'node/test_softmax_example');
    const input = tensorValues(join(folder, 'test_data_set_0/input_0.pb'));
    const expected = tensorValues(join(folder, 'test_data_set_0/output_0.pb'));
    expect(expected.dims).toEqual([1, 3]);
    // Inputs outside [0, 1]: the model's input range is whatever its users feed.
    const loaded = await loadClassifier(modelSpec(join(folder, 'model.onnx'), { inputRange: [-10, 10] }), { threads: 1 });
    try {
      expect(loaded.engine?.engine).toBe('onnxruntime');
      expect(loaded.classifier.outputKind).toBe('probabilities');
      const actual = tf.tidy(() => {
        const x = tf.tensor(input.values, input.dims);
        return { raw: loaded.classifier.rawOutput(x).dataSync() as Float32Array, logits: loaded.classifier.logits(x).dataSync() as Float32Array };
      });
      expect(relativeError(actual.raw, expected.values)).toBeLessThan(1e-4);
      // Probabilities are read as their logarithm.
      expect(relativeError(actual.logits, expected.values.map(Math.log))).toBeLessThan(1e-4);
    } finally {
      loaded.classifier.dispose();
    }
  });

  it('ONNX test_hardmax_one_hot (Hardmax, no input gradient): refused naming Hardmax', async () => {
    const error = await expectRefusal(loadClassifier(modelSpec(join(testdata, 'node/test_hardmax_one_hot/model.onnx')), { threads: 1 }), 'ENGINE_UNSUPPORTED_OPS');
    expect(error.message).toMatch(/cannot differentiate: Hardmax\./);
  });
});
