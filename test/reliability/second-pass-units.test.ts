/**
 * Issue 17, unit level: each class's mechanism tested on its own (the CLI-level cases are in the
 * corpus, `test/fixtures/corpus/second-pass-cases.ts`, and in `second-pass-cli.test.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attackRegistry } from '../../attacks/registry.js';
import { maxWorkers, parseWorkers } from '../../src/cli/parse-options.js';
import { decodeNpz, encodeNpz } from '../../src/data/npz.js';
import { readZipDirectory } from '../../src/data/zip-directory.js';
import { printable } from '../../src/errors.js';
import { appendRegularFile, readRegularFile } from '../../src/io/regular-file.js';
import { findCycleNode, refuseNonFloatInput } from '../../src/model/graph-checks.js';
import type { GraphNodeDef } from '../../src/model/graph-topology.js';
import { rewriteTfjsError } from '../../src/model/tfjs-errors.js';
import { isWasmCrash } from '../../src/model/wasm-crash.js';
import { findReports as findUiReports } from '../../src/ui/load-entries.js';
import { decideRunVerdict, decideSuiteVerdict } from '../../src/metrics/verdict.js';
import { jsonNestingDepth, parseBoundedJson } from '../../src/report/bounded-json.js';
import { isReservedSuiteId } from '../../src/report/report-layout.js';
import { neutralizeControls } from '../../src/format/escape.js';
import { ReporterMultiplexer } from '../../src/reporters/multiplexer.js';
import { createNdjsonReporter } from '../../src/reporters/ndjson-reporter.js';
import type { Reporter } from '../../src/events/reporter.js';
import { terminalSafe } from '../../src/format/terminal-safe.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { float32MinNormal, checkFloat32Budgets } from '../../src/suite/float32-checks.js';
import { parseSuiteJson } from '../../src/suite/parse-json.js';

const dir = mkdtempSync(join(tmpdir(), 'robustcheck-p2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('class 1: parse errors quote at most a short, printable excerpt, and nothing when told not to', () => {
  const error = (text: string, quote?: boolean) => {
    try {
      parseSuiteJson(text, 'f.json', quote === undefined ? {} : { quote });
    } catch (caught) {
      return (caught as Error).message;
    }
    throw new Error('parsed');
  };
  it.each([
    ['a bare word', 'ghp_corpusSecret123'],
    ['a key without quotes', '{ghp_corpusSecret123: 1}'],
    ['a key before a missing comma', '{"ghp_corpusSecret123": 1 "b": 2}'],
    ['an invalid number', '{"a": 0ghp_corpusSecret123}'],
    ['a control character', '\u001b[2J'],
  ])('%s: nothing quoted with quote: false', (_name, text) => {
    const message = error(text, false);
    expect(message).not.toMatch(/ghp_|corpusSecret|\u001b/);
    expect(message).toMatch(/^f\.json:1:\d+: /);
  });
  it('quotes at most 12 characters of a word, with an ellipsis', () => {
    expect(error('ghp_corpusSecret123')).toContain("unexpected word 'ghp_corpusSe…'");
  });
  it('shows control characters as escapes when quoting', () => {
    expect(error('{"a": \u0007}')).toMatch(/unexpected character '\\u0007'/);
  });
});

describe('class 2: readRegularFile / appendRegularFile never block', () => {
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  it.each([[fifo], ['/dev/zero'], ['/dev/urandom'], [dir]])('refuses %s unread', (path) => {
    expect(() => readRegularFile(path, { maxBytes: 1024 })).toThrow(/not a regular file|is a folder/);
  }, 5_000);
  it('refuses a file over the cap, and reads one at the cap', () => {
    writeFileSync(join(dir, 'ten'), '0123456789');
    expect(() => readRegularFile(join(dir, 'ten'), { maxBytes: 9 })).toThrow(/is 10 bytes, more than the 9-byte limit/);
    expect(readRegularFile(join(dir, 'ten'), { maxBytes: 10 }).toString()).toBe('0123456789');
  });
  it('says a missing file is missing', () => {
    expect(() => readRegularFile(join(dir, 'gone'), { maxBytes: 10 })).toThrow(/no such file/);
  });
  it.each([[fifo], ['/dev/full'], [dir]])('refuses to append to %s (exit 3, never blocks)', (path) => {
    expect(() => appendRegularFile(path, 'x', { code: 'STEP_SUMMARY_WRITE', name: '$GITHUB_STEP_SUMMARY', hint: 'Unset it.' }))
      .toThrow(/Could not append to \$GITHUB_STEP_SUMMARY .*(not a regular file|is a folder)/);
  }, 5_000);
  it('the ui lists a FIFO report.json with its error instead of hanging on it', () => {
    const out = join(dir, 'ui-out');
    execFileSync('mkdir', ['-p', join(out, 'tiny')]);
    execFileSync('mkfifo', [join(out, 'tiny', 'report.json')]);
    expect(findUiReports(out)).toEqual([expect.objectContaining({ folder: 'tiny', error: expect.stringMatching(/not a regular file/) })]);
  }, 5_000);
  it('appends to a regular file, creating it when absent', () => {
    const path = join(dir, 'summary.md');
    appendRegularFile(path, 'a\n', { code: 'X', name: 'f', hint: '' });
    appendRegularFile(path, 'b\n', { code: 'X', name: 'f', hint: '' });
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });
});

type RunEnd = Extract<RunEvent, { type: 'run:end' }>;
const runEnd: RunEnd = { type: 'run:end', verdict: 'pass', exitCode: 0, durationMs: 1, suites: [{ id: 'a', verdict: 'pass', exitCode: 0 }] };

describe('class 3: one verdict for every output', () => {
  const recorder = (name: string, terminal: boolean, failOn?: RunEvent['type']) => {
    const seen: RunEvent[] = [];
    const reporter: Reporter = {
      name, terminal,
      onEvent(event) {
        if (event.type === failOn) throw new Error(`${name} cannot write`);
        seen.push(event);
      },
    };
    return { reporter, seen };
  };
  it('a file reporter failing on run:end turns the verdict to error / 3 before the console prints it, and the others get the correction', () => {
    const console = recorder('plain', true);
    const summary = recorder('json', false, 'run:end');
    const log = recorder('ndjson', false);
    const multiplexer = new ReporterMultiplexer([console.reporter, summary.reporter, log.reporter]);
    multiplexer.emit(runEnd);
    expect(console.seen).toEqual([expect.objectContaining({ verdict: 'error', exitCode: 3, outputErrors: ['Reporter json failed: json cannot write'] })]);
    expect(log.seen.at(-1)).toMatchObject({ verdict: 'error', exitCode: 3 });
    expect(multiplexer.finalRunEnd).toMatchObject({ verdict: 'error', exitCode: 3 });
  });
  it('an earlier failure (suite:end) is already in the first run:end', () => {
    const console = recorder('plain', true);
    const markdown = recorder('markdown', false, 'suite:end');
    const multiplexer = new ReporterMultiplexer([console.reporter, markdown.reporter]);
    multiplexer.emit({ type: 'suite:end', suiteId: 'a', report: {} as never });
    multiplexer.emit(runEnd);
    expect(console.seen.at(-1)).toMatchObject({ verdict: 'error', exitCode: 3 });
  });
  it('an interruption stays interrupted / 130 when a write also failed', () => {
    const console = recorder('plain', true);
    const multiplexer = new ReporterMultiplexer([console.reporter, recorder('json', false, 'run:end').reporter]);
    multiplexer.emit({ ...runEnd, verdict: 'interrupted', exitCode: 130 });
    expect(console.seen.at(-1)).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
  });
  it('an interrupted suite is never pass: verdict interrupted, exit 130, and the run follows it', () => {
    expect(decideSuiteVerdict({ interrupted: true, thresholds: [], sanityChecks: [], failOn: 'fail' })).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
    expect(decideRunVerdict([{ verdict: 'pass', exitCode: 0 }, { verdict: 'interrupted', exitCode: 130 }], false)).toEqual({ verdict: 'interrupted', exitCode: 130 });
  });
  it.each(['summary.json', 'events.ndjson', 'Summary', 'EVENTS', 'summary.md', 'index.html', 'report.json.123.tmp'])('reserves %s as a suite id', (id) => {
    expect(isReservedSuiteId(id)).toBe(true);
  });
  it.each(['summary-suite', 'fashion-cnn', 'events2'])('accepts %s', (id) => expect(isReservedSuiteId(id)).toBe(false));
});

describe('class 4: float32 budgets and ranges', () => {
  const registry = attackRegistry as Parameters<typeof checkFloat32Budgets>[1];
  const suite = (epsilons: number[], inputRange?: [number, number]) => ({
    ...(inputRange ? { model: { inputRange } } : {}), attacks: [{ id: 'a', type: 'pgd', epsilons }, { id: 'b', type: 'gaussian-blur', severities: [1] }],
  });
  it.each([[1e-46], [1e-300], [1e-40], [float32MinNormal / 2]])('refuses ε %s', (epsilon) => {
    expect(checkFloat32Budgets(suite([0.1, epsilon]), registry)).toEqual([expect.objectContaining({ pointer: '/attacks/0/epsilons/1' })]);
  });
  it.each([[0], [float32MinNormal], [1e-30], [0.03]])('accepts ε %s', (epsilon) => {
    expect(checkFloat32Budgets(suite([epsilon]), registry)).toEqual([]);
  });
  it.each([[[1, 1.00000001]], [[0, 1e39]], [[-1e40, 0]]] as [number, number][][])('refuses inputRange %j', (range) => {
    expect(checkFloat32Budgets(suite([0.1], range), registry)).toEqual([expect.objectContaining({ pointer: '/model/inputRange' })]);
  });
  it.each([[[-0.3, 1.3]], [[0, 255]], [[1, 1.001]]] as [number, number][][])('accepts inputRange %j', (range) => {
    expect(checkFloat32Budgets(suite([0.1], range), registry)).toEqual([]);
  });
});

describe('class 5: malformed containers', () => {
  it('measures nesting depth outside strings only', () => {
    expect(jsonNestingDepth('{"a": "[[[[", "b": [[1]]}')).toBe(3);
    expect(jsonNestingDepth('"\\"[["')).toBe(0);
  });
  it('refuses JSON nested past the limit without overflowing the stack', () => {
    expect(() => parseBoundedJson('['.repeat(1_000_000) + ']'.repeat(1_000_000), 'r.json', 'REPORT_JSON')).toThrow(/nested more than 64 levels/);
  });
  it('never quotes the text in a JSON syntax error', () => {
    expect(() => parseBoundedJson('ghp_corpusSecret123', 'r.json', 'REPORT_JSON')).toThrow(/^r\.json is not valid JSON \(syntax error[^)]*\)\.$/);
    try {
      parseBoundedJson('{"a": ghp_corpusSecret123}', 'r.json', 'REPORT_JSON');
    } catch (error) {
      expect((error as Error).message).not.toMatch(/ghp_/);
    }
  });
  it('reads CRC-32 and sizes from the zip directory, and decodeNpz checks them', () => {
    const bytes = encodeNpz({ x: { values: Float32Array.from([1, 2, 3]), shape: [3] } });
    const entry = readZipDirectory(bytes).get('x.npy')!;
    expect(entry.originalSize).toBeGreaterThan(12);
    expect(decodeNpz(bytes).x!.values).toEqual(Float32Array.from([1, 2, 3]));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (let at = 0; at < bytes.length - 4; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 16, entry.crc32 ^ 1, true);
    expect(() => decodeNpz(bytes)).toThrow(/fails its CRC-32 check/);
  });
});

describe('class 6: model graphs', () => {
  const graph = (edges: Record<string, string[]>) => new Map<string, GraphNodeDef>(Object.entries(edges).map(([name, input]) => [name, { name, op: 'Identity', input }]));
  it.each([
    ['a self-loop', { x: [], a: ['x', 'a'] }, 'a'],
    ['a two-node cycle', { x: [], a: ['b'], b: ['a:0'] }, 'a'],
    ['a cycle through a control edge', { x: [], a: ['x'], b: ['a', '^c'], c: ['b'] }, 'b'],
  ])('finds %s', (_name, edges, node) => {
    expect(findCycleNode(graph(edges))).toBe(node);
  });
  it('finds no cycle in a DAG, even a deep one (no recursion)', () => {
    const edges: Record<string, string[]> = { n0: [] };
    for (let i = 1; i < 200_000; i++) edges[`n${i}`] = [`n${i - 1}`, 'n0'];
    expect(findCycleNode(graph(edges))).toBeUndefined();
  });
  it.each(['DT_INT32', 'int32', 'DT_UINT8', 'DT_BOOL', 'DT_STRING'])('refuses a %s input', (dtype) => {
    expect(() => refuseNonFloatInput(dtype, 'input', 'm.json')).toThrow(expect.objectContaining({ code: 'MODEL_INPUT_DTYPE', exitCode: 2 }));
  });
  it.each(['DT_FLOAT', 'float32', 'DT_HALF', undefined])('accepts a %s input', (dtype) => {
    expect(() => refuseNonFloatInput(dtype, 'input', 'm.json')).not.toThrow();
  });
  it('a kernel crashing the wasm heap on the load-time test input is refused (exit 2), never an internal error', () => {
    expect(rewriteTfjsError(new WebAssembly.RuntimeError('memory access out of bounds'), 'm.json', 'run')).toMatchObject({ code: 'MODEL_KERNEL_CRASH', exitCode: 2 });
  });
  it('recognises crashes inside the wasm heap', () => {
    expect(isWasmCrash(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(true);
    expect(isWasmCrash(new Error('memory access out of bounds'))).toBe(true);
    expect(isWasmCrash(new Error('Tensor is disposed'))).toBe(false);
  });
});

describe('class 7: events.ndjson is appended once per event (linear), never rewritten', () => {
  it('each event adds exactly its own line to the same file; a corrected run:end replaces the last line', () => {
    const out = join(dir, 'events-out');
    const reporter = createNdjsonReporter({ outDir: out, stdout: process.stdout });
    const path = join(out, 'events.ndjson');
    let expected = 0;
    let inode: number | undefined;
    for (let i = 0; i < 500; i++) {
      const event: RunEvent = { type: 'log', level: 'info', message: `event ${i}` };
      reporter.onEvent(event);
      expected += JSON.stringify(event).length + 1;
      const info = statSync(path);
      expect(info.size).toBe(expected);
      inode ??= info.ino;
      expect(info.ino, 'the log is appended to, not replaced').toBe(inode);
    }
    reporter.onEvent(runEnd);
    reporter.onEvent({ ...runEnd, verdict: 'error', exitCode: 3 });
    reporter.close?.();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(501);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'run:end', exitCode: 3 });
  });
  it('replaces a FIFO left at the log path instead of blocking on it', () => {
    const out = join(dir, 'events-fifo');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('mkfifo', [join(out, 'events.ndjson')]);
    const reporter = createNdjsonReporter({ outDir: out, stdout: process.stdout });
    reporter.onEvent({ type: 'log', level: 'info', message: 'x' });
    reporter.close?.();
    expect(statSync(join(out, 'events.ndjson')).isFile()).toBe(true);
  }, 5_000);
});

describe('class 8: one terminal escaping', () => {
  const hostile = 'a\u001b[2J\u0007b\u009b\u202ec\u2066d\ne\tf';
  it('printable is neutralizeControls (newlines and tabs kept)', () => {
    expect(printable(hostile)).toBe(neutralizeControls(hostile, true));
    expect(printable(hostile)).toBe('a\\u001B[2J\\u0007b\\u009B\\u202Ec\\u2066d\ne\tf');
  });
  it('terminalSafe escapes every string of an event or report, at any depth, keeping numbers', () => {
    const safe = terminalSafe({ a: [hostile, { b: hostile }], n: 1, t: Float32Array.from([1]) });
    expect(JSON.stringify(safe)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(safe.n).toBe(1);
    expect(safe.t).toBeInstanceOf(Float32Array);
  });
});

describe('class 9: schema and flag holes', () => {
  it.each(['pgd', 'bim', 'mim', 'apgd', 'deepfool', 'cw-l2'])('%s needs steps ≥ 1 in its param spec (so in the schema)', (type) => {
    const steps = (attackRegistry as Record<string, { params: Record<string, { minimum?: number }> }>)[type]?.params.steps;
    if (steps) expect(steps.minimum).toBeGreaterThanOrEqual(1);
  });
  it('every numeric parameter of every attack has a lower and an upper bound', () => {
    for (const [type, definition] of Object.entries(attackRegistry as Record<string, { params: Record<string, { type: string; minimum?: number; exclusiveMinimum?: number; maximum?: number }> }>)) {
      for (const [name, spec] of Object.entries(definition.params)) {
        if (spec.type !== 'number' && spec.type !== 'integer') continue;
        expect(spec.minimum ?? spec.exclusiveMinimum, `${type}.${name} lower bound`).toBeDefined();
        expect(spec.maximum, `${type}.${name} upper bound`).toBeDefined();
      }
    }
  });
  it('the committed suite schema carries the steps minimum', () => {
    const schema = readFileSync(join(import.meta.dirname, '../../suites/suite.schema.json'), 'utf8');
    expect(schema).not.toMatch(/"steps":\s*\{[^}]*"minimum":\s*0\b/);
  });
  it(`--workers accepts 1–${maxWorkers} and refuses more`, () => {
    expect(parseWorkers('1')).toBe(1);
    expect(parseWorkers(String(maxWorkers))).toBe(maxWorkers);
    expect(() => parseWorkers(String(maxWorkers + 1))).toThrow(/at most 16 workers/);
    expect(() => parseWorkers('0')).toThrow(/≥ 1/);
  });
});
