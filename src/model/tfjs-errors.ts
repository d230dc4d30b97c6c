import { InputError, RobustcheckError, RuntimeFailure } from '../errors.js';
import { isWasmCrash } from './wasm-crash.js';

/** First line of an error's message, kept short and printable (tfjs messages can be long). */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Trailing periods go: messages append their own sentence after the summary.
  return (text.split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300).replace(/[.\s]+$/, '');
}

/**
 * Rewrites an error thrown by tfjs while building or first running a model into a typed error
 * that names the model file: unknown classes and ops become `MODEL_UNKNOWN_CLASS` /
 * `MODEL_UNSUPPORTED_OP`, anything else `MODEL_TOPOLOGY` (while building),
 * `MODEL_WEIGHTS_MISMATCH` (while assigning weights) or `MODEL_EXECUTE` (while running, exit 3). Our own typed errors pass through unchanged.
 *
 * @param stage - `build` (deserializing the model), `weights` (assigning its weights: becomes
 *   `MODEL_WEIGHTS_MISMATCH`) or `run` (the first forward pass)
 */
export function rewriteTfjsError(error: unknown, displayPath: string, stage: 'build' | 'weights' | 'run'): RobustcheckError {
  if (error instanceof RobustcheckError) return error;
  const summary = errorSummary(error);
  if (isWasmCrash(error)) {
    // Refused before any evaluation: a kernel that corrupts the engine's heap gives no trustworthy number.
    return new InputError('MODEL_KERNEL_CRASH',
      `The model in "${displayPath}" crashed the WebAssembly engine while ${stage === 'run' ? 'running a test input' : 'being built'} (${summary}): ` +
      'one of its ops has a shape or attribute the wasm kernels cannot handle. Try --backend cpu, or re-export the model with standard ops and shapes.');
  }
  const unknownClass = /Unknown (layer|activation|initializer|regularizer|constraint|loss|metric|optimizer|object)s?:\s*([^\s.]+)/i.exec(summary);
  if (unknownClass) {
    return new InputError('MODEL_UNKNOWN_CLASS',
      `Model file "${displayPath}" uses ${unknownClass[1]!.toLowerCase()} class "${unknownClass[2]}", which tfjs-layers does not know. ` +
      'Custom layers must be ported to JavaScript; robustcheck loads models built from the built-in tfjs layers only.');
  }
  const unknownOp = /Unknown op '([^']+)'/.exec(summary);
  if (unknownOp) {
    return new InputError('MODEL_UNSUPPORTED_OP',
      `Model file "${displayPath}" uses the op "${unknownOp[1]}", which tfjs-converter cannot run. Re-convert the model with ops tfjs supports.`);
  }
  if (/executeAsync/.test(summary)) {
    return new InputError('MODEL_UNSUPPORTED_OP',
      `Model file "${displayPath}" needs tfjs's executeAsync (dynamic shapes or control flow), which has no gradients: ${summary}. Export the model without them.`);
  }
  if (stage === 'weights') {
    return new InputError('MODEL_WEIGHTS_MISMATCH',
      `The weights listed in "${displayPath}" do not fit its layers: ${summary}. model.json and the weight files must come from the same export.`);
  }
  if (stage === 'build') {
    return new InputError('MODEL_TOPOLOGY', `tfjs could not build the model in "${displayPath}": ${summary}. Check that model.json and its weights belong together, or re-export the model.`);
  }
  return new RuntimeFailure('MODEL_EXECUTE', `The model in "${displayPath}" failed on a test input: ${summary}.`);
}
