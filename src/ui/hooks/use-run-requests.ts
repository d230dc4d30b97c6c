import { useEffect, useMemo, useRef, type Dispatch } from 'react';
import type { SuiteReport } from '../../report/report-types.js';
import type { RunEvent } from '../../events/run-event.js';
import { createFrameScheduler } from '../frame-scheduler.js';
import type { ExplorerAction } from '../state/explorer-reducer.js';
import type { ExplorerRequest } from '../state/explorer-state.js';

/** Runs suites for the explorer: emits events as they happen, resolves with the finished reports. */
export type StartRun = (suiteIds: string[], emit: (event: RunEvent) => void, signal: AbortSignal) =>
  Promise<{ reports: SuiteReport[]; reportPaths?: Record<string, string> }>;

/**
 * Performs the explorer's run/stop requests. Run events are buffered and handed to the reducer
 * at most once per `frameIntervalMs`, so a fast run cannot flood React with re-renders. Returns
 * a function that aborts any run in progress (used when quitting).
 */
export function useRunRequests(request: ExplorerRequest | undefined, dispatch: Dispatch<ExplorerAction>, startRun: StartRun, frameIntervalMs: number): () => void {
  const controller = useRef<AbortController | undefined>(undefined);
  const pending = useRef<{ event: RunEvent; at: number }[]>([]);
  const scheduler = useMemo(() => createFrameScheduler(() => {
    const events = pending.current;
    pending.current = [];
    if (events.length > 0) dispatch({ type: 'run:events', events });
  }, frameIntervalMs), [dispatch, frameIntervalMs]);
  useEffect(() => () => scheduler.cancel(), [scheduler]);
  useEffect(() => {
    if (!request) return;
    if (request.kind === 'stop') {
      controller.current?.abort();
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    const emit = (event: RunEvent) => {
      pending.current.push({ event, at: Date.now() });
      scheduler.request();
    };
    startRun(request.suiteIds, emit, abort.signal).then(
      (result) => {
        scheduler.flush();
        dispatch({ type: 'run:done', reports: result.reports, ...(result.reportPaths ? { reportPaths: result.reportPaths } : {}) });
      },
      (error: unknown) => {
        scheduler.flush();
        dispatch({ type: 'run:done', reports: [], error: error instanceof Error ? error.message : String(error) });
      },
    );
    // Each request runs once: it is keyed by its id.
  }, [request?.id]);
  return () => controller.current?.abort();
}
