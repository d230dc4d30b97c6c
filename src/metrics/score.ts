/** One (attack, budget) cell of the score. */
export interface ScoreCell {
  robustAccuracy: number;
  cleanAccuracy: number;
}

/**
 * Suite score in [0, 100] (DESIGN.md §2): 100 × mean over every (attack, ε/severity) cell of
 * robust ÷ clean accuracy. A model with no clean-correct sample scores 0, and so does a suite
 * with no finished cell: nothing measured certifies nothing.
 */
export function robustnessScore(cells: ScoreCell[]): number {
  if (cells.length === 0) return 0;
  const ratios = cells.map((cell) => (cell.cleanAccuracy > 0 ? Math.min(1, cell.robustAccuracy / cell.cleanAccuracy) : 0));
  return (100 * ratios.reduce((sum, ratio) => sum + ratio, 0)) / ratios.length;
}
