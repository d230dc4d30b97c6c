import * as vega from 'vega';

/** vega's colour schemes, for the gallery's colour maps (loaded with this module, lazily). */
export const colorScheme = vega.scheme;
import { compile, type TopLevelSpec } from 'vega-lite';
import { RuntimeFailure } from '../../errors.js';
import type { SuiteReport } from '../../report/report-types.js';

/** vega's headless SVG renderer (exported by vega but missing from its type declarations). */
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: readonly number[], scale: number): SvgStringRenderer;
  background(color: string): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string | null;
}
type SvgStringRendererClass = new (loader: unknown) => SvgStringRenderer;

/** Chart size in CSS pixels (the plot area; axes and legend add to it). */
const plotSize = { width: 300, height: 180 };

/**
 * Renders a vega-lite spec to SVG text, offline and synchronously. `view.toSVG()` is async only
 * because it awaits data loading; with inline data the dataflow runs synchronously, so the view
 * is run and its scenegraph rendered with vega's headless SVG renderer directly. That keeps
 * reporters synchronous (the reporter contract). Text in the SVG is escaped by vega.
 */
export function renderSvg(spec: TopLevelSpec): string {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    view.run();
    // View size with padding, as vega's own renderHeadless computes it (fields are internal).
    const internal = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: [number, number] };
    const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
    const width = internal._viewWidth + padding.left + padding.right;
    const height = internal._viewHeight + padding.top + padding.bottom;
    const Renderer = (vega as unknown as { SVGStringRenderer: SvgStringRendererClass }).SVGStringRenderer;
    const svg = new Renderer(view.loader())
      .initialize(null, width, height, [padding.left + internal._origin[0], padding.top + internal._origin[1]], 1)
      .background('white')
      .render((view.scenegraph() as unknown as { root: unknown }).root)
      .svg();
    if (!svg || !(width > 0 && height > 0)) throw new Error('vega rendered nothing');
    return svg;
  } catch (error) {
    throw new RuntimeFailure('CHART_RENDER', `Could not render a chart for report.html: ${(error as Error).message}. Use --reporter without html to skip it.`);
  } finally {
    view.finalize();
  }
}

/** SVG text as a `data:` URI for an `<img>` (an image cannot run scripts or reach the network). */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

const percentAxis = { format: '.0%', title: 'accuracy' } as const;

/**
 * Robust accuracy vs budget for one attack: the line with its Wilson 95 % band and the clean
 * accuracy as a dashed reference (robust ≤ clean always).
 */
export function attackChartSpec(report: SuiteReport, attackId: string): TopLevelSpec {
  const attack = report.attacks.find((entry) => entry.id === attackId)!;
  const rows = attack.results.map((result) => ({
    budget: result.epsilon ?? result.severity ?? 0, robust: result.robustAccuracy, low: result.ci95[0], high: result.ci95[1],
  }));
  const budgetTitle = attack.budgetKind === 'severity' ? 'severity' : `ε (${attack.norm ?? 'linf'})`;
  const x = { field: 'budget', type: 'quantitative', title: budgetTitle } as const;
  return {
    ...plotSize,
    title: `${attack.id} (${attack.type})`,
    data: { values: rows },
    layer: [
      { mark: { type: 'area', opacity: 0.2, color: '#1f77b4' }, encoding: { x, y: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, axis: percentAxis }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true, color: '#1f77b4' }, encoding: { x, y: { field: 'robust', type: 'quantitative' } } },
      { data: { values: [{ clean: report.clean.accuracy }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { y: { field: 'clean', type: 'quantitative' } } },
    ],
  };
}

/** Worst case for one norm: each attack's curve plus the worst case (a sample must survive all). */
export function worstCaseChartSpec(report: SuiteReport, norm: string): TopLevelSpec {
  const rows = [
    ...report.attacks.filter((attack) => attack.budgetKind === 'epsilon' && (attack.norm ?? 'linf') === norm)
      .flatMap((attack) => attack.results.map((result) => ({ series: attack.id, epsilon: result.epsilon ?? 0, accuracy: result.robustAccuracy }))),
    ...report.worstCase.filter((entry) => entry.norm === norm).map((entry) => ({ series: 'worst case', epsilon: entry.epsilon, accuracy: entry.robustAccuracy })),
  ];
  return {
    ...plotSize,
    title: `worst case, ${norm}`,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epsilon', type: 'quantitative', title: `ε (${norm})` },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: percentAxis },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { condition: { test: "datum.series === 'worst case'", value: [1, 0] }, value: [4, 3] },
      size: { condition: { test: "datum.series === 'worst case'", value: 3 }, value: 1.5 },
    },
  } as TopLevelSpec;
}
