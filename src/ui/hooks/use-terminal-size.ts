import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Terminal size in cells; follows resizes. Defaults to 80×24 off a terminal. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // `read` only closes over `stdout`.
  }, [stdout]);
  return size;
}
