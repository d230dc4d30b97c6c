/**
 * What the console says, on stderr, the moment a run is interrupted (`run:interrupt`): one text
 * whichever console shows it (plain, the Ink view, or the run command when neither runs). The
 * leading newline ends the `^C` the terminal echoed.
 */
export const interruptNotice = '\nInterrupted: finishing the current batch and writing partial reports (Ctrl-C again to quit at once)…\n';
