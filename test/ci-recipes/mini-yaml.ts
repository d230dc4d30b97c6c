/**
 * A YAML reader for the subset the CI recipes use (block maps and lists, `- key: value` items,
 * `|` block scalars, `[a, b]` flow lists, quoted and plain scalars, comments). No YAML package is
 * installed and the recipes need no more; anything outside the subset throws, so a recipe edited
 * beyond it fails its test instead of being misread. Scalars stay strings.
 */

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

const indentOf = (line: string) => line.length - line.trimStart().length;
const skippable = (line: string) => line.trim() === '' || line.trim().startsWith('#');

/** Drops a ` # comment` outside quotes. */
function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function scalar(text: string): Yaml {
  const value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) {
    const inner = value.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((item) => scalar(item) as string);
  }
  if (/^(".*"|'.*')$/.test(value)) return value.slice(1, -1);
  if (value.startsWith('{') || value.startsWith('&') || value.startsWith('*') || value === '>' || value.startsWith('>-')) {
    throw new Error(`mini-yaml: unsupported value ${JSON.stringify(value)}`);
  }
  return value;
}

/** Parses the YAML subset described above. */
export function parseYaml(text: string): Yaml {
  const lines = text.split(/\r?\n/);
  let i = 0;
  const skip = () => {
    while (i < lines.length && skippable(lines[i]!)) i++;
  };

  const block = (minIndent: number): Yaml => {
    skip();
    if (i >= lines.length || indentOf(lines[i]!) < minIndent) return null;
    const indent = indentOf(lines[i]!);
    return lines[i]!.trimStart().startsWith('-') ? list(indent) : map(indent);
  };

  const blockScalar = (parentIndent: number): string => {
    const out: string[] = [];
    let contentIndent: number | undefined;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.trim() !== '' && indentOf(line) <= parentIndent) break;
      contentIndent ??= line.trim() === '' ? undefined : indentOf(line);
      out.push(line.trim() === '' ? '' : line.slice(contentIndent));
      i++;
    }
    while (out.at(-1) === '') out.pop();
    return `${out.join('\n')}\n`;
  };

  const value = (rest: string, indent: number): Yaml => {
    if (rest === '') return block(indent + 1);
    if (rest === '|' || rest === '|-') return blockScalar(indent);
    return scalar(rest);
  };

  const map = (indent: number): Yaml => {
    const result: { [key: string]: Yaml } = {};
    for (skip(); i < lines.length; skip()) {
      const line = lines[i]!;
      if (indentOf(line) < indent || line.trimStart().startsWith('- ')) break;
      if (indentOf(line) > indent) throw new Error(`mini-yaml: unexpected indentation at line ${i + 1}: ${line}`);
      const match = /^([^:]+?):(?:\s+(.*))?$/.exec(stripComment(line.trim()));
      if (!match) throw new Error(`mini-yaml: not a key at line ${i + 1}: ${line}`);
      i++;
      result[match[1]!.trim()] = value(match[2] ?? '', indent);
    }
    return result;
  };

  const list = (indent: number): Yaml => {
    const result: Yaml[] = [];
    for (skip(); i < lines.length; skip()) {
      const line = lines[i]!;
      if (indentOf(line) !== indent || !line.trimStart().startsWith('-')) break;
      const after = line.trimStart().slice(1);
      const content = stripComment(after.trimStart());
      const itemIndent = indent + 1 + (after.length - after.trimStart().length);
      if (content === '') {
        i++;
        result.push(block(indent + 1));
      } else if (/^[A-Za-z0-9_$.-]+:(\s|$)/.test(content)) {
        // `- key: value`: the item is a map whose first key sits where `key` starts.
        lines[i] = ' '.repeat(itemIndent) + content;
        result.push(map(itemIndent));
      } else {
        i++;
        result.push(scalar(content));
      }
    }
    return result;
  };

  const document = block(0);
  skip();
  if (i < lines.length) throw new Error(`mini-yaml: could not read line ${i + 1}: ${lines[i]}`);
  return document;
}
