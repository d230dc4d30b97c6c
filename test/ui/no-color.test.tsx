import { describe, expect, it, vi } from 'vitest';

// Ink's chalk picks its colour level when first imported, and test output is not a terminal: force
// a level before Ink loads (everything Ink-related is imported dynamically below), so a colour
// would show if a component asked for one.
process.env.FORCE_COLOR = '1';

describe('NO_COLOR', () => {
  it('Given colour is off, When the dashboard and the example viewer render, Then no colour escape is emitted; with colour on, verdicts are coloured', async () => {
    const { render } = await import('ink-testing-library');
    const { DashboardApp } = await import('../../src/ui/components/DashboardApp.js');
    const { foldDashboard } = await import('../../src/ui/state/dashboard-reducer.js');
    const { initialDashboardState } = await import('../../src/ui/state/dashboard-state.js');
    const { detectColorSupport } = await import('../../src/ui/text/color-support.js');
    const { craftedStream, stripAnsi } = await import('./fixtures.js');
    const state = foldDashboard(initialDashboardState(), craftedStream());

    const coloured = render(<DashboardApp state={state} now={0} support={detectColorSupport({ COLORTERM: 'truecolor' })} />).lastFrame()!;
    const uncoloured = render(<DashboardApp state={state} now={0} support={detectColorSupport({ NO_COLOR: '1' })} />).lastFrame()!;

    expect(coloured).toMatch(/\u001B\[31m/); // red FAIL / ERROR
    expect(uncoloured).not.toMatch(/\u001B\[(3[0-9]|4[0-9]|9[0-7]|38;|48;)/);
    expect(stripAnsi(uncoloured)).toBe(stripAnsi(coloured));

    const { ExplorerApp } = await import('../../src/ui/components/ExplorerApp.js');
    const { initialExplorerState } = await import('../../src/ui/state/explorer-state.js');
    const { makeReport } = await import('./fixtures.js');
    const explorer = render(<ExplorerApp initial={initialExplorerState([{ id: 'tiny', report: makeReport() }])} outDir="r" startRun={() => Promise.reject(new Error('unused'))} support={detectColorSupport({ NO_COLOR: '1', COLORTERM: 'truecolor' })} />);
    for (const key of ['\r', 'e']) {
      explorer.stdin.write(key);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await vi.waitFor(() => expect(stripAnsi(explorer.lastFrame()!)).toContain('true: dog (1)'), { timeout: 3000 });
    expect(explorer.lastFrame()).not.toMatch(/\u001B\[(3[0-9]|4[0-9]|9[0-7]|38;|48;)/); // shade characters, not colour
    explorer.unmount();
  });
});
