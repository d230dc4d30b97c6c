/**
 * The backend registry (DESIGN.md §5–6): the tfjs backends robustcheck can compute on and the
 * choices `--backend` and `ROBUSTCHECK_BACKEND` take. `tensorflow` is the native
 * tfjs-node(-gpu) binding, `webgpu` tfjs-backend-webgpu on Dawn (the optional `webgpu` package).
 * Starting one is `backend.ts`'s job: a new backend is its name here and its start-up step there.
 */

/**
 * Backends in `auto`'s order of preference; native TensorFlow without a GPU falls back below
 * webgpu (see `selectBackend`).
 */
export const backendNames = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

/** Backend names accepted by `--backend`: a backend, or `auto` (the fastest that starts). */
export const backendChoices = ['auto', ...backendNames] as const;
export type BackendChoice = (typeof backendChoices)[number];

/** Whether `value` names a backend choice. */
export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (backendChoices as readonly string[]).includes(value);
}
