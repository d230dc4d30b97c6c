import { describe, expect, test } from 'vitest';
import { floatTensor, type OnnxGraph } from '../../src/engine/onnx/ir.js';
import { OrtSession } from '../../src/engine/ort/ort-session.js';
import { maxInputValuesPerRun, rowsPerRun, runInRows } from '../../src/engine/ort/row-runs.js';

/** y[n, 2] = x[n, 3] · W + b, and z[n] = y summed per row: per-row results that show which row fed them. */
function linearGraph(): OnnxGraph {
  return {
    opset: 17,
    nodes: [
      { op: 'MatMul', name: 'matmul', inputs: ['x', 'W'], outputs: ['xw'], attributes: {}, domain: '' },
      { op: 'Add', name: 'add', inputs: ['xw', 'b'], outputs: ['y'], attributes: {}, domain: '' },
    ],
    initializers: new Map([['W', floatTensor([3, 2], [1, 2, 3, 4, 5, 6])], ['b', floatTensor([2], [0.5, -0.5])]]),
    inputs: [{ name: 'x', type: 'float32', shape: ['N', 3] }],
    outputs: [{ name: 'y', type: 'float32', shape: ['N', 2] }],
  };
}

describe('ONNX Runtime runs in parts of rows', () => {
  test('rows per run bound the input values of one run; small samples keep whole batches', () => {
    expect(rowsPerRun(128 * 128 * 3)).toBe(Math.floor(maxInputValuesPerRun / 49_152));
    expect(rowsPerRun(128 * 128 * 3) * 49_152).toBeLessThanOrEqual(maxInputValuesPerRun);
    expect(rowsPerRun(28 * 28)).toBeGreaterThanOrEqual(1024);
    expect(rowsPerRun(10_000_000)).toBe(1);
  });

  test('a batch run in parts equals the batch run at once, row for row (the parts read their own rows)', () => {
    const session = new OrtSession(linearGraph(), { threads: 1 });
    try {
      const rows = 7;
      const x = Float32Array.from({ length: rows * 3 }, (_, index) => index * 0.25 - 1);
      const whole = runInRows(session, rows, rows, { x: { data: x, rowShape: [3] } }, ['y']);
      for (const limit of [1, 2, 3, 6]) {
        const parts = runInRows(session, rows, limit, { x: { data: x, rowShape: [3] } }, ['y']);
        expect(parts.y!.rowShape).toEqual([2]);
        expect(Array.from(parts.y!.data)).toEqual(Array.from(whole.y!.data));
      }
      // An empty batch is one empty run, whatever the limit.
      expect(runInRows(session, 0, 2, { x: { data: new Float32Array(0), rowShape: [3] } }, ['y']).y!.data.length).toBe(0);
      // Row 5 by hand: x = [2.75, 3, 3.25] → [2.75 + 9 + 16.25 + 0.5, 5.5 + 12 + 19.5 − 0.5].
      expect(Array.from(whole.y!.data.subarray(10, 12))).toEqual([28.5, 36.5]);
    } finally {
      session.dispose();
    }
  });
});
