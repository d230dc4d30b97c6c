/** Shared helpers for model tests: temp folders, a recording reader, tiny models built in code. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { RobustcheckError } from '../../src/errors.js';
import { nodeModelFileReader, type ModelFileReader } from '../../src/model/model-file-reader.js';
import { saveLayersModel } from '../../src/model/save-model.js';
import type { ResolvedSuite } from '../../src/suite/types.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** A fresh canonical temp folder (canonical so recorded realpaths compare equal). */
export function makeTempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'robustcheck-model-')));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One file-system call a reader received. */
export interface ReaderCall {
  op: 'stat' | 'realpath' | 'readFile';
  path: string;
}

/** A {@link ModelFileReader} that records every path it is asked about, then delegates to node:fs. */
export function recordingReader(): { reader: ModelFileReader; calls: ReaderCall[] } {
  const calls: ReaderCall[] = [];
  const reader: ModelFileReader = {
    stat: (path) => (calls.push({ op: 'stat', path }), nodeModelFileReader.stat(path)),
    realpath: (path) => (calls.push({ op: 'realpath', path }), nodeModelFileReader.realpath(path)),
    readFile: (path) => (calls.push({ op: 'readFile', path }), nodeModelFileReader.readFile(path)),
  };
  return { reader, calls };
}

/** True when `path` is `folder` or lies inside it. */
export function isWithin(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

/** Writes a model.json (object or raw text) and weight files into `dir`; returns model.json's path. */
export function writeRawModel(dir: string, modelJson: object | string, files: Record<string, Uint8Array> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const path = join(dir, 'model.json');
  writeFileSync(path, typeof modelJson === 'string' ? modelJson : JSON.stringify(modelJson));
  return path;
}

/** A minimal valid model.json object around one manifest group. */
export function manifestModel(paths: string[], weights: object[]): object {
  return { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: {} }, weightsManifest: [{ paths, weights }] };
}

/** Float32 bytes of `values`. */
export function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** The resolved `model` section of a suite with defaults, as `resolveSuite` would produce it. */
export function modelSpec(path: string, overrides: Partial<ResolvedSuite['model']> = {}): ResolvedSuite['model'] {
  return { path, format: 'auto', output: 'auto', inputRange: [0, 1], ...overrides };
}

/** Asserts that `promise` rejects with a robustcheck error of `code` (exit 2 unless given). */
export async function expectRefusal(promise: Promise<unknown>, code: string, exitCode = 2): Promise<RobustcheckError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(RobustcheckError);
  const typed = error as RobustcheckError;
  expect(typed.code, typed.message).toBe(code);
  expect(typed.exitCode).toBe(exitCode);
  return typed;
}

/** Deterministic values in [-1, 1) (mulberry32), so fixtures never use tfjs's RNG. */
export function seededValues(seed: number, count: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: count }, () => next() * 2 - 1);
}

/** Options of {@link writeDenseModel}. */
export interface DenseModelOptions {
  inputSize?: number;
  hidden?: number;
  units: number;
  activation?: 'linear' | 'softmax' | 'sigmoid';
  seed?: number;
}

/**
 * Builds an MLP (input → dense relu → dense `units`), gives it seeded weights, saves it into
 * `dir` and returns it still loaded (the caller disposes it) with model.json's path.
 */
export async function writeDenseModel(dir: string, options: DenseModelOptions): Promise<{ model: tf.Sequential; path: string }> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [options.inputSize ?? 4], units: options.hidden ?? 5, activation: 'relu', name: 'hidden' }));
  model.add(tf.layers.dense({ units: options.units, activation: options.activation ?? 'linear', name: 'head' }));
  let seed = options.seed ?? 11;
  const weights = model.getWeights().map((weight) => tf.tensor(seededValues(seed++, weight.size), weight.shape));
  model.setWeights(weights);
  tf.dispose(weights);
  await saveLayersModel(model, dir);
  return { model, path: join(dir, 'model.json') };
}

/** A seeded batch `[n, ...shape]` with values in [0, 1). */
export function seededBatch(seed: number, n: number, shape: number[]): tf.Tensor {
  const size = n * shape.reduce((a, b) => a * b, 1);
  return tf.tensor(seededValues(seed, size).map((value) => (value + 1) / 2), [n, ...shape]);
}

/** Largest absolute difference between two tensors' values. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}
