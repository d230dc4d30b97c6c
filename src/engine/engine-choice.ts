/**
 * The engine registry (DESIGN.md §6): what each engine is, and the choices `--engine`,
 * `ROBUSTCHECK_ENGINE` and a suite's `engine` take. The engine names live beside the report's
 * engine record (`src/report/engine-types.ts`); a new engine is its name there, its entry here
 * (the compiler asks for it) and its classifier in `select-engine.ts`.
 */
import { engineNames, type EngineName } from '../report/engine-types.js';

/** What the suite schema says about one engine (absent: its name says enough). */
interface EngineFacts {
  readonly summary?: string;
}

/** Every engine, described. */
export const engines: Readonly<Record<EngineName, EngineFacts>> = {
  onnxruntime: { summary: 'native speed; the model is translated to ONNX' },
  tfjs: {},
};

/** What `auto` does. */
export const autoEngineSummary = 'ONNX Runtime when every op translates, else tfjs';

/** Who computes logits and input gradients. `auto`: ONNX Runtime when the whole model translates, else tfjs. */
export const engineChoices = ['auto', ...engineNames] as const;
export type EngineChoice = (typeof engineChoices)[number];

/** Whether `value` names an engine choice. */
export function isEngineChoice(value: unknown): value is EngineChoice {
  return typeof value === 'string' && (engineChoices as readonly string[]).includes(value);
}

/** The choices described for the suite schema: `onnxruntime (…), tfjs, or auto (…)`. */
export function describeEngineChoices(): string {
  const named = engineNames.map((name) => (engines[name].summary ? `${name} (${engines[name].summary})` : name));
  return `${named.join(', ')}, or auto (${autoEngineSummary})`;
}
