/**
 * The engines a report can name and the engine record of its `environment`. Kept on the report
 * side so report types need nothing from `src/engine`; what each engine is, and the choices
 * `--engine` and a suite's `engine` take, are in `src/engine/engine-choice.ts`.
 */

/** Engines that compute logits and input gradients, in `auto`'s order of preference. */
export const engineNames = ['onnxruntime', 'tfjs'] as const;
export type EngineName = (typeof engineNames)[number];

/** The engine that runs one suite's model, and why; recorded in the report's `environment`. */
export interface EngineSelection {
  engine: EngineName;
  /** Why this engine (requested, or what `auto` found). */
  reason: string;
  /** Ops or layers ONNX Runtime could not take, when that is why tfjs runs. */
  unsupported?: string[];
  /** onnxruntime-node version, when ONNX Runtime runs. */
  ortVersion?: string;
  /** ONNX Runtime intra-op threads, when ONNX Runtime runs. */
  threads?: number;
}
