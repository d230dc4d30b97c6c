/** Who computes logits and input gradients (DESIGN.md §6). `auto`: ONNX Runtime when the whole model translates, else tfjs. */
export const engineChoices = ['auto', 'onnxruntime', 'tfjs'] as const;
export type EngineChoice = (typeof engineChoices)[number];

/** The engine that runs one suite's model, and why; recorded in the report's `environment`. */
export interface EngineSelection {
  engine: 'onnxruntime' | 'tfjs';
  /** Why this engine (requested, or what `auto` found). */
  reason: string;
  /** Ops or layers ONNX Runtime could not take, when that is why tfjs runs. */
  unsupported?: string[];
  /** onnxruntime-node version, when ONNX Runtime runs. */
  ortVersion?: string;
  /** ONNX Runtime intra-op threads, when ONNX Runtime runs. */
  threads?: number;
}

/** Whether `value` names an engine choice. */
export function isEngineChoice(value: unknown): value is EngineChoice {
  return typeof value === 'string' && (engineChoices as readonly string[]).includes(value);
}
