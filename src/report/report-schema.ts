/**
 * JSON Schema (draft-07) of `report.json` (DESIGN.md §3), published as
 * `schemas/report.schema.json` by `npm run schema`. Objects are open: within one `schemaVersion`
 * new properties may be added (consumers must ignore what they do not know); removing or
 * changing a property bumps `schemaVersion`. `report merge` and `report render` validate every
 * report they read against it, so hostile files are refused before anything is written.
 */
import { idPattern, sha256Pattern, type JsonSchema } from '../suite/schema.js';
import { norms } from '../tensor/norms.js';
import { modelFormats } from '../model/model-format.js';
import { engineNames } from './engine-types.js';
import { reportSchemaVersion } from './report-types.js';

const string = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const number = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'number', description, ...extra });
const integer = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', minimum: 0, description, ...extra });
const boolean = (description: string): JsonSchema => ({ type: 'boolean', description });
const fraction = (description: string): JsonSchema => number(description, { minimum: 0, maximum: 1 });
const arrayOf = (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', description, items, ...extra });
const enumOf = (values: string[], description: string): JsonSchema => ({ type: 'string', enum: values, description });
const object = (description: string, properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({
  type: 'object', description, ...(required.length > 0 ? { required } : {}), properties,
});
const mapOf = (values: JsonSchema, description: string): JsonSchema => ({
  type: 'object', description, propertyNames: { pattern: '^[^\\u0000-\\u001f]{1,64}$' }, additionalProperties: values,
});

const interval = (description = 'Wilson 95 % interval [low, high] of the proportion.'): JsonSchema =>
  arrayOf(fraction('Bound.'), description, { minItems: 2, maxItems: 2 });
const stats = (description: string): JsonSchema => object(description, {
  mean: number('Mean.', { minimum: 0 }), median: number('Median.', { minimum: 0 }), max: number('Maximum.', { minimum: 0 }),
});
const base64 = (description: string): JsonSchema => string(description, { pattern: '^[A-Za-z0-9+/]*={0,2}$' });
const outcomeString = string('One character per evaluated sample: 1 correct, 0 not.', { pattern: '^[01]*$' });

function exampleSchema(): JsonSchema {
  return object('An adversarial example kept for display (quantised images, base64 uint8, row-major [height, width, channels]).', {
    index: integer('Dataset index of the sample.'),
    label: integer('Label used.'),
    cleanPrediction: integer('Predicted class on the clean input.'),
    adversarialPrediction: integer('Predicted class on the perturbed input.'),
    cleanConfidence: fraction('Softmax probability of the clean prediction.'),
    adversarialConfidence: fraction('Softmax probability of the adversarial prediction.'),
    shape: arrayOf(integer('Size.', { minimum: 1 }), 'Image shape [height, width, channels] (channels 1 or 3).', { minItems: 3, maxItems: 3 }),
    clean: base64('Clean image, input range mapped to 0–255.'),
    adversarial: base64('Perturbed image, input range mapped to 0–255.'),
    perturbation: base64('Perturbation amplified for display: 128 + 127·δ/max|δ|.'),
    perturbationMax: number('max |δ| in input units.', { minimum: 0 }),
    saliency: base64('Gradient saliency |∂loss/∂x| of the clean input scaled to 0–255.'),
  });
}

/** Schema of one attack × budget result (also used to check `case:end` events). */
export function caseResultSchema(): JsonSchema {
  return object('Result of one attack at one budget.', {
    epsilon: number('ε in input units (epsilon-budget attacks).', { minimum: 0 }),
    severity: number('Corruption severity 1–5 (severity-budget attacks).', { minimum: 0 }),
    robustAccuracy: fraction('Fraction of evaluated samples correct on the clean and the perturbed input.'),
    robustCount: integer('Robust samples.'),
    ci95: interval(),
    attackSuccessRate: fraction('Fraction of clean-correct samples the perturbation broke.'),
    targetSuccessRate: fraction('Targeted attacks: fraction of targetable samples classified as their target.'),
    attacked: integer('Samples attacked at this budget.'),
    perturbation: object('Perturbation sizes over clean-correct samples (input units; L0 a count).', {
      l0: stats('L0 (changed coordinates).'), l2: stats('L2 norm.'), linf: stats('L∞ norm.'),
    }),
    durationMs: number('Wall time in milliseconds.', { minimum: 0 }),
    samplesPerSecond: number('Attacked samples per second of wall time.', { minimum: 0 }),
    examples: arrayOf(exampleSchema(), 'A few examples for people to look at (image inputs only).'),
    queries: object('Score-based attacks (Square): model queries per sample (forward passes, the first included) over the samples it queried at this or a smaller budget.', {
      samples: integer('Samples queried.'), mean: number('Mean.', { minimum: 0 }), median: number('Median.', { minimum: 0 }), max: number('Maximum.', { minimum: 0 }),
    }),
    contributions: arrayOf(object('One cascade member.', {
      attack: string('Member name (apgd-ce, apgd-t, fab-t, square, …).'),
      attacked: integer('Samples it attacked: those every earlier member left robust.'),
      broken: integer('Samples it broke (first member to break them).'),
    }), 'Cascades (autoattack): per member in run order; broken sums to the samples broken at this budget.'),
  }, ['robustAccuracy', 'robustCount', 'ci95', 'attackSuccessRate', 'attacked', 'perturbation', 'durationMs', 'samplesPerSecond']);
}

function thresholdSchema(): JsonSchema {
  return object('One threshold and its outcome.', {
    metric: string('Metric name, e.g. robust-accuracy.', { minLength: 1 }),
    attack: string('Attack id.', { pattern: idPattern }),
    epsilon: number('Budget (ε or severity).'),
    expected: object('Bounds.', { min: number('Lower bound.'), max: number('Upper bound.') }, []),
    actual: { type: ['number', 'null'], description: 'Measured value; null when it could not be measured.' },
    ci95: arrayOf(number('Bound.'), 'Interval of the measured proportion at the suite confidence.', { minItems: 2, maxItems: 2 }),
    status: enumOf(['pass', 'fail', 'inconclusive', 'skipped'], 'pass, fail, inconclusive (interval straddles the bound), or skipped (a --shard run: `report merge` judges thresholds on the merged shards).'),
    reason: string('Why, in words.'),
  }, ['metric', 'expected', 'actual', 'status', 'reason']);
}

/** Builds the report.json schema object. */
export function buildReportSchema(): JsonSchema {
  const sizes = object('Per-sample perturbation sizes, float64, deflated, base64; NaN where not perturbed.', {
    l0: base64('L0.'), l1: base64('L1.'), l2: base64('L2.'), linf: base64('L∞.'),
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'robustcheck report',
    ...object(`A robustcheck suite report (reports/<suite-id>/report.json), schemaVersion ${reportSchemaVersion}. Objects may gain properties within a schemaVersion; ignore unknown ones.`, {
      schemaVersion: { const: reportSchemaVersion, description: 'Layout version; bumped on breaking changes.' },
      tool: object('Tool that wrote the report.', { name: string('Name.'), version: string('Version.') }),
      suite: object('Suite that was run.', {
        id: string('Suite id (also the report folder name).', { pattern: idPattern }),
        path: string('Suite file as given on the command line.'),
        sha256: string('SHA-256 of the suite file.', { pattern: sha256Pattern }),
        description: string('Free-text description.'),
        confidence: number('Confidence level of threshold intervals.', { exclusiveMinimum: 0, exclusiveMaximum: 1 }),
        failOn: enumOf(['fail', 'warn', 'never'], 'Sanity-check level that fails the suite.'),
      }, ['id', 'path', 'sha256']),
      model: object('Model under test.', {
        path: string('model.json or .onnx path.'), format: string(`${modelFormats.slice(0, -1).join(', ')} or ${modelFormats.at(-1)}.`), sha256: string('SHA-256 over model.json and weights (empty if not loaded).'),
        outputKind: string('logits, probabilities or sigmoid.'), inputShape: arrayOf(integer('Size.'), 'Input shape without the batch axis.'),
        inputRange: arrayOf(number('Bound.'), 'Valid input box [low, high].', { minItems: 2, maxItems: 2 }),
        numClasses: integer('Number of classes.'), classNames: arrayOf(string('Name.'), 'Class names in output order.'),
      }, ['path', 'format', 'sha256', 'outputKind', 'inputShape', 'numClasses']),
      data: object('Evaluation data.', {
        path: string('Data file.'), size: integer('Samples in the file.'), labels: enumOf(['file', 'predicted'], 'Label source.'),
      }),
      environment: object('Machine and backend.', {
        backend: string('Backend that ran.'), backendReason: string('Why it was chosen.'),
        skippedBackends: arrayOf(object('A backend not used.', { name: string('Name.'), reason: string('Why not.') }), 'Backends tried and skipped.'),
        tfjsVersion: string('TensorFlow.js version.'), node: string('Node.js version.'), platform: string('OS and architecture.'),
        cpu: string('CPU model × count.'),
        gpu: boolean('Whether a GPU computed: tensorflow when its binding uses a GPU device, webgpu on a hardware (not software-rendered) adapter.'),
        adapter: object('WebGPU adapter, when webgpu ran.', {
          vendor: string('GPUAdapterInfo.vendor (may be empty).'), architecture: string('GPUAdapterInfo.architecture (may be empty).'),
          device: string('GPUAdapterInfo.device.'), description: string('GPUAdapterInfo.description.'),
          dawnBackend: string('Dawn backend: vulkan, opengles, metal, d3d12, …'),
          isFallbackAdapter: boolean('GPUAdapterInfo.isFallbackAdapter.'),
          software: string('Why the adapter is a software renderer; absent for hardware.'),
        }, ['vendor', 'architecture', 'device', 'description', 'dawnBackend', 'isFallbackAdapter']),
        engine: object('Who computed logits and input gradients.', {
          engine: enumOf([...engineNames], 'Engine that ran.'), reason: string('Why it was chosen (naming unsupported ops when tfjs runs instead of ONNX Runtime).'),
          unsupported: arrayOf(string('Op or layer.'), 'Ops or layers ONNX Runtime could not take.'),
          ortVersion: string('onnxruntime-node version.'), threads: integer('ONNX Runtime intra-op threads.', { minimum: 1 }),
        }, ['engine', 'reason']),
      }, ['backend', 'backendReason', 'skippedBackends', 'tfjsVersion', 'node', 'platform', 'cpu']),
      seed: integer('Root seed.'),
      shard: object('Shard of a sharded run (absent when unsharded or merged).', { index: integer('1-based index.', { minimum: 1 }), count: integer('Shards.', { minimum: 1 }) }),
      limit: integer('Sample limit.', { minimum: 1 }),
      startedAt: string('Start time, ISO 8601 UTC.', { pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' }),
      durationMs: number('Wall time in milliseconds.', { minimum: 0 }),
      complete: boolean('False when interrupted or stopped by an error.'),
      samples: integer('Evaluated samples.'),
      clean: object('Clean accuracy.', { accuracy: fraction('Accuracy.'), correct: integer('Correct samples.'), ci95: interval() }),
      attacks: arrayOf(object('One attack across its budgets.', {
        id: string('Attack id.', { pattern: idPattern }), type: string('Attack type.'), norm: enumOf([...norms], 'Norm of the budget.'),
        budgetKind: enumOf(['epsilon', 'severity'], 'Budget kind.'), params: { type: 'object', description: 'Resolved parameters.' },
        results: arrayOf(caseResultSchema(), 'One result per budget, ascending.'),
        cached: boolean('True when the results came from the result cache (an identical earlier run), not computed in this run.'),
      }, ['id', 'type', 'budgetKind', 'params', 'results']), 'Attacks in suite order.'),
      worstCase: arrayOf(object('Worst case per (norm, ε): robust only if every attack of that norm failed.', {
        norm: string('Norm.'), epsilon: number('ε.', { minimum: 0 }), robustAccuracy: fraction('Accuracy.'), robustCount: integer('Robust samples.'),
        ci95: interval(), attacks: arrayOf(string('Attack id.'), 'Attacks combined.'),
      }), 'Worst case by norm and ε.'),
      score: number('Score 0–100 = 100 × the mean, over every (attack, ε or severity) cell of the suite, of robust accuracy ÷ clean accuracy. Depends on the suite\'s attacks and budgets: not comparable with published robust accuracies (see standardBudgets).', { minimum: 0, maximum: 100 }),
      standardBudgets: object('Image inputs in [0, 1] of a standard size: worst-case robust accuracy at the budgets the literature reports.', {
        data: string('Kind of data the budgets belong to.'),
        entries: arrayOf(object('One literature budget.', {
          norm: enumOf(['linf', 'l2'], 'Norm.'), epsilon: number('ε in input units.', { minimum: 0 }), label: string('As the literature writes it (8/255).'),
          robustAccuracy: fraction('Worst-case robust accuracy at this budget (absent when the suite did not evaluate it).'), ci95: interval(),
          attacks: arrayOf(string('Attack id.'), 'Attacks of that worst case.'),
          autoAttack: boolean('AutoAttack (standard or plus) is among them: only then comparable with published numbers.'),
        }, ['norm', 'epsilon', 'label']), 'Budgets for this data size.'),
      }),
      sanityChecks: arrayOf(object('Evaluation self-check.', {
        id: string('Check id.'), status: enumOf(['pass', 'warn', 'fail', 'skipped'], 'Outcome; skipped (shown as n/a) when the suite gave the check nothing to look at.'), message: string('Explanation.'),
      }), 'Sanity checks (docs/reliability.md C).'),
      thresholds: arrayOf(thresholdSchema(), 'Thresholds with outcomes.'),
      outcomes: object('Compact per-sample outcomes (what `report merge` and `report compare` work from).', {
        indices: arrayOf(integer('Dataset index.'), 'Evaluated dataset indices, in order.'),
        labels: arrayOf(integer('Label.'), 'Labels used.'),
        clean: outcomeString,
        attacks: mapOf(mapOf(outcomeString, 'By budget.'), 'By attack id, then budget: robust (1) or not (0) per sample.'),
        perturbation: mapOf(mapOf(sizes, 'By budget.'), 'By attack id, then budget: exact per-sample perturbation sizes.'),
        stats: mapOf(mapOf(mapOf(base64('Per-sample float64 values, deflated, base64; NaN where it does not apply.'), 'By statistic: queries, broken-by:<member>.'), 'By budget.'),
          'By attack id, then budget: per-sample statistics of score-based attacks and cascades (queries, which member broke each sample).'),
      }, ['indices', 'labels', 'clean', 'attacks']),
      verdict: enumOf(['pass', 'fail', 'error', 'interrupted'], 'Suite verdict (interrupted: stopped by Ctrl-C or SIGTERM, exit 130).'),
      exitCode: integer('Exit code this suite alone maps to.'),
      error: object('Why evaluation stopped.', { code: string('Stable code.'), message: string('Message.') }),
    }, ['schemaVersion', 'tool', 'suite', 'model', 'data', 'environment', 'seed', 'startedAt', 'durationMs', 'complete', 'samples', 'clean',
      'attacks', 'worstCase', 'score', 'sanityChecks', 'thresholds', 'outcomes', 'verdict', 'exitCode']),
  };
}

/** The schema as committed in `schemas/report.schema.json`. */
export function renderReportSchema(): string {
  return `${JSON.stringify(buildReportSchema(), null, 2)}\n`;
}
