import { describe, expect, it } from 'vitest';
import { windowCorner, type WindowPositions } from '../../attacks/core/square-geometry.js';
import { mulberry32 } from '../helpers/mulberry32.js';

/** Every corner `windowCorner` drew in 2,000 draws, per axis. */
function corners(positions: WindowPositions, height: number, width: number, side: number): { rows: Set<number>; columns: Set<number> } {
  const random = mulberry32(3);
  const rows = new Set<number>();
  const columns = new Set<number>();
  for (let draw = 0; draw < 2000; draw++) {
    const [row, column] = windowCorner({ height, width, channels: 1 }, [side, side], random, positions);
    rows.add(row);
    columns.add(column);
  }
  return { rows, columns };
}

describe('Square window positions', () => {
  it("'autoattack' draws corners as AutoAttack's square.py (random_int(0, h − s): the last position never)", () => {
    // 28×28 at p_init 0.8: side 25, the official code starts windows at 0, 1 or 2 — never 3.
    expect(corners('autoattack', 28, 28, 25)).toEqual({ rows: new Set([0, 1, 2]), columns: new Set([0, 1, 2]) });
    // A 1-pixel window never reaches row or column 27.
    const single = corners('autoattack', 28, 28, 1);
    expect(Math.max(...single.rows)).toBe(26);
    expect(Math.max(...single.columns)).toBe(26);
    // A window as large as the image starts at 0.
    expect(corners('autoattack', 5, 5, 5)).toEqual({ rows: new Set([0]), columns: new Set([0]) });
  });

  it("'all' draws every corner where the window fits (the paper's algorithm)", () => {
    expect(corners('all', 28, 28, 25)).toEqual({ rows: new Set([0, 1, 2, 3]), columns: new Set([0, 1, 2, 3]) });
    expect(Math.max(...corners('all', 28, 28, 1).rows)).toBe(27);
    expect(corners('all', 5, 5, 5)).toEqual({ rows: new Set([0]), columns: new Set([0]) });
  });
});
