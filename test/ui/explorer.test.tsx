import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { SuiteReport } from '../../src/report/report-types.js';
import { ExplorerApp } from '../../src/ui/components/ExplorerApp.js';
import type { StartRun } from '../../src/ui/hooks/use-run-requests.js';
import { initialExplorerState, type ExplorerEntry } from '../../src/ui/state/explorer-state.js';
import { craftedStream, makeReport, stripAnsi } from './fixtures.js';

const plain = { colors: false, truecolor: false };
const entries: ExplorerEntry[] = [
  { id: 'tiny', suitePath: 'suites/tiny.suite.json', report: makeReport() },
  { id: 'fresh', suitePath: 'suites/fresh.suite.json' },
  { id: 'suites/bad.suite.json', suitePath: 'suites/bad.suite.json', loadError: 'suites/bad.suite.json: /attacks must NOT have fewer than 1 items' },
];
const neverRun: StartRun = () => Promise.reject(new Error('not expected'));
const tick = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));

function mount(startRun: StartRun = neverRun, support = plain) {
  const app = render(<ExplorerApp initial={initialExplorerState(entries)} outDir="reports" startRun={startRun} support={support} frameIntervalMs={10} />);
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  // Each key waits for the next frame (or 1 s when a key changes nothing), so a loaded machine
  // cannot make the test read a frame from before the key.
  const keys = async (...inputs: string[]) => {
    for (const input of inputs) {
      const before = app.frames.length;
      app.stdin.write(input);
      const deadline = Date.now() + 1000;
      while (app.frames.length === before && Date.now() < deadline) await tick(5);
      await tick(5);
    }
  };
  return { ...app, frame, keys };
}

afterEach(() => cleanup());

describe('Explorer', () => {
  it('Given suites and reports, When it starts, Then it lists them with verdicts and the key help', () => {
    const { frame } = mount();
    expect(frame()).toContain('Suites — 3 found · reports in reports');
    expect(frame()).toMatch(/› tiny\s+suites\/tiny\.suite\.json\s+FAIL\s+score\s+64\.8 · 10 samples · 2025-01-02 03:04/);
    expect(frame()).toMatch(/fresh\s+suites\/fresh\.suite\.json\s+not run yet/);
    expect(frame()).toMatch(/suites\/bad\.suite\.json\s+suites\/bad\.suite\.json\s+invalid suite: suites\/bad\.suite\.json: \/attacks mus…/);
    expect(frame()).toContain('↑↓/jk move · Enter open · r run · a run all · ? help · q quit');
  });

  it('When Enter is pressed on an invalid suite, Then its whole error shows above the key help', async () => {
    const { frame, keys } = mount();
    await keys('j', 'j', '\r');
    expect(frame()).toContain('suites/bad.suite.json: suites/bad.suite.json: /attacks must NOT have fewer than 1 items\n───');
  });

  it('When Enter opens a suite, Then the attacks × ε table, tabs and suite keys show', async () => {
    const { frame, keys } = mount();
    await keys('\r');
    expect(frame()).toContain('tiny · 10 samples · seed 7 · wasm · score 64.8 · FAIL');
    expect(frame()).toContain(' 1 attacks × ε  2 chart  3 per class  4 checks');
    expect(frame()).toMatch(/clean\s+90\.0% \[60\.0–98\.0\]/);
    expect(frame()).toMatch(/› fgsm\s+linf\s+ε=0\.01\s+80\.0% \[70\.0–90\.0\]\s+20\.0%\s+0\.0100\s+100\s+2/);
    expect(frame()).toMatch(/noise\s+l2\s+ε=0\.5\s+90\.0%/);
    expect(frame()).toContain('←→/1-4 tabs · ↑↓ case · Enter/e examples · r re-run · ? help · Esc/q back');
  });

  it('When the chart, per-class and checks tabs open, Then each draws its view', async () => {
    const { frame, keys } = mount();
    await keys('\r', '2');
    expect(frame()).toContain('accuracy vs ε (robust accuracy, % of all 10 samples, with 95% CI)');
    expect(frame()).toMatch(/clean\s+█+\s+90\.0%\s+\[60%–98%\]/);
    expect(frame()).toMatch(/fgsm\s+linf ε=0\.01\s+█+\s+80\.0%/);
    expect(frame()).toMatch(/\n\s+linf ε=0\.1\s+█+\s+30\.0%/);
    await keys('3');
    expect(frame()).toContain('per class under fgsm linf ε=0.01');
    expect(frame()).toMatch(/bird\s+3\s+66\.7%\s+33\.3%/);
    await keys('j');
    expect(frame()).toContain('per class under fgsm linf ε=0.1');
    expect(frame()).toMatch(/dog\s+4\s+100\.0%\s+50\.0%/);
    await keys('4');
    expect(frame()).toContain('INCONCLUSIVE clean-accuracy: clean accuracy 90.0% straddles 85.0%');
    expect(frame()).toContain('WARN         monotone-in-epsilon: robust accuracy rises with ε for noise');
  });

  it('When the example viewer opens, Then images, labels and confidences show; a case without examples says so', async () => {
    const { frame, keys } = mount();
    await keys('\r', 'e');
    expect(frame()).toContain('adversarial examples · tiny · fgsm linf ε=0.01 · example 1 of 2 · sample #3');
    expect(frame()).toMatch(/clean\s+δ amplified\s+adversarial/);
    expect(frame()).toMatch(/░▓\s+██\s+░▒\s+▒▒/); // shades of the 2×2 clean, δ, adversarial and saliency images
    expect(frame()).toContain('true: dog (1)');
    expect(frame()).toContain('clean: dog (1) 97.0%');
    expect(frame()).toContain('adversarial: bird (2) 61.0% (misclassified)');
    expect(frame()).toContain('←→/jk example · ? help · Esc/q back');
    await keys('l');
    expect(frame()).toContain('example 2 of 2 · sample #5');
    expect(frame()).toContain('adversarial: dog (1) 61.0% (still correct)');
    await keys('q', 'j', 'e');
    expect(frame()).toContain('no examples recorded for this case');
    await keys('q', 'q');
    expect(frame()).toContain('Suites — 3 found');
  });

  it('Given 24-bit colour, When the viewer draws, Then images are half blocks with truecolor escapes', async () => {
    const { lastFrame, keys } = mount(neverRun, { colors: true, truecolor: true });
    await keys('\r', 'e');
    expect(lastFrame()).toContain('\u001B[38;2;0;0;0m\u001B[48;2;128;128;128m▀');
    expect(lastFrame()).toContain('red +, blue −');
  });

  it('When ? is pressed, Then every key is explained and the help stays visible', async () => {
    const { frame, keys } = mount();
    await keys('?');
    expect(frame()).toContain('Keys');
    expect(frame()).toContain('Ctrl-C');
    expect(frame()).toContain('Esc/q/? close help');
    await keys('?');
    expect(frame()).toContain('Suites — 3 found');
  });

  it('When a suite without a report is opened, Then it runs live and opens when the run ends', async () => {
    const report = makeReport({ suite: { id: 'fresh', path: 'suites/fresh.suite.json', sha256: 'ef' }, verdict: 'pass', score: 91.5 });
    let finish: (value: { reports: SuiteReport[] }) => void = () => {};
    const calls: string[][] = [];
    const startRun: StartRun = (ids, emit) => {
      calls.push(ids);
      for (const { event } of craftedStream().slice(0, 4)) emit(event);
      return new Promise((resolve) => { finish = resolve; });
    };
    const { frame, keys } = mount(startRun);
    await keys('j', '\r');
    await vi.waitFor(() => expect(calls).toEqual([['fresh']]), { timeout: 3000 });
    expect(frame()).toContain('robustcheck ui · run');
    // Events reach the view through the frame throttle, so the progress shows a moment later.
    await vi.waitFor(() => expect(frame()).toMatch(/fgsm linf ε=0\.01\s+\S+\s+44%\s+4\/9/), { timeout: 3000 });
    expect(frame()).toContain('Esc/q/Ctrl-C stop the run');
    finish({ reports: [report] });
    await vi.waitFor(() => expect(frame()).toContain('fresh · 10 samples · seed 7 · wasm · score 91.5 · PASS'), { timeout: 3000 });
    expect(frame()).toContain('run finished: fresh PASS (score 91.5)');
  });

  it('When q is pressed during a run, Then the run is aborted and the partial report is shown', async () => {
    let aborted = false;
    const startRun: StartRun = (_ids, _emit, signal) => new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        resolve({ reports: [makeReport({ complete: false, score: 12.5 })] });
      });
    });
    const { frame, keys } = mount(startRun);
    await keys('r');
    expect(frame()).toContain('robustcheck ui · run');
    await keys('q');
    await vi.waitFor(() => expect(aborted).toBe(true), { timeout: 3000 });
    await vi.waitFor(() => expect(frame()).toContain('Suites — 3 found'), { timeout: 3000 });
    expect(frame()).toContain('run stopped; partial reports written: tiny FAIL (score 12.5, incomplete)');
    expect(frame()).toMatch(/› tiny\s+suites\/tiny\.suite\.json\s+FAIL\s+score\s+12\.5 \(incomplete\) · 10 samples/);
  });
});
