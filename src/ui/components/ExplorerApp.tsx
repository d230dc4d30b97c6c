import type { ColorSupport } from '../text/color-support.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Explorer, type ExplorerProps } from './Explorer.js';
import { ColorProvider } from './Theme.js';

/** Root of `robustcheck ui`: colours, error boundary, explorer. */
export function ExplorerApp({ support, ...props }: ExplorerProps & { support: ColorSupport }) {
  return (
    <ColorProvider support={support}>
      <ErrorBoundary>
        <Explorer {...props} />
      </ErrorBoundary>
    </ColorProvider>
  );
}
