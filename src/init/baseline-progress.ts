import { budgetLabel, formatBudget } from '../format/budget.js';
import { percent } from '../format/percent.js';
import { createProgressLines } from '../reporters/progress-lines.js';
import type { EventSink } from '../events/run-event.js';

/**
 * What `robustcheck init` prints while it measures its baseline: the clean pass, each attack ×
 * budget as it ends (with how many remain), and periodic lines inside long cases, so the minutes
 * a real model can take are never silent.
 *
 * @param write - prints one line
 */
export function baselineProgress(write: (line: string) => void): EventSink {
  const progress = createProgressLines();
  let total = 0;
  let done = 0;
  return (event) => {
    switch (event.type) {
      case 'suite:start':
        total = event.attacks.reduce((sum, attack) => sum + attack.budgets.length, 0);
        break;
      case 'clean:end':
        write(`  clean pass: ${event.correct}/${event.samples} correct`);
        progress.reset();
        break;
      case 'case:progress': {
        const line = progress.line(event, `${event.attackId} ${formatBudget('epsilon', event.budget)}`);
        if (line) write(line);
        break;
      }
      case 'case:end':
        done += 1;
        write(`  [${done}/${total}] ${event.attackId} ${budgetLabel(event.result)} robust ${percent(event.result.robustAccuracy)}`);
        progress.reset();
        break;
      default:
        break;
    }
  };
}
