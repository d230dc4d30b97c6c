/**
 * The random affine part of ImageNet-C's elastic transform: three control points around the image
 * centre (x, y) = (c + s, c + s), (c + s, c − s), (c − s, c − s), with c = ⌊size/2⌋ and
 * s = ⌊min(h, w)/3⌋, are moved by `jitter` (Δx₀, Δy₀, Δx₁, Δy₁, Δx₂, Δy₂ in pixels). Returns the
 * backward map as 6 coefficients [a, b, c, d, e, f]: an output pixel (x, y) reads the source at
 * (a·x + b·y + c, d·x + e·y + f), i.e. the affine map taking the moved points back to the
 * originals (what cv2.warpAffine applies for the forward map).
 */
export function affineThrough(height: number, width: number, jitter: ArrayLike<number>): number[] {
  const cx = Math.floor(width / 2);
  const cy = Math.floor(height / 2);
  const s = Math.floor(Math.min(height, width) / 3);
  const source: [number, number][] = [[cx + s, cy + s], [cx + s, cy - s], [cx - s, cy - s]];
  const moved = source.map(([x, y], i) => [x + jitter[2 * i]!, y + jitter[2 * i + 1]!] as [number, number]);
  // Solve [x' y' 1]·[a b c]ᵀ = x and [x' y' 1]·[d e f]ᵀ = y over the three points (Cramer's rule).
  const [[x0, y0], [x1, y1], [x2, y2]] = moved as [[number, number], [number, number], [number, number]];
  const det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
  // Jitter that makes the points collinear has no affine map: leave the image as it is.
  if (Math.abs(det) < 1e-9) return [1, 0, 0, 0, 1, 0];
  const solve = (t0: number, t1: number, t2: number): [number, number, number] => [
    (t0 * (y1 - y2) - y0 * (t1 - t2) + (t1 * y2 - t2 * y1)) / det,
    (x0 * (t1 - t2) - t0 * (x1 - x2) + (x1 * t2 - x2 * t1)) / det,
    (x0 * (y1 * t2 - y2 * t1) - y0 * (x1 * t2 - x2 * t1) + t0 * (x1 * y2 - x2 * y1)) / det,
  ];
  return [...solve(source[0]![0], source[1]![0], source[2]![0]), ...solve(source[0]![1], source[1]![1], source[2]![1])];
}
