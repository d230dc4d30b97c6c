import { printable } from '../errors.js';

/** Longest excerpt of a suite's text quoted in a message, in characters. */
export const maxExcerpt = 12;

/**
 * How much of a file's own text its parse errors may quote: a short printable excerpt, or nothing
 * for files reached through a symlink or outside the project (they may be a token or a key).
 */
export class ExcerptPolicy {
  constructor(private readonly quote: boolean) {}

  /** At most {@link maxExcerpt} printable characters of `word`, or undefined when not quoting. */
  excerpt(word: string): string | undefined {
    if (!this.quote) return undefined;
    return printable(word.length > maxExcerpt ? `${word.slice(0, maxExcerpt)}…` : word);
  }

  /** ` "excerpt"` (space, then the excerpt in `mark`s) for a message, or '' when not quoting. */
  named(word: string, mark = '"'): string {
    const shown = this.excerpt(word);
    return shown === undefined ? '' : ` ${mark}${shown}${mark}`;
  }
}
