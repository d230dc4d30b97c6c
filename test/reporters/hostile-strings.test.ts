import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it, beforeAll } from 'vitest';
import { prepareHtmlReports } from '../../src/reporters/html-reporter.js';
import type { SuiteReport } from '../../src/report/report-types.js';
import { escapeHtml, escapeMarkdown, escapeMarkdownParagraph, markdownCode, neutralizeControls, xmlSafe } from '../../src/format/escape.js';
import { renderErrorPage, renderReportPage } from '../../src/reporters/html/page.js';
import { buildJunitErrorXml, buildJunitXml } from '../../src/reporters/junit-reporter.js';
import { buildMarkdownError, buildMarkdownSummary } from '../../src/reporters/markdown-summary.js';
import { suiteFilePath } from '../../src/reporters/suite-files.js';
import { fixtureReport, hostileStrings } from './helpers.js';

// HTML charts load lazily; the CLI awaits them before rendering, and so do these tests.
beforeAll(() => prepareHtmlReports());

/**
 * Puts `text` everywhere a report carries a string that came from a file or a message: the
 * description, paths, class names, threshold reasons, sanity-check ids and messages, the error,
 * attack and threshold ids (in reports read by `report render`, ids are checked against the suite
 * id pattern; the reporters must still be safe without that check).
 */
function withStrings(base: SuiteReport, text: (slot: number) => string): SuiteReport {
  const report = structuredClone(base);
  let slot = 0;
  const next = () => text(slot++);
  report.suite.id = next();
  report.suite.description = next();
  report.suite.path = next();
  report.model.path = next();
  report.data.path = next();
  report.environment.backendReason = next();
  report.environment.cpu = next();
  report.model.classNames = report.model.classNames!.map(() => next());
  report.attacks[0]!.id = next();
  report.attacks[0]!.type = next();
  for (const threshold of report.thresholds) {
    threshold.reason = next();
    threshold.metric = next();
  }
  for (const check of report.sanityChecks) {
    check.id = next();
    check.message = next();
  }
  report.error = { code: next(), message: next() };
  report.worstCase[0]!.attacks = [next()];
  return report;
}

const base = fixtureReport();
const hostile = (slot: number) => `${hostileStrings[slot % hostileStrings.length]} #${slot}`;
const benign = (slot: number) => `benign text ${slot}`;

/** The sequence of element names and attribute names in an HTML document: its live structure. */
function markupStructure(page: string): string[] {
  // Quoted values are dropped first: escaping guarantees they hold no raw quote to break out with.
  return [...page.matchAll(/<\/?([a-zA-Z][\w-]*)((?:"[^"]*"|'[^']*'|[^>"'])*)>/g)].map(([, tag, attributes]) =>
    `${tag}(${[...attributes!.replace(/"[^"]*"|'[^']*'/g, '""').matchAll(/\s([a-zA-Z-]+)=/g)].map((match) => match[1]).join(',')})`);
}

/** Characters XML 1.0 forbids (even as character references). */
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Markdown with its code spans removed: GitHub shows their content literally (no markup, links or mentions). */
function outsideCodeSpans(markdown: string): string {
  // A backslash-escaped backtick opens no code span (CommonMark 6.1).
  return markdown.replace(/(?<![\\`])(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '<code span>');
}

/** Cells of a Markdown table row: split at pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

describe('hostile strings in every report format', () => {
  it('HTML: the markup structure equals that of a benign report, and no hostile text is live', () => {
    const bad = renderReportPage(withStrings(base, hostile));
    const good = renderReportPage(withStrings(base, benign));
    expect(markupStructure(bad)).toEqual(markupStructure(good));
    // Raw `<` of the hostile strings never survives; `onerror=` may only appear as escaped text.
    expect(/<script|<img src=x|<!--|<!\[CDATA|\u202e|\u0000/i.test(bad)).toBe(false);
    expect(bad).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bad).toContain('\\u202Eexe.txt');
    const error = renderErrorPage(hostile(0), hostile(1), { code: hostile(2), message: hostile(3) });
    expect(markupStructure(error)).toEqual(markupStructure(renderErrorPage('a', 'b', { code: 'c', message: 'd' })));
  });

  it('JUnit XML: well-formed, only XML 1.0 characters, same testcases and failures, strings round-trip', () => {
    const report = withStrings(base, hostile);
    const xml = buildJunitXml(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(invalidXml);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const cases = parsed.testsuites.testsuite.testcase as { name: string; failure?: unknown; error?: { message: string } }[];
    expect(cases).toHaveLength(report.thresholds.length + report.sanityChecks.length + 1);
    expect(cases.filter((entry) => entry.failure).length).toBe(report.thresholds.filter((threshold) => threshold.status !== 'pass').length);
    // Entities decode back to the original text (controls made visible, newlines flattened).
    expect(cases.at(-1)!.error!.message).toBe(xmlSafe(report.error!.message, false));
    expect(cases.map((entry) => entry.name).join('\n')).toContain('<script>alert(1)</script>');
    const errorXml = buildJunitErrorXml({ type: 'suite:error', suiteId: hostile(1), path: hostile(5), error: { code: hostile(3), message: hostile(7) }, exitCode: 2 }, '2026-01-01T00:00:00');
    expect(XMLValidator.validate(errorXml)).toBe(true);
    expect(errorXml).not.toMatch(invalidXml);
  });

  it('Markdown: every table row keeps its column count; no raw markup, mention or extra line', () => {
    const bad = buildMarkdownSummary(withStrings(base, hostile));
    const good = buildMarkdownSummary(withStrings(base, benign));
    const badLines = bad.split('\n');
    expect(badLines).toHaveLength(good.split('\n').length);
    let columns = 0;
    for (const line of badLines) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      if (columns === 0) columns = cells(line).length;
      expect(cells(line), line).toHaveLength(columns);
    }
    expect(/<script|<img|@everyone|\u202e|\u0000|\[link\]\(/.test(outsideCodeSpans(bad))).toBe(false);
    expect(/\u202e|\u0000|\u0007/.test(bad)).toBe(false);
    expect(badLines.filter((line) => /^(#|-|>|\d+\.)/.test(line) && !line.startsWith('## ') && !line.startsWith('### ') && !line.startsWith('> **Error**'))).toEqual([]);
    expect(buildMarkdownError(hostile(0), hostile(5), { code: hostile(1), message: hostile(6) }).split('\n')).toHaveLength(6);
  });

  it('report folders: a suite id that is not a valid id is refused before any path is built', () => {
    for (const id of ['../../etc', '/abs', '.hidden', 'a/b', hostileStrings[0]!, '']) {
      expect(() => suiteFilePath('/tmp/out', id, 'report.html')).toThrow(/not a valid id/);
    }
    expect(suiteFilePath('/tmp/out', 'fashion-cnn', 'junit.xml')).toBe('/tmp/out/fashion-cnn/junit.xml');
  });
});

describe('escaping helpers', () => {
  it.each([
    ['<a href="x">&\'</a>', '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;'],
    ['line\r\nnext', 'line\nnext'],
    ['\u202eabc\u0007', '\\u202Eabc\\u0007'],
  ])('escapeHtml(%j) = %j', (input, expected) => expect(escapeHtml(input)).toBe(expected));

  it('neutralizeControls keeps tabs, makes controls, bidi marks and lone surrogates visible, keeps valid pairs', () => {
    expect(neutralizeControls('a\tb\nc\u0000\u202e\ud83d\ude00\ud800')).toBe('a\tb\\u000Ac\\u0000\\u202E\ud83d\ude00\\uD800');
    expect(neutralizeControls('a\nb', true)).toBe('a\nb');
  });

  it('xmlSafe flattens attributes to one line and removes characters XML 1.0 forbids', () => {
    expect(xmlSafe('a\nb\u0001', false)).toBe('a b\\u0001');
    expect(xmlSafe('a\nb\uffff')).toBe('a\nb\\uFFFF');
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['*x* _y_ `z` [l](u) ~s~', '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~'],
    ['<b>&@team', '&lt;b&gt;&amp;&#64;team'],
    ['two\nlines', 'two lines'],
    ['# not a heading', '# not a heading'],
  ])('escapeMarkdown(%j) = %j', (input, expected) => expect(escapeMarkdown(input)).toBe(expected));

  it.each([
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['plain', 'plain'],
  ])('escapeMarkdownParagraph(%j) = %j', (input, expected) => expect(escapeMarkdownParagraph(input)).toBe(expected));

  it('markdownCode picks a fence longer than any backtick run and escapes cell pipes', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
  });
});
