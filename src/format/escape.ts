/**
 * Pure escaping helpers for every text format robustcheck writes. Suite ids, descriptions, class
 * names, file paths and error messages come from users' files (or from an events.ndjson handed to
 * `report render`), so they are untrusted: nothing they contain may become live markup, break a
 * table, or make a file unparsable (docs/reliability.md E).
 */

/**
 * Characters that are invisible, reorder text or are not allowed in XML 1.0: C0 and C1 controls,
 * DEL, bidirectional overrides and isolates (a right-to-left override can make "evil.exe" read as
 * "exe.live"), line/paragraph separators, lone surrogates and the non-characters U+FFFE/U+FFFF.
 */
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `\u202E`-style visible form of one UTF-16 code unit. */
function visible(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Replaces unsafe characters with a visible `\uXXXX` escape so they can be seen and cannot act.
 * Tabs, and newlines when `keepNewlines` is set, are kept as they are (`\r\n` becomes `\n`).
 */
export function neutralizeControls(text: string, keepNewlines = false): string {
  const normalized = keepNewlines ? text.replace(/\r\n?/g, '\n') : text;
  return normalized.replace(unsafeCharacters, (character) =>
    (character === '\t' || (keepNewlines && character === '\n') ? character : visible(character)));
}

/** One line of plain text: unsafe characters made visible, runs of whitespace (newlines too) collapsed. */
export function singleLine(text: string): string {
  return neutralizeControls(text.replace(/\s+/g, ' ').trim());
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities,
 * unsafe characters become visible escapes, newlines are kept (use CSS `white-space` to show them).
 */
export function escapeHtml(text: string): string {
  return neutralizeControls(String(text), true).replace(/[&<>"']/g, (character) => htmlEntities[character]!);
}

/**
 * Makes text safe for an XML 1.0 document built by an XML library (which escapes `& < > " '`
 * itself): removes what no XML parser accepts even as a character reference (controls, lone
 * surrogates, U+FFFE/U+FFFF) and what could mislead a reader (bidi overrides).
 */
export function xmlSafe(text: string, keepNewlines = true): string {
  return keepNewlines ? neutralizeControls(String(text), true) : singleLine(String(text));
}

/**
 * Escapes text for one Markdown table cell or inline span (GitHub-flavoured Markdown): one line;
 * `< > &` as entities (GitHub passes inline HTML through); `@` as an entity so a hostile name
 * cannot mention (notify) people in a PR comment; the inline markers `\\ ` * _ ~ [ ] |` (emphasis,
 * code, links, images, cell breaks) backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(String(text))
    .replace(/[&<>]/g, (character) => htmlEntities[character]!)
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_~[\]|]/g, (character) => `\\${character}`);
}

/**
 * {@link escapeMarkdown} for text that starts a line (a paragraph): also escapes what would open a
 * block there (`#` heading, `-`/`+` list or rule, `1.` ordered list; `>` is already an entity).
 */
export function escapeMarkdownParagraph(text: string): string {
  return escapeMarkdown(text)
    .replace(/^[#+-]/, (start) => `\\${start}`)
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Formats text as Markdown inline code in a table cell that cannot be broken out of (ids, paths). */
export function markdownCode(text: string): string {
  const line = singleLine(String(text));
  // A code span ends at a run of backticks as long as its opening fence; pick a longer fence.
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line;
  // Code spans show entities and escapes literally, but a bare `|` would still end the table cell:
  // GFM splits cells before parsing inline content and turns `\|` back into `|` inside spans.
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}
