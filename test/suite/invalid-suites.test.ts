/**
 * docs/reliability.md §E, suite files: every hostile or mistaken suite gives an InputError (exit 2)
 * with a stable code, a location (JSON pointer or line:column) and a message naming the fix.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { parseSuiteJson } from '../../src/suite/parse-json.js';
import type { AttackRegistry } from '../../src/suite/schema.js';
import { validateSuite } from '../../src/suite/validate.js';
import { makeTempDir, testRegistry, validSuite, variant } from './helpers.js';

type Input = { json: unknown } | { text: string } | { bytes: Uint8Array } | { missing: true } | { directory: true };

interface InvalidCase {
  name: string;
  input: Input;
  code: string;
  /** Expected problem location; `undefined` for whole-file problems. */
  location: string | undefined;
  /** Text the problem's message must contain (the field and the fix). */
  fragment: string;
  /** Validate against this registry instead of loading through loadSuite. */
  registry?: AttackRegistry;
}

const json = (value: unknown): Input => ({ json: value });
const text = (value: string): Input => ({ text: value });
const minimal = '{\n  "id": "x",\n  "model": { "path": "m.json" },\n  "data": { "path": "d.npz" },\n  "attacks": [ { "id": "a", "type": "fgsm", "epsilons": [0.1] } ]\n}\n';

const cases: InvalidCase[] = [
  // Syntax: file:line:column.
  { name: 'trailing comma', input: text('{\n  "id": "x",\n}'), code: 'SUITE_SYNTAX', location: '3:1', fragment: 'trailing comma' },
  { name: 'unclosed object', input: text('{\n  "id": "x",\n  "model": {"path": "m"'), code: 'SUITE_SYNTAX', location: '3:24', fragment: "missing '}' for the object opened at line 3, column 12" },
  { name: 'single quotes', input: text("{ 'id': 'x' }"), code: 'SUITE_SYNTAX', location: '1:3', fragment: 'double quotes' },
  { name: 'comment', input: text('{\n  // my suite\n  "id": "x"\n}'), code: 'SUITE_SYNTAX', location: '2:3', fragment: 'comments are not allowed' },
  { name: 'NaN literal', input: text('{"attacks": [{"epsilons": [NaN]}]}'), code: 'SUITE_SYNTAX', location: '1:28', fragment: 'NaN is not valid JSON' },
  { name: 'number overflowing a double', input: text('{"seed": 1e999}'), code: 'SUITE_SYNTAX', location: '1:10', fragment: 'too large to represent' },
  { name: 'missing comma', input: text('{\n  "id": "x"\n  "seed": 1\n}'), code: 'SUITE_SYNTAX', location: '3:3', fragment: "missing ',' after property" },
  { name: 'empty file', input: text(''), code: 'SUITE_SYNTAX', location: '1:1', fragment: 'file is empty' },
  { name: 'nesting bomb', input: text(`{"a": ${'['.repeat(100)}`), code: 'SUITE_SYNTAX', location: '1:70', fragment: 'nesting deeper than 64' },
  { name: 'UTF-16 file', input: { bytes: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) }, code: 'SUITE_SYNTAX', location: undefined, fragment: 'save it as UTF-8' },
  { name: 'invalid UTF-8', input: { bytes: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }, code: 'SUITE_SYNTAX', location: undefined, fragment: 'not valid UTF-8' },
  // Keys.
  { name: 'duplicate top-level key', input: text('{\n  "id": "a",\n  "id": "b"\n}'), code: 'SUITE_INVALID', location: '/id', fragment: "duplicate property 'id' at line 3, column 3; it is already set at line 2, column 3" },
  { name: 'duplicate nested key', input: text(minimal.replace('"path": "m.json"', '"path": "m.json", "path": "n.json"')), code: 'SUITE_INVALID', location: '/model/path', fragment: "duplicate property 'path'" },
  { name: '__proto__ key', input: text(minimal.replace('"id": "x",', '"id": "x", "__proto__": { "polluted": true },')), code: 'SUITE_INVALID', location: '/__proto__', fragment: "property name '__proto__' is not allowed" },
  { name: 'constructor key in an attack', input: text(minimal.replace('"id": "a",', '"id": "a", "constructor": { "polluted": true },')), code: 'SUITE_INVALID', location: '/attacks/0/constructor', fragment: "property name 'constructor' is not allowed" },
  { name: 'prototype key', input: text(minimal.replace('"path": "m.json"', '"path": "m.json", "prototype": 1')), code: 'SUITE_INVALID', location: '/model/prototype', fragment: "'prototype' is not allowed" },
  { name: 'unknown top-level key', input: json(variant((s) => { s.seeds = 1; })), code: 'SUITE_INVALID', location: '/seeds', fragment: "unknown property 'seeds' — did you mean 'seed'?" },
  { name: 'unknown nested key', input: json(variant((s) => { s.data.limti = 5; })), code: 'SUITE_INVALID', location: '/data/limti', fragment: "did you mean 'limit'?" },
  { name: 'epsilon instead of epsilons', input: json(variant((s) => { s.attacks[1] = { id: 'pgd', type: 'pgd', epsilon: [0.03] }; })), code: 'SUITE_INVALID', location: '/attacks/1/epsilon', fragment: "unknown property 'epsilon' for attack type 'pgd' — did you mean 'epsilons'?" },
  { name: 'parameter of another attack type', input: json(variant((s) => { s.attacks[0].restarts = 2; })), code: 'SUITE_INVALID', location: '/attacks/0/restarts', fragment: "unknown property 'restarts' for attack type 'fgsm'" },
  { name: 'severities on an epsilon attack', input: json(variant((s) => { s.attacks[1].severities = [1]; })), code: 'SUITE_INVALID', location: '/attacks/1/severities', fragment: "takes 'epsilons', not 'severities'" },
  // Types and ranges.
  { name: 'root is an array', input: json([validSuite()]), code: 'SUITE_INVALID', location: '', fragment: 'the suite must be an object, got an array' },
  { name: 'seed as a string', input: json(variant((s) => { s.seed = '7'; })), code: 'SUITE_INVALID', location: '/seed', fragment: "'seed' must be an integer, got \"7\" — remove the quotes" },
  { name: 'seed out of range', input: json(variant((s) => { s.seed = 2 ** 32; })), code: 'SUITE_INVALID', location: '/seed', fragment: '≤ 4294967295' },
  { name: 'model as a string', input: json(variant((s) => { s.model = 'model.json'; })), code: 'SUITE_INVALID', location: '/model', fragment: "'model' must be an object" },
  { name: 'batchSize too large', input: json(variant((s) => { s.data.batchSize = 100000; })), code: 'SUITE_INVALID', location: '/data/batchSize', fragment: "'batchSize' must be an integer ≤ 4096, got 100000" },
  { name: 'limit zero', input: json(variant((s) => { s.data.limit = 0; })), code: 'SUITE_INVALID', location: '/data/limit', fragment: "'limit' must be an integer ≥ 1" },
  { name: 'data format typo', input: json(variant((s) => { s.data.format = 'npzz'; })), code: 'SUITE_INVALID', location: '/data/format', fragment: "did you mean 'npz'?" },
  { name: 'std of zero', input: json(variant((s) => { s.model.preprocess = { mean: [0.5], std: [0] }; })), code: 'SUITE_INVALID', location: '/model/preprocess/std/0', fragment: 'must be a number > 0, got 0' },
  { name: 'mean and std of different lengths', input: json(variant((s) => { s.model.preprocess = { mean: [0.4, 0.5, 0.6], std: [0.2, 0.2] }; })), code: 'SUITE_INVALID', location: '/model/preprocess', fragment: "'mean' has 3 values but 'std' has 2" },
  { name: 'inputRange reversed', input: json(variant((s) => { s.model.inputRange = [1, 0]; })), code: 'SUITE_INVALID', location: '/model/inputRange', fragment: 'low < high' },
  { name: 'inputRange with one number', input: json(variant((s) => { s.model.inputRange = [1]; })), code: 'SUITE_INVALID', location: '/model/inputRange', fragment: 'two numbers [low, high]' },
  { name: 'bad sha256', input: json(variant((s) => { s.model.sha256 = 'abc123'; })), code: 'SUITE_INVALID', location: '/model/sha256', fragment: '64 hexadecimal characters' },
  { name: 'suite id with a slash', input: json(variant((s) => { s.id = '../escape'; })), code: 'SUITE_INVALID', location: '/id', fragment: "starting with a letter or digit" },
  { name: 'confidence too low', input: json(variant((s) => { s.confidence = 0.3; })), code: 'SUITE_INVALID', location: '/confidence', fragment: '≥ 0.5' },
  { name: 'failOn typo', input: json(variant((s) => { s.checks.failOn = 'warning'; })), code: 'SUITE_INVALID', location: '/checks/failOn', fragment: "did you mean 'warn'?" },
  // Required fields.
  { name: 'missing model', input: json(variant((s) => { delete s.model; })), code: 'SUITE_INVALID', location: '', fragment: "missing required property 'model'" },
  { name: 'missing model path', input: json(variant((s) => { delete s.model.path; })), code: 'SUITE_INVALID', location: '/model', fragment: "missing required property 'path' in 'model'" },
  { name: 'missing epsilons', input: json(variant((s) => { delete s.attacks[1].epsilons; })), code: 'SUITE_INVALID', location: '/attacks/1', fragment: "attack type 'pgd' needs 'epsilons'" },
  { name: 'missing attack id', input: json(variant((s) => { delete s.attacks[0].id; })), code: 'SUITE_INVALID', location: '/attacks/0', fragment: "missing required property 'id'" },
  // Budgets.
  { name: 'negative epsilon', input: json(variant((s) => { s.attacks[0].epsilons = [0.01, -0.1]; })), code: 'SUITE_INVALID', location: '/attacks/0/epsilons/1', fragment: "'epsilons[1]' must be a number ≥ 0, got -0.1" },
  { name: 'epsilon "NaN" string', input: json(variant((s) => { s.attacks[0].epsilons = ['NaN']; })), code: 'SUITE_INVALID', location: '/attacks/0/epsilons/0', fragment: 'JSON has no NaN or Infinity' },
  { name: 'huge epsilon', input: json(variant((s) => { s.attacks[2].epsilons = [1e9]; })), code: 'SUITE_INVALID', location: '/attacks/2/epsilons/0', fragment: '≤ 1000000' },
  { name: 'L∞ epsilon wider than the input range', input: json(variant((s) => { s.attacks[0].epsilons = [0.03, 8]; })), code: 'SUITE_INVALID', location: '/attacks/0/epsilons/1', fragment: 'ε 8 is larger than the input range width 1' },
  { name: 'default-norm (L∞) PGD epsilon wider than a custom range', input: json(variant((s) => { s.model.inputRange = [-1, 1]; s.attacks[1].epsilons = [3]; s.thresholds = []; })), code: 'SUITE_INVALID', location: '/attacks/1/epsilons/0', fragment: 'larger than the input range width 2' },
  { name: 'duplicate epsilon', input: json(variant((s) => { s.attacks[0].epsilons = [0.01, 0.03, 0.01]; })), code: 'SUITE_INVALID', location: '/attacks/0/epsilons/2', fragment: 'lists 0.01 twice' },
  { name: 'empty epsilons', input: json(variant((s) => { s.attacks[0].epsilons = []; })), code: 'SUITE_INVALID', location: '/attacks/0/epsilons', fragment: 'at least 1 item' },
  { name: 'steps 1e9', input: json(variant((s) => { s.attacks[1].steps = 1e9; })), code: 'SUITE_INVALID', location: '/attacks/1/steps', fragment: "'steps' must be an integer ≤ 10000, got 1000000000" },
  { name: 'fractional restarts', input: json(variant((s) => { s.attacks[1].restarts = 1.5; })), code: 'SUITE_INVALID', location: '/attacks/1/restarts', fragment: "'restarts' must be an integer, got 1.5" },
  { name: 'randomStart as a string', input: json(variant((s) => { s.attacks[1].randomStart = 'true'; })), code: 'SUITE_INVALID', location: '/attacks/1/randomStart', fragment: 'must be true or false, got "true" — remove the quotes' },
  // Attack list and types.
  { name: 'empty attack list', input: json(variant((s) => { s.attacks = []; s.thresholds = []; })), code: 'SUITE_INVALID', location: '/attacks', fragment: 'needs at least one attack' },
  { name: 'attack type typo', input: json(variant((s) => { s.attacks[1].type = 'pdg'; })), code: 'SUITE_INVALID', location: '/attacks/1/type', fragment: "unknown attack type \"pdg\" — did you mean 'pgd'? (valid types: fgsm, pgd, bim" },
  { name: 'attack type far from any', input: json(variant((s) => { s.attacks[1].type = 'wasserstein'; })), code: 'SUITE_INVALID', location: '/attacks/1/type', fragment: 'valid types: fgsm, pgd, bim' },
  { name: 'unknown norm', input: json(variant((s) => { s.attacks[0].norm = 'l3'; })), code: 'SUITE_INVALID', location: '/attacks/0/norm', fragment: 'unknown norm "l3"' },
  { name: 'norm the attack does not support', input: json(variant((s) => { s.attacks[0] = { id: 'lo', type: 'linf-only', norm: 'l2', epsilons: [0.1] }; s.attacks[1].type = 'pgd'; })), registry: testRegistry, code: 'SUITE_INVALID', location: '/attacks/0/norm', fragment: "attack type 'linf-only' does not support norm 'l2' — use one of: linf" },
  { name: 'severity out of range', input: json(variant((s) => { s.attacks.push({ id: 'blur', type: 'blur', severities: [1, 6] }); })), registry: testRegistry, code: 'SUITE_INVALID', location: '/attacks/3/severities/1', fragment: 'must be an integer ≤ 5, got 6' },
  { name: 'epsilons on a severity attack', input: json(variant((s) => { s.attacks.push({ id: 'blur', type: 'blur', epsilons: [1] }); })), registry: testRegistry, code: 'SUITE_INVALID', location: '/attacks/3/epsilons', fragment: "takes 'severities' 1–5, not 'epsilons'" },
  { name: 'duplicate attack ids', input: json(variant((s) => { s.attacks[2].id = 'fgsm'; })), code: 'SUITE_INVALID', location: '/attacks/2/id', fragment: "duplicate attack id 'fgsm' (already used by /attacks/0)" },
  // Thresholds.
  { name: 'threshold naming an unknown attack', input: json(variant((s) => { s.thresholds[1].attack = 'pgdd'; })), code: 'SUITE_INVALID', location: '/thresholds/1/attack', fragment: "unknown attack id 'pgdd' — did you mean 'pgd'?" },
  { name: 'threshold naming an unknown epsilon', input: json(variant((s) => { s.thresholds[1].epsilon = 0.05; })), code: 'SUITE_INVALID', location: '/thresholds/1/epsilon', fragment: "'epsilon' 0.05 is not one of attack 'pgd' epsilons [0.03, 0.1]" },
  { name: 'robust-accuracy without attack', input: json(variant((s) => { delete s.thresholds[1].attack; })), code: 'SUITE_INVALID', location: '/thresholds/1', fragment: "needs 'attack'" },
  { name: 'robust-accuracy without epsilon', input: json(variant((s) => { delete s.thresholds[1].epsilon; })), code: 'SUITE_INVALID', location: '/thresholds/1', fragment: "needs 'epsilon': one of 0.03, 0.1" },
  { name: 'threshold min above max', input: json(variant((s) => { s.thresholds[0].max = 0.5; })), code: 'SUITE_INVALID', location: '/thresholds/0', fragment: "'min' 0.8 is greater than 'max' 0.5" },
  { name: 'threshold without min or max', input: json(variant((s) => { delete s.thresholds[0].min; })), code: 'SUITE_INVALID', location: '/thresholds/0', fragment: "needs 'min' and/or 'max'" },
  { name: 'accuracy threshold in percent', input: json(variant((s) => { s.thresholds[0].min = 85; })), code: 'SUITE_INVALID', location: '/thresholds/0/min', fragment: 'outside [0, 1] — accuracies are fractions' },
  { name: 'score above 100', input: json(variant((s) => { s.thresholds[2].max = 150; })), code: 'SUITE_INVALID', location: '/thresholds/2/max', fragment: 'outside [0, 100]' },
  { name: 'unknown threshold metric', input: json(variant((s) => { s.thresholds[0].metric = 'clean-acuracy'; })), code: 'SUITE_INVALID', location: '/thresholds/0/metric', fragment: "did you mean 'clean-accuracy'?" },
  { name: 'attack on a clean-accuracy threshold', input: json(variant((s) => { s.thresholds[0].attack = 'pgd'; })), code: 'SUITE_INVALID', location: '/thresholds/0/attack', fragment: 'applies only to robust-accuracy thresholds' },
  // Files.
  { name: 'missing suite file', input: { missing: true }, code: 'SUITE_MISSING', location: undefined, fragment: 'suite file not found' },
  { name: 'directory instead of a file', input: { directory: true }, code: 'SUITE_MISSING', location: undefined, fragment: 'is a directory, not a suite file' },
  { name: 'file over 1 MiB', input: text(`{"description": "${'x'.repeat(1024 * 1024)}"}`), code: 'SUITE_TOO_LARGE', location: undefined, fragment: 'more than the 1048576-byte limit' },
];

const temp = makeTempDir();
afterAll(temp.cleanup);

/** Writes the case's input into its own file and loads it (or validates it with a custom registry). */
async function attempt(testCase: InvalidCase, index: number): Promise<unknown> {
  const path = join(temp.dir, `case-${index}.suite.json`);
  const { input } = testCase;
  if ('directory' in input) mkdirSync(path);
  if ('json' in input) writeFileSync(path, `${JSON.stringify(input.json, null, 2)}\n`);
  if ('text' in input) writeFileSync(path, input.text);
  if ('bytes' in input) writeFileSync(path, input.bytes);
  try {
    if (testCase.registry !== undefined && 'json' in input) {
      const parsed = parseSuiteJson(JSON.stringify(input.json, null, 2), path);
      validateSuite(parsed.value, { file: path, positions: parsed.positions, problems: parsed.problems, registry: testCase.registry });
    } else {
      await loadSuite(path);
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('invalid suites', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((testCase, index) => [testCase.name, testCase, index] as const))('%s', async (_name, testCase, index) => {
    const error = await attempt(testCase, index);
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.code).toBe(testCase.code);
    expect(inputError.exitCode).toBe(2);
    const match = inputError.problems.find((problem) => problem.location === testCase.location && problem.message.includes(testCase.fragment));
    expect(match, `no problem at ${String(testCase.location)} containing "${testCase.fragment}" in:\n${inputError.message}`).toBeDefined();
    expect(match!.file).toContain(`case-${index}.suite.json`);
    expect(inputError.message).toContain(testCase.fragment);
  });
});
