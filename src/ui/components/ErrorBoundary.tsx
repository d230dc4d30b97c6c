import { Component, type ReactNode } from 'react';
import { Text } from 'ink';

/**
 * Keeps a rendering bug from taking the run down: the view falls back to one line (as Gatsby's
 * Ink logger does) while the run and its report files carry on.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <Text>{`robustcheck: the terminal view failed (${this.state.error.message}); the run continues and reports are still written. Use --ci for plain output.`}</Text>;
    }
    return this.props.children;
  }
}
