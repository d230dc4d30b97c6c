/**
 * The charting module (vega + vega-lite) loads on demand: vega has a top-level `await`, so loading
 * it eagerly made `require('robustcheck')` fail (ERR_REQUIRE_ASYNC_MODULE) and cost every command
 * and library user its start-up time, while only the HTML report draws charts.
 */
type ChartsModule = typeof import('./charts.js');

let loaded: ChartsModule | undefined;
let loading: Promise<ChartsModule> | undefined;

/** Starts (once) and awaits loading the charting module; call before rendering HTML reports. */
export async function loadCharts(): Promise<void> {
  loading ??= import('./charts.js').then((module) => {
    loaded = module;
    return module;
  });
  await loading;
}

/** The charting module if {@link loadCharts} has finished, else `undefined`. */
export function loadedCharts(): ChartsModule | undefined {
  return loaded;
}
