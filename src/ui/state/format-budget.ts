/** Budget label shared by every view: `ε=0.03` for ε budgets, `severity 3` for corruptions. */
export function formatBudget(kind: 'epsilon' | 'severity', budget: number): string {
  return kind === 'severity' ? `severity ${budget}` : `ε=${budget}`;
}
