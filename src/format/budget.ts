/** What an attack's budgets are: ε in input units, or a corruption severity 1–5. */
export type BudgetKind = 'epsilon' | 'severity';

/** A budget as every view labels it: "ε=0.03" for ε budgets, "severity 3" for corruptions. */
export function formatBudget(kind: BudgetKind, budget: number): string {
  return kind === 'severity' ? `severity ${budget}` : `ε=${budget}`;
}

/** The budget label of a result, which holds either its `epsilon` or its `severity`. */
export function budgetLabel(result: { epsilon?: number; severity?: number }): string {
  return result.severity !== undefined ? formatBudget('severity', result.severity) : formatBudget('epsilon', result.epsilon!);
}

/** An ε budget with its norm, as worst-case entries are labelled: "linf ε=0.1" (just "ε=0.1" without a norm). */
export function normBudget(norm: string | undefined, epsilon: number): string {
  return `${norm ? `${norm} ` : ''}${formatBudget('epsilon', epsilon)}`;
}
