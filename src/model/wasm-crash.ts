/**
 * True for an error raised inside a WebAssembly module (a tfjs-wasm kernel reading or writing
 * out of its heap, an unreachable trap): `WebAssembly.RuntimeError`, or its messages when the
 * error crossed a worker boundary as plain text.
 */
export function isWasmCrash(error: unknown): error is Error {
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) return true;
  return error instanceof Error && /memory access out of bounds|unreachable executed|^RuntimeError:|call stack exhausted|indirect call/i.test(error.message);
}
