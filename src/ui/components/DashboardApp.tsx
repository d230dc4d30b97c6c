import type { DashboardState } from '../state/dashboard-state.js';
import type { ColorSupport } from '../text/color-support.js';
import { Dashboard } from './Dashboard.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { ColorProvider } from './Theme.js';

/** Root of the `robustcheck run` dashboard: colours, error boundary, dashboard. */
export function DashboardApp({ state, now, support }: { state: DashboardState; now: number; support: ColorSupport }) {
  return (
    <ColorProvider support={support}>
      <ErrorBoundary>
        <Dashboard state={state} now={now} />
      </ErrorBoundary>
    </ColorProvider>
  );
}
