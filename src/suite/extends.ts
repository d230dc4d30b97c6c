/**
 * `extends`: a suite builds on base files, so suites can share attack sets, thresholds and model
 * or data settings. `"extends": "base.json"` or `["a.json", "b.json"]`; paths are relative to the
 * file that writes them. Merge rules — bases apply first, in the order listed (each after its own
 * bases), and the extending file last, so a later file wins:
 *
 * - `model`, `data`, `checks`: merged field by field; a later field replaces an earlier one whole
 *   (e.g. `preprocess` is replaced, not merged).
 * - `attacks`: concatenated; an entry with the `id` of an earlier entry replaces it in place.
 * - `thresholds`: concatenated; an entry with the same `metric`, `attack`, `epsilon` and `norm`
 *   as an earlier one replaces it in place.
 * - Every other field (`id`, `description`, `seed`, `confidence`, `timeoutSeconds`, …): replaced.
 * - `$schema` is never inherited; `extends` itself is resolved and dropped.
 * - `model.path`, `data.path` and `data.labelsPath` stay relative to the file that wrote them.
 *
 * The composed suite is then validated as one document; every problem names the file (and line)
 * its value came from. Cycles, more than {@link extendsLimits} files or nesting, and base files
 * that are not JSON objects are refused with the chain that leads to them.
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, inputErrorFromProblems, type Problem } from '../errors.js';
import { childPointer } from './json-pointer.js';
import type { ParsedJson } from './parse-json.js';
import type { SourcePosition } from './source-position.js';
import type { SuiteFile } from './types.js';
import { collectSuiteProblems } from './validate.js';

/** Limits on composition: a suite and its bases stay a handful of small files. */
export const extendsLimits = { maxDepth: 8, maxFiles: 32, maxEntries: 16 } as const;

/** A suite or base file, read and parsed. */
export interface SuiteText {
  parsed: ParsedJson;
  /** The file's bytes as stored (they enter the suite hash). */
  bytes: Uint8Array;
}

/** Reads and parses one file (`absolutePath`), naming it `displayPath` in errors. */
export type ReadSuiteText = (absolutePath: string, displayPath: string) => Promise<SuiteText>;

/** A suite with its bases applied. */
export interface ComposedSuite {
  /** The merged document, without `extends`. */
  value: Record<string, unknown>;
  /** Position of each merged value in the file it came from. */
  positions: Map<string, SourcePosition>;
  /** The file (as displayed) the value at a pointer came from. */
  fileOf(pointer: string): string;
  /** Parse problems (duplicate or refused keys) of the base files, with their files. */
  problems: Problem[];
  /** Base files in the order applied, with their bytes. */
  bases: { file: string; bytes: Uint8Array }[];
}

/** One file's part of the composition. */
interface Layer {
  file: string;
  absolutePath: string;
  value: Record<string, unknown>;
  positions: ReadonlyMap<string, SourcePosition>;
}

/** A value and where it was written. */
interface Sourced {
  value: unknown;
  layer: Layer;
  /** JSON pointer of the value in its own file. */
  pointer: string;
}

type Slot =
  | { kind: 'value'; item: Sourced }
  | { kind: 'section'; owner: Sourced; fields: Map<string, Sourced> }
  | { kind: 'list'; owner: Sourced; entries: Sourced[] };

const sectionKeys = new Set(['model', 'data', 'checks']);
const listKeys = new Set(['attacks', 'thresholds']);
/** Fields holding paths, relative to the file that writes them. */
const pathFields: Readonly<Record<string, readonly string[]>> = { model: ['path'], data: ['path', 'labelsPath'] };

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether a parsed suite document names base files. */
export function usesExtends(value: unknown): boolean {
  return isObject(value) && Object.hasOwn(value, 'extends');
}

function extendsError(file: string, location: string, message: string): InputError {
  return new InputError('SUITE_EXTENDS', `${file}: ${location}: ${message}`, [{ file, location, message }]);
}

/** The base paths a file names, checked: a non-empty path or a list of 1–16 distinct ones. */
function extendsTargets(layer: Layer): { path: string; pointer: string }[] {
  const value = layer.value.extends;
  const hint = 'write a path or a list of paths to base files, relative to this file, e.g. "extends": "shared/attacks.json"';
  const targets = typeof value === 'string' && value.trim() !== '' ? [{ path: value, pointer: '/extends' }] : undefined;
  const valid = targets !== undefined || (Array.isArray(value) && value.length >= 1 && value.length <= extendsLimits.maxEntries
    && value.every((entry) => typeof entry === 'string' && entry.trim() !== '') && new Set(value).size === value.length);
  if (!valid) throw extendsError(layer.file, '/extends', `'extends' is invalid — ${hint} (at most ${extendsLimits.maxEntries}, no repeats)`);
  const list = targets ?? (value as string[]).map((path, index) => ({ path, pointer: `/extends/${index}` }));
  // Only JSON files: a hostile suite must not make robustcheck read (and quote from) other files such as /proc/self/environ.
  for (const target of list) {
    if (!/\.json$/i.test(target.path)) throw extendsError(layer.file, target.pointer, `'extends' must name .json files, got '${target.path}' — ${hint}`);
  }
  return list;
}

async function identityOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** Collects `layer`'s bases depth-first (each after its own bases), then `layer` itself. */
async function collectLayers(layer: Layer, chain: { identity: string; file: string }[], read: ReadSuiteText, out: { layers: Layer[]; problems: Problem[]; bases: ComposedSuite['bases'] }): Promise<void> {
  if (Object.hasOwn(layer.value, 'extends')) {
    for (const target of extendsTargets(layer)) {
      const absolutePath = resolve(dirname(layer.absolutePath), target.path);
      const file = isAbsolute(target.path) ? target.path : join(dirname(layer.file), target.path);
      const identity = await identityOf(absolutePath);
      const seen = chain.findIndex((entry) => entry.identity === identity);
      if (seen >= 0) {
        const loop = [...chain.slice(seen).map((entry) => entry.file), file].join(' → ');
        throw extendsError(layer.file, target.pointer, `'extends' makes a cycle: ${loop} — remove one of these links`);
      }
      if (chain.length > extendsLimits.maxDepth) throw extendsError(layer.file, target.pointer, `'extends' nests more than ${extendsLimits.maxDepth} files deep — flatten the chain`);
      if (out.bases.length >= extendsLimits.maxFiles) throw extendsError(layer.file, target.pointer, `a suite may build on at most ${extendsLimits.maxFiles} base files`);
      let text: SuiteText;
      try {
        text = await read(absolutePath, file);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const reason = error.code === 'SUITE_MISSING'
          ? `base file ${file} cannot be read (${error.message.slice(file.length + 2).split(' — ')[0]}) — paths in 'extends' are relative to the file that writes them`
          : `in base file: ${error.message}`;
        throw new InputError(error.code, `${layer.file}: ${target.pointer}: ${reason}`, [{ file: layer.file, location: target.pointer, message: reason }, ...error.problems]);
      }
      if (!isObject(text.parsed.value)) throw extendsError(file, '', 'a base file must be a JSON object of suite fields, e.g. { "attacks": [ … ] }');
      await collectLayers({ file, absolutePath, value: text.parsed.value, positions: text.parsed.positions }, [...chain, { identity, file }], read, out);
      out.problems.push(...text.parsed.problems);
      out.bases.push({ file, bytes: text.bytes });
    }
  }
  out.layers.push(layer);
}

/** Whether two list entries are the same entry (a later one replaces the earlier). */
function sameEntry(list: string, a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  if (list === 'attacks') return typeof a.id === 'string' && a.id === b.id;
  const key = (entry: Record<string, unknown>) => JSON.stringify([entry.metric, entry.attack, entry.epsilon, entry.norm]);
  return key(a) === key(b);
}

/** Applies one file's fields on top of the composition so far. */
function overlay(slots: Map<string, Slot>, layer: Layer, isTop: boolean): void {
  for (const [key, value] of Object.entries(layer.value)) {
    if (key === 'extends' || (key === '$schema' && !isTop)) continue;
    const owner: Sourced = { value, layer, pointer: childPointer('', key) };
    const slot = slots.get(key);
    if (sectionKeys.has(key) && isObject(value)) {
      const fields = new Map(slot?.kind === 'section' ? slot.fields : []);
      for (const [field, fieldValue] of Object.entries(value)) fields.set(field, { value: fieldValue, layer, pointer: childPointer(owner.pointer, field) });
      slots.set(key, { kind: 'section', owner, fields });
    } else if (listKeys.has(key) && Array.isArray(value)) {
      const entries = slot?.kind === 'list' ? [...slot.entries] : [];
      value.forEach((entry, index) => {
        const item: Sourced = { value: entry, layer, pointer: childPointer(owner.pointer, index) };
        const at = entries.findIndex((existing) => sameEntry(key, existing.value, entry));
        if (at >= 0) entries[at] = item;
        else entries.push(item);
      });
      slots.set(key, { kind: 'list', owner, entries });
    } else {
      slots.set(key, { kind: 'value', item: owner });
    }
  }
}

/** Copies the positions at and below `from` in a file to `to` in the merged document. */
function graft(positions: Map<string, SourcePosition>, item: Sourced, to: string, withChildren = true): void {
  for (const [pointer, position] of item.layer.positions) {
    if (pointer === item.pointer) positions.set(to, position);
    else if (withChildren && pointer.startsWith(`${item.pointer}/`)) positions.set(to + pointer.slice(item.pointer.length), position);
  }
}

/** A path written in a base file, made relative to the extending suite's folder. */
function rebase(section: string, field: string, item: Sourced, topDir: string): unknown {
  const value = item.value;
  if (!pathFields[section]?.includes(field) || typeof value !== 'string' || isAbsolute(value)) return value;
  const dir = dirname(item.layer.absolutePath);
  return dir === topDir ? value : relative(topDir, resolve(dir, value)) || '.';
}

/**
 * Composes a suite from its file and the base files it `extends` (see the merge rules above).
 *
 * @param top - the suite file as given by the user, parsed
 * @param read - reads and parses a base file (the same checks as a suite file)
 * @throws InputError `SUITE_EXTENDS` (bad `extends`, cycle, limits, base not an object), or the
 *   base file's own error (`SUITE_MISSING`, `SUITE_SYNTAX`, …) prefixed with where it was named
 */
export async function composeSuite(top: { file: string; absolutePath: string; parsed: ParsedJson }, read: ReadSuiteText): Promise<ComposedSuite> {
  if (!isObject(top.parsed.value)) throw extendsError(top.file, '', 'a suite must be a JSON object');
  const topLayer: Layer = { file: top.file, absolutePath: top.absolutePath, value: top.parsed.value, positions: top.parsed.positions };
  const collected = { layers: [] as Layer[], problems: [] as Problem[], bases: [] as ComposedSuite['bases'] };
  await collectLayers(topLayer, [{ identity: await identityOf(top.absolutePath), file: top.file }], read, collected);
  const slots = new Map<string, Slot>();
  for (const layer of collected.layers) overlay(slots, layer, layer === topLayer);
  const topDir = dirname(top.absolutePath);
  const value: Record<string, unknown> = {};
  const positions = new Map<string, SourcePosition>();
  const origins = new Map<string, string>([['', top.file]]);
  const place = (item: Sourced, at: string, withChildren = true) => {
    origins.set(at, item.layer.file);
    graft(positions, item, at, withChildren);
  };
  for (const [key, slot] of slots) {
    const at = childPointer('', key);
    if (slot.kind === 'value') {
      value[key] = slot.item.value;
      place(slot.item, at);
    } else if (slot.kind === 'section') {
      place(slot.owner, at, false);
      const section: Record<string, unknown> = {};
      for (const [field, item] of slot.fields) {
        section[field] = rebase(key, field, item, topDir);
        place(item, childPointer(at, field));
      }
      value[key] = section;
    } else {
      place(slot.owner, at, false);
      value[key] = slot.entries.map((item, index) => {
        place(item, childPointer(at, index));
        return item.value;
      });
    }
  }
  const fileOf = (pointer: string): string => {
    for (let current = pointer; ; current = current.slice(0, current.lastIndexOf('/'))) {
      const file = origins.get(current);
      if (file !== undefined) return file;
      if (current === '') return top.file;
    }
  };
  return { value, positions, fileOf, problems: collected.problems, bases: collected.bases };
}

/**
 * Validates a composed suite as one document; each problem names the file its value came from.
 *
 * @param topProblems - parse problems of the suite file itself
 * @throws InputError `SUITE_INVALID` listing every problem, grouped by file (the suite first)
 */
export function validateComposedSuite(composed: ComposedSuite, file: string, topProblems: readonly Problem[]): SuiteFile {
  const located = collectSuiteProblems(composed.value, { file, positions: composed.positions })
    .map((problem) => ({ ...problem, file: composed.fileOf(problem.location ?? '') }));
  const order = [file, ...composed.bases.map((base) => base.file)];
  // Array.prototype.sort is stable: within a file, problems keep their order by position.
  located.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
  const problems = [...topProblems, ...composed.problems, ...located];
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw inputErrorFromProblems('SUITE_INVALID', `${file}: invalid suite (${count}, with the files it extends):`, problems);
  }
  return composed.value as unknown as SuiteFile;
}
