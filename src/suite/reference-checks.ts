/**
 * Checks the schema cannot express: unique attack ids, budgets that make no sense for the input
 * range, thresholds that refer to attacks and ε values that exist, consistent bounds. They run on
 * documents that may also have schema errors, so every check guards the shapes it reads.
 */
import { quoteList } from './describe-value.js';
import { childPointer } from './json-pointer.js';
import type { Finding } from './schema-messages.js';
import type { AttackRegistry } from './schema.js';
import { closestName } from './suggest.js';
import { findThresholdMetric, type ThresholdMetricInfo } from '../metrics/threshold-metrics.js';
import { isReservedSuiteId } from '../report/report-layout.js';
import { checkFloat32Budgets } from './float32-checks.js';

type Entry = Record<string, unknown>;

interface KnownAttack {
  pointer: string;
  /** Budget field and its numbers; absent when the attack type is unknown (reported elsewhere). */
  budget?: { name: 'epsilons' | 'severities'; values: number[] };
  /** Norm of an epsilon-budget attack (declared or its type's default). */
  norm?: string;
}

const isEntry = (value: unknown): value is Entry => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const numbersIn = (value: unknown): number[] => (Array.isArray(value) ? value.filter(isNumber) : []);

/** The declared input box, the default `[0, 1]`, or `undefined` when it is malformed. */
function inputRangeOf(suite: Entry): [number, number] | undefined {
  const model = suite.model;
  const range = isEntry(model) ? model.inputRange : undefined;
  if (range === undefined) return [0, 1];
  if (Array.isArray(range) && range.length === 2 && isNumber(range[0]) && isNumber(range[1])) return [range[0], range[1]];
  return undefined;
}

function checkModel(suite: Entry, findings: Finding[]): void {
  const model = suite.model;
  if (!isEntry(model)) return;
  const range = model.inputRange;
  if (Array.isArray(range) && isNumber(range[0]) && isNumber(range[1]) && range[0] >= range[1]) {
    findings.push({ pointer: '/model/inputRange', message: `'inputRange' [${range[0]}, ${range[1]}] is empty — write [low, high] with low < high, e.g. [0, 1]` });
  }
  const preprocess = model.preprocess;
  if (isEntry(preprocess) && Array.isArray(preprocess.mean) && Array.isArray(preprocess.std)) {
    const means = preprocess.mean.length;
    const stds = preprocess.std.length;
    if (means > 1 && stds > 1 && means !== stds) {
      findings.push({ pointer: '/model/preprocess', message: `'mean' has ${means} values but 'std' has ${stds} — give one value per channel in both (or one value for all channels)` });
    }
  }
}

/** Checks attack entries and returns the well-formed ones by id, for the threshold checks. */
function checkAttacks(suite: Entry, registry: AttackRegistry, findings: Finding[]): Map<string, KnownAttack> {
  const known = new Map<string, KnownAttack>();
  if (!Array.isArray(suite.attacks)) return known;
  const range = inputRangeOf(suite);
  const firstUse = new Map<string, string>();
  suite.attacks.forEach((attack: unknown, index) => {
    const pointer = `/attacks/${index}`;
    if (!isEntry(attack) || typeof attack.id !== 'string') return;
    const earlier = firstUse.get(attack.id);
    if (earlier !== undefined) {
      findings.push({ pointer: `${pointer}/id`, message: `duplicate attack id '${attack.id}' (already used by ${earlier}) — give each attack its own id; thresholds and reports refer to attacks by id` });
      return;
    }
    firstUse.set(attack.id, pointer);
    const definition = typeof attack.type === 'string' && Object.hasOwn(registry, attack.type) ? registry[attack.type] : undefined;
    if (definition === undefined) {
      known.set(attack.id, { pointer });
      return;
    }
    const budgetName = definition.budget;
    const norm = attack.norm ?? definition.norms[0];
    known.set(attack.id, { pointer, budget: { name: budgetName, values: numbersIn(attack[budgetName]) }, ...(budgetName === 'epsilons' && typeof norm === 'string' ? { norm } : {}) });
    if (budgetName !== 'epsilons' || norm !== 'linf' || range === undefined || range[1] <= range[0]) return;
    const width = range[1] - range[0];
    const epsilons: unknown[] = Array.isArray(attack.epsilons) ? attack.epsilons : [];
    epsilons.forEach((epsilon, position) => {
      if (isNumber(epsilon) && epsilon > width) {
        findings.push({
          pointer: `${pointer}/epsilons/${position}`,
          message: `ε ${epsilon} is larger than the input range width ${width} (inputRange [${range[0]}, ${range[1]}]); an L∞ budget that large allows any input — ε is in input units, e.g. ${+(width * 8 / 255).toPrecision(2)} for 8/255 of the range`,
        });
      }
    });
  });
  return known;
}

/** "a" or "an" before a metric name. */
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

function checkBounds(threshold: Entry, metric: string, info: ThresholdMetricInfo, pointer: string, findings: Finding[]): void {
  const [low, high, unit] = info.scale === 'score' ? [0, 100, 'scores run from 0 to 100'] : [0, 1, 'accuracies are fractions, e.g. 0.85 for 85 %'];
  for (const bound of ['min', 'max'] as const) {
    if (threshold[bound] !== undefined && !info.bounds.includes(bound)) {
      findings.push({ pointer: `${pointer}/${bound}`, message: `${article(metric)} ${metric} threshold takes only ${info.bounds.map((name) => `'${name}'`).join(' or ')} (the largest allowed drop, e.g. 0.02) — remove '${bound}'` });
    }
  }
  for (const bound of ['min', 'max'] as const) {
    const value = threshold[bound];
    if (isNumber(value) && (value < low || value > high)) {
      findings.push({ pointer: `${pointer}/${bound}`, message: `${metric} '${bound}' ${value} is outside [${low}, ${high}] — ${unit}` });
    }
  }
  if (isNumber(threshold.min) && isNumber(threshold.max) && threshold.min > threshold.max) {
    findings.push({ pointer, message: `'min' ${threshold.min} is greater than 'max' ${threshold.max}, so nothing can pass — swap them` });
  }
}

function checkAttackReference(threshold: Entry, metric: string, pointer: string, known: Map<string, KnownAttack>, findings: Finding[]): void {
  const ids = [...known.keys()];
  if (threshold.attack === undefined) {
    findings.push({ pointer, message: `${article(metric)} ${metric} threshold needs 'attack' — add "attack": one of ${quoteList(ids)}` });
  } else if (typeof threshold.attack === 'string' && !known.has(threshold.attack)) {
    const suggestion = closestName(threshold.attack, ids);
    const hint = suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`;
    findings.push({ pointer: `${pointer}/attack`, message: `unknown attack id '${threshold.attack}'${hint} — attack ids in this suite: ${quoteList(ids)}` });
  }
  const attack = typeof threshold.attack === 'string' ? known.get(threshold.attack) : undefined;
  const budget = attack?.budget;
  if (threshold.epsilon === undefined) {
    const choices = budget === undefined ? '' : `: one of ${budget.values.join(', ')}`;
    findings.push({ pointer, message: `${article(metric)} ${metric} threshold needs 'epsilon'${choices} — add it` });
  } else if (attack !== undefined && budget !== undefined && isNumber(threshold.epsilon) && !budget.values.includes(threshold.epsilon)) {
    findings.push({
      pointer: `${pointer}/epsilon`,
      message: `'epsilon' ${threshold.epsilon} is not one of attack '${threshold.attack as string}' ${budget.name} [${budget.values.join(', ')}] — use one of them or add ${threshold.epsilon} to ${attack.pointer}/${budget.name}`,
    });
  }
}

/** `worst-case-robust-accuracy`: its ε (and norm) must be a budget of some epsilon attack, unambiguously. */
function checkWorstCaseReference(threshold: Entry, pointer: string, known: Map<string, KnownAttack>, findings: Finding[]): void {
  const epsilonAttacks = [...known.values()].filter((attack) => attack.norm !== undefined && attack.budget !== undefined);
  const all = [...new Set(epsilonAttacks.flatMap((attack) => attack.budget!.values))].sort((a, b) => a - b);
  if (threshold.epsilon === undefined) {
    findings.push({ pointer, message: `a worst-case-robust-accuracy threshold needs 'epsilon'${all.length > 0 ? `: one of ${all.join(', ')}` : ''} — add it` });
    return;
  }
  if (!isNumber(threshold.epsilon)) return;
  const epsilon = threshold.epsilon;
  const sharing = epsilonAttacks.filter((attack) => attack.budget!.values.includes(epsilon) && (threshold.norm === undefined || attack.norm === threshold.norm));
  const norms = [...new Set(sharing.map((attack) => attack.norm!))];
  if (sharing.length === 0) {
    const where = threshold.norm === undefined ? '' : ` with norm '${String(threshold.norm)}'`;
    findings.push({ pointer: `${pointer}/epsilon`, message: `no attack${where} has ε ${epsilon} — use one of the suite's epsilons (${all.join(', ') || 'none'})` });
  } else if (norms.length > 1) {
    findings.push({ pointer, message: `attacks of several norms (${norms.join(', ')}) have ε ${epsilon} — add "norm": one of ${quoteList(norms)}` });
  }
}

const fieldScope: Record<string, string> = {
  attack: 'per-attack metrics (robust-accuracy, attack-success-rate, accuracy-drop, per-class-robust-accuracy, regression)',
  epsilon: 'metrics at one ε (robust-accuracy and the other per-attack metrics, worst-case-robust-accuracy, regression)',
  norm: 'worst-case-robust-accuracy',
};

function checkThresholds(suite: Entry, known: Map<string, KnownAttack>, findings: Finding[]): void {
  if (!Array.isArray(suite.thresholds)) return;
  suite.thresholds.forEach((threshold: unknown, index) => {
    const pointer = `/thresholds/${index}`;
    if (!isEntry(threshold) || typeof threshold.metric !== 'string') return;
    const metric = threshold.metric;
    const info = findThresholdMetric(metric);
    if (info === undefined) return;
    for (const field of ['attack', 'epsilon', 'norm'] as const) {
      if (threshold[field] !== undefined && !(info.accepts as readonly string[]).includes(field)) {
        const lead = field === 'norm' ? `'norm' applies only to worst-case-robust-accuracy thresholds` : `'${field}' applies only to robust-accuracy thresholds and other ${fieldScope[field]}`;
        findings.push({ pointer: childPointer(pointer, field), message: `${lead}; ${metric} ${info.requires.length === 0 && info.accepts.length === 0 ? 'covers the whole suite' : 'does not use it'} — remove it` });
      }
    }
    if (metric === 'worst-case-robust-accuracy') {
      checkWorstCaseReference(threshold, pointer, known, findings);
    } else if (info.requires.includes('attack')) {
      checkAttackReference(threshold, metric, pointer, known, findings);
    } else if (metric === 'regression' && (threshold.attack !== undefined || threshold.epsilon !== undefined)) {
      if (threshold.attack === undefined || threshold.epsilon === undefined) {
        findings.push({ pointer, message: `a regression threshold names both 'attack' and 'epsilon' (one result) or neither (every result) — add the missing one or remove both` });
      } else {
        checkAttackReference(threshold, metric, pointer, known, findings);
      }
    }
    checkBounds(threshold, metric, info, pointer, findings);
  });
}

/**
 * Cross-reference and consistency checks of a suite document (docs/reliability.md §E).
 *
 * @param value - the parsed document (possibly with schema errors)
 * @param registry - attack definitions by type
 */
export function checkSuiteReferences(value: unknown, registry: AttackRegistry): Finding[] {
  if (!isEntry(value)) return [];
  const findings: Finding[] = [];
  if (typeof value.id === 'string' && isReservedSuiteId(value.id)) {
    findings.push({ pointer: '/id', message: `suite id '${value.id}' is reserved: reports go to <out>/<suite-id>/ beside run-level files (summary.json, events.ndjson, …) it would collide with — choose another id, e.g. '${value.id.replace(/\W+/g, '-')}-suite'` });
  }
  checkModel(value, findings);
  findings.push(...checkFloat32Budgets(value, registry));
  const known = checkAttacks(value, registry, findings);
  checkThresholds(value, known, findings);
  return findings;
}
