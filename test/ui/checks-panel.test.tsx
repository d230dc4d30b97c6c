import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ChecksPanel } from '../../src/ui/components/ChecksPanel.js';
import { caseResult, makeReport, stripAnsi } from './fixtures.js';

afterEach(() => cleanup());

describe('checks tab of the explorer', () => {
  it('shows the cascade contributions and Square query counts when the suite ran them', () => {
    const report = makeReport({
      attacks: [
        { id: 'aa', type: 'autoattack', norm: 'linf', budgetKind: 'epsilon', params: {}, results: [caseResult(0.03, 4, 10, {
          contributions: [{ attack: 'apgd-ce', attacked: 9, broken: 4 }, { attack: 'apgd-t', attacked: 5, broken: 1 }, { attack: 'fab-t', attacked: 4, broken: 0 }, { attack: 'square', attacked: 4, broken: 0 }],
        })] },
        { id: 'square', type: 'square', norm: 'linf', budgetKind: 'epsilon', params: {}, results: [caseResult(0.03, 5, 10, { queries: { samples: 9, mean: 2100.5, median: 1500, max: 5000 } })] },
      ],
    });
    const frame = stripAnsi(render(<ChecksPanel report={report} width={120} />).lastFrame() ?? '');
    expect(frame).toContain('cascade contributions');
    expect(frame).toContain('aa ε=0.03 · apgd-ce: attacked 9, broke 4');
    expect(frame).toContain('aa ε=0.03 · square: attacked 4, broke 0');
    expect(frame).toContain('square ε=0.03 · 9 samples: mean 2100.5, median 1500.0, max 5000');
  });

  it('adds nothing for suites without cascades or score-based attacks', () => {
    const frame = stripAnsi(render(<ChecksPanel report={makeReport()} width={120} />).lastFrame() ?? '');
    expect(frame).not.toContain('cascade contributions');
    expect(frame).not.toContain('queries per sample');
  });
});
