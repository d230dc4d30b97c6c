/** Line and column bookkeeping for messages that point into a suite file. */

/** 1-based line and column (UTF-16 code units) in the suite text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Formats a position as `line L, column C`. */
export function describePosition(position: SourcePosition): string {
  return `line ${position.line}, column ${position.column}`;
}

/** Maps text offsets to positions; built once per text so each lookup is a binary search. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Position of a 0-based offset. */
  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }
}
