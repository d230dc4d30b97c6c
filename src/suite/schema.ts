/**
 * The suite JSON Schema, generated from code so it can never drift from the attack registry:
 * `npm run schema` writes it to `suites/suite.schema.json` (committed, so editors complete and
 * check suites through `"$schema"`), and validation compiles the same object.
 */
import { describeEngineChoices, engineChoices } from '../engine/engine-choice.js';
import { describeModelFormats, modelFormatChoices } from '../model/model-format.js';
import { attackRegistry } from '../../attacks/registry.js';
import type { AttackDefinition, ParamSpec } from '../../attacks/types.js';
import { norms } from '../tensor/norms.js';
import { thresholdMetricNames, thresholdMetrics } from '../metrics/threshold-metrics.js';

/** JSON Schema object (draft-07). */
export type JsonSchema = Record<string, unknown>;

/** Attack definitions by type, as in `attacks/registry.ts`; tests may pass their own. */
export type AttackRegistry = Readonly<Record<string, AttackDefinition>>;

/** Identifiers double as report folder names and seed keys: no slashes, no leading dot. */
export const idPattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** Hex SHA-256 digest. */
export const sha256Pattern = '^[0-9a-fA-F]{64}$';

/** Human explanation of each pattern, used when a value does not match it. */
export const patternHints: Readonly<Record<string, string>> = {
  [idPattern]: "must be 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. 'fashion-cnn')",
  [sha256Pattern]: 'must be 64 hexadecimal characters as printed by sha256sum (or remove the pin)',
};

/** Largest ε accepted by the schema; larger values are typos (inputs live in a small box). */
export const maxEpsilon = 1e6;

/**
 * Size limits of a suite beyond its byte size (see `jsonLimits`): they keep a hostile suite from
 * asking for unbounded work. `maxTimeoutSeconds` is one week.
 */
export const suiteLimits = { maxAttacks: 100, maxBudgets: 100, maxThresholds: 1000, maxTimeoutSeconds: 604800 } as const;

/** Fields every attack entry may have, beside its type-specific parameters. */
export const commonAttackFields = ['id', 'type', 'norm', 'epsilons', 'severities'] as const;

const string = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const number = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'number', description, ...extra });
const integer = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', description, ...extra });
const enumOf = (values: readonly string[], description: string): JsonSchema => ({ type: 'string', enum: [...values], description });
const arrayOf = (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', description, items, ...extra });

/** An object that accepts only the listed properties. */
function closedObject(description: string, properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties,
  };
}

function modelSchema(): JsonSchema {
  return closedObject(
    'The TensorFlow.js model under test.',
    {
      path: string('Path of model.json (tfjs LayersModel or GraphModel) or of an .onnx file, relative to this suite file.', { minLength: 1 }),
      format: enumOf(modelFormatChoices, `Model format: ${describeModelFormats()}; auto detects it from the file. Default: auto.`),
      sha256: string('Optional pin: hex SHA-256 over model.json followed by its weight files in manifest order.', { pattern: sha256Pattern }),
      inputRange: {
        type: 'array',
        description: 'Valid input box [low, high] that attacks clip to, in input units. Default: [0, 1].',
        items: [number('Lowest valid input value.'), number('Highest valid input value.')],
        minItems: 2,
        maxItems: 2,
        additionalItems: false,
      },
      preprocess: closedObject(
        'Per-channel normalisation (x − mean) / std applied inside the model, so ε stays in input units.',
        {
          mean: arrayOf(number('Channel mean.'), 'Per-channel means (one per input channel, or one for all).', { minItems: 1 }),
          std: arrayOf(number('Channel standard deviation.', { exclusiveMinimum: 0 }), 'Per-channel standard deviations, each > 0.', { minItems: 1 }),
        },
        ['mean', 'std'],
      ),
      output: enumOf(['auto', 'logits', 'probabilities', 'sigmoid'], 'What the model outputs; auto detects probabilities and works on their logs. Default: auto.'),
      classNames: arrayOf(string('Class name.'), 'Class names in output order, for reports.', { minItems: 1, uniqueItems: true }),
      inputName: string('GraphModel input node name (default: the signature’s only input).', { minLength: 1 }),
      outputName: string('GraphModel output node name (default: the signature’s only output).', { minLength: 1 }),
    },
    ['path'],
  );
}

function dataSchema(): JsonSchema {
  return closedObject(
    'The evaluation data.',
    {
      path: string('Path of the data (.npy, .npz, IDX), relative to this suite file.', { minLength: 1 }),
      format: enumOf(['auto', 'npy', 'npz', 'idx', 'images'], 'Data format; auto detects it from the file name, and a folder is read as images (PNG/JPEG, one subfolder per class). Default: auto.'),
      resize: enumOf(['bilinear', 'none'], 'Image folders: bilinear (default) resizes each image to the model input size; none refuses images of another size.'),
      labels: enumOf(['file', 'predicted'], "Labels: 'file' reads them from the data; 'predicted' uses the model's clean predictions (robustness as prediction stability). Default: file."),
      labelsPath: string('Separate labels file, relative to this suite file: .npy or IDX for .npy/IDX inputs; CSV (file,label) or JSON ({"file.png": label}) for an image folder.', { minLength: 1 }),
      x: string('Name of the inputs array inside an .npz (default: x or images).', { minLength: 1 }),
      y: string('Name of the labels array inside an .npz (default: y or labels).', { minLength: 1 }),
      scale: number('Factor applied to stored values (default: 1/255 for integer pixels, 1 for floats).', { exclusiveMinimum: 0 }),
      limit: integer('Evaluate only the first N samples.', { minimum: 1 }),
      batchSize: integer('Samples per batch, 1–4096. Default: 128.', { minimum: 1, maximum: 4096 }),
    },
    ['path'],
  );
}

function epsilonsSchema(): JsonSchema {
  return arrayOf(
    number('Budget ε in input units, measured in the attack norm.', { minimum: 0, maximum: maxEpsilon }),
    'Budgets ε in input units (the unit of inputRange), measured in the attack norm, e.g. [0.01, 0.03].',
    { minItems: 1, maxItems: suiteLimits.maxBudgets, uniqueItems: true },
  );
}

function severitiesSchema(): JsonSchema {
  return arrayOf(integer('Corruption severity 1–5.', { minimum: 1, maximum: 5 }), 'Corruption severities 1–5 (ImageNet-C convention), e.g. [1, 3, 5].', {
    minItems: 1,
    uniqueItems: true,
  });
}

/** Target selectors accepted by a `target` parameter besides a class index. */
export const targetModes = ['least-likely', 'random', 'next'] as const;

function paramSchema(spec: ParamSpec): JsonSchema {
  const description = spec.default === undefined ? spec.description : `${spec.description}. Default: ${String(spec.default)}.`;
  if (spec.type === 'target') {
    return { description, anyOf: [{ type: 'string', enum: [...targetModes] }, { type: 'integer', minimum: 0 }] };
  }
  const schema: JsonSchema = { type: spec.type, description };
  if (spec.enum !== undefined) schema.enum = [...spec.enum];
  if (spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (spec.maximum !== undefined) schema.maximum = spec.maximum;
  if (spec.exclusiveMinimum !== undefined) schema.exclusiveMinimum = spec.exclusiveMinimum;
  if (spec.default !== undefined) schema.default = spec.default;
  return schema;
}

function commonAttackProperties(types: string[]): Record<string, JsonSchema> {
  return {
    id: string('Unique id of this entry within the suite; thresholds refer to it.', { pattern: idPattern }),
    type: enumOf(types, `Attack or perturbation type: ${types.join(', ')}.`),
    norm: enumOf(norms, 'Norm of the budget ε: linf, l2, l1 or l0 (a count of changed input values). Default: the attack type’s first norm.'),
    epsilons: epsilonsSchema(),
    severities: severitiesSchema(),
  };
}

/** `if type is X then only X's fields, with X's budget required`. */
function attackVariant(definition: AttackDefinition, common: Record<string, JsonSchema>): JsonSchema {
  for (const name of Object.keys(definition.params)) {
    if ((commonAttackFields as readonly string[]).includes(name)) throw new Error(`attack ${definition.type}: parameter '${name}' clashes with a common field`);
  }
  const properties: Record<string, JsonSchema> = { id: common.id!, type: common.type! };
  if (definition.budget === 'epsilons') {
    if (definition.norms.length > 0) {
      properties.norm = enumOf(definition.norms, `Norm of the budget ε for ${definition.type}: ${definition.norms.join(', ')}. Default: ${definition.norms[0]}.`);
    }
    properties.epsilons = common.epsilons!;
  } else {
    properties.severities = common.severities!;
  }
  for (const [name, spec] of Object.entries(definition.params)) properties[name] = paramSchema(spec);
  return {
    if: { properties: { type: { const: definition.type } }, required: ['type'] },
    then: { type: 'object', additionalProperties: false, required: ['id', 'type', definition.budget], properties },
  };
}

function attackSchema(registry: AttackRegistry): JsonSchema {
  const types = Object.keys(registry);
  const common = commonAttackProperties(types);
  return {
    type: 'object',
    description: 'One attack or perturbation: common fields plus the parameters of its type (see `robustcheck list`).',
    required: ['id', 'type'],
    properties: common,
    allOf: Object.values(registry).map((definition) => attackVariant(definition, common)),
  };
}

function thresholdSchema(): JsonSchema {
  return {
    ...closedObject('A gate on a metric; needs min and/or max.', {
      metric: enumOf(thresholdMetricNames, `Metric to gate: ${thresholdMetricNames.map((name) => `${name} (${thresholdMetrics[name].description})`).join('; ')}.`),
      attack: string('Attack id (robust-accuracy, attack-success-rate, accuracy-drop, per-class-robust-accuracy; optional for regression).', { pattern: idPattern }),
      epsilon: number("One of the attack's epsilons (or severities); for worst-case-robust-accuracy an ε of the suite's attacks.", { minimum: 0 }),
      norm: enumOf(norms, 'worst-case-robust-accuracy only: the norm of epsilon, needed when attacks of several norms share it.'),
      min: number('Lowest passing value (fractions 0–1, score 0–100).'),
      max: number('Highest passing value (fractions 0–1, score 0–100; regression: the largest allowed drop).'),
    }, ['metric']),
    // Each branch restates its property because ajv's strictRequired checks it branch by branch.
    anyOf: [
      { properties: { min: { type: 'number' } }, required: ['min'] },
      { properties: { max: { type: 'number' } }, required: ['max'] },
    ],
  };
}

/**
 * Builds the suite-file JSON Schema (draft-07) from the attack registry: common fields, then one
 * `if type = X then …` branch per attack with its parameters and budget kind.
 *
 * @param registry - attack definitions by type (default: the built-in registry)
 */
export function buildSuiteSchema(registry: AttackRegistry = attackRegistry): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'robustcheck suite',
    ...closedObject(
      'An adversarial-robustness test suite for a TensorFlow.js model.',
      {
        $schema: string('Path or URL of this schema, for editor completion (e.g. "./suite.schema.json").'),
        extends: {
          description: 'Base file(s) this suite builds on, relative to this file: model/data/checks merge field by field, attacks (by id) and thresholds are added or replaced, other fields are replaced; this file wins.',
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 16, uniqueItems: true },
          ],
        },
        id: string('Suite id, also the report folder name: letters, digits, "-", "_", ".".', { pattern: idPattern }),
        description: string('What this suite checks and why.', { maxLength: 2000 }),
        seed: integer('Root seed of every random draw (0 to 2^32 − 1). Default: 0.', { minimum: 0, maximum: 4294967295 }),
        engine: enumOf(engineChoices, `Who computes logits and input gradients: ${describeEngineChoices()}. --engine and ROBUSTCHECK_ENGINE override it. Default: auto.`),
        model: modelSchema(),
        data: dataSchema(),
        attacks: arrayOf(attackSchema(registry), 'Attacks and perturbations to evaluate; at least one.', { minItems: 1, maxItems: suiteLimits.maxAttacks }),
        thresholds: arrayOf(thresholdSchema(), 'Gates that decide pass or fail.', { maxItems: suiteLimits.maxThresholds }),
        confidence: number('Confidence level of threshold intervals, 0.5–0.999 (e.g. 0.95). Without it thresholds compare point values.', {
          minimum: 0.5,
          maximum: 0.999,
        }),
        checks: closedObject('Sanity-check policy.', {
          failOn: enumOf(['fail', 'warn', 'never'], 'Which sanity-check outcome fails the suite: fail, warn (warnings too) or never. Default: fail.'),
          autoSquare: { type: 'boolean', description: 'When the input gradients are zero or NaN (gradient masking suspected) and the suite has no gradient-free attack, add the Square attack (auto-square-<norm>) at every ε of its untargeted gradient attacks. Default: false.' },
          autoRand: { type: 'boolean', description: 'When two forward passes differ (a randomised model), add AutoAttack version rand (APGD with Expectation over Transformation; auto-autoattack-rand-<norm>) at every ε of its untargeted gradient attacks. Default: false.' },
        }),
        timeoutSeconds: number(
          'Wall-clock budget of this suite in seconds (> 0, at most one week). When it runs out the suite stops after the current batch with verdict error (SUITE_TIMEOUT, exit 3), keeping every finished result. Default: no limit.',
          { exclusiveMinimum: 0, maximum: suiteLimits.maxTimeoutSeconds },
        ),
      },
      ['id', 'model', 'data', 'attacks'],
    ),
  };
}

/**
 * The schema as committed in `suites/suite.schema.json`: two-space JSON with a trailing newline.
 * Editors check one file at a time, and a suite that `extends` base files need not repeat what it
 * inherits, so this file requires `id`, `model`, `data` and `attacks` only when `extends` is
 * absent. The loader validates the composed suite with {@link buildSuiteSchema}, which always
 * requires them.
 */
export function renderSuiteSchema(registry: AttackRegistry = attackRegistry): string {
  const { required, ...schema } = buildSuiteSchema(registry);
  return `${JSON.stringify({ ...schema, anyOf: [{ required: ['extends'] }, { required }] }, null, 2)}\n`;
}
