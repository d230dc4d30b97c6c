import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * The contents of `model.json` (an object) and its single `weights.bin` for tfjs model artifacts,
 * as the tfjs converter lays them out.
 */
export function modelFilesFromArtifacts(artifacts: tf.io.ModelArtifacts): { modelJson: Record<string, unknown>; weightData: Uint8Array } {
  const weightData = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array();
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.signature ? { signature: artifacts.signature } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return { modelJson, weightData };
}

/**
 * Writes tfjs model artifacts as `model.json` + one `weights.bin` into `dir` (tfjs's own
 * `file://` handler needs tfjs-node). Used by the demo training script and test fixtures.
 */
export function writeModelArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): void {
  mkdirSync(dir, { recursive: true });
  const { modelJson, weightData } = modelFilesFromArtifacts(artifacts);
  writeFileSync(join(dir, 'weights.bin'), weightData);
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);
}

/** Saves a LayersModel into `dir` as `model.json` + `weights.bin`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    writeModelArtifacts(dir, artifacts);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}
