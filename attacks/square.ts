/**
 * Square attack — score-based black-box random search.
 * Andriushchenko, Croce, Flammarion, Hein 2020, "Square Attack: a query-efficient black-box
 * adversarial attack via random search", https://arxiv.org/abs/1912.00049; follows AutoAttack's
 * `autoattack/square.py` (the version run inside AutoAttack).
 *
 * Threat model: black-box with scores. Only logits are read, never gradients, so it runs on
 * models without input gradients and sees through gradient masking (rounding, quantised inputs,
 * non-differentiable preprocessing). ‖δ‖ ≤ ε in L∞ or L2, inputs kept in the box. Each query
 * changes one square window of the image (L∞: to the opposite vertex of the ε-ball, a random sign
 * per channel; L2: moves energy between two windows with a centred η pattern) and is kept when
 * it lowers the margin z_y − max_{j≠y} z_j or breaks the sample. The window covers a fraction p of
 * the image that follows the published schedule (p_init halved after 10, 50, 200, … queries).
 *
 * Defaults from AutoAttack: 5,000 queries, p_init 0.8, 1 restart, margin loss, schedule not
 * rescaled, window positions as the official code draws them (`windowPositions`). Deviation: the
 * window position is drawn per sample (the reference draws one per batch), so results do not
 * depend on how samples are batched. Inputs that are not images
 * `[h, w, c]` are read as a column of features and windows become runs of features.
 * Reports the queries spent per sample (`queries` in the report).
 */
import { defineAttack } from './core/define-attack.js';
import { runSquare } from './core/square-search.js';
import { windowPositionChoices } from './core/square-geometry.js';

export const square = defineAttack({
  type: 'square',
  kind: 'score-based',
  summary: 'Square attack: score-based random search with square updates; logits only, no gradients',
  reference: 'Andriushchenko et al. 2020, https://arxiv.org/abs/1912.00049 (AutoAttack square.py)',
  norms: ['linf', 'l2'],
  budget: 'epsilons',
  params: {
    queries: { type: 'integer', minimum: 0, maximum: 1000000, default: 5000, description: 'query budget per sample and restart (model forward passes after the initial one)' },
    pInit: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.8, description: 'initial fraction of the image a square window covers (published schedule halves it over the run)' },
    restarts: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: 'random restarts; only samples still unbroken are re-attacked' },
    rescaleSchedule: { type: 'boolean', default: false, description: 'stretch the window-size schedule over the query budget as if it were 10,000 queries (AutoAttack: false)' },
    windowPositions: { type: 'string', enum: windowPositionChoices, default: 'autoattack', description: "where windows may start: 'autoattack' as the official code (never touching the last row or column; reproduces published numbers) or 'all' (every position, as the paper's algorithm; somewhat stronger)" },
  },
  propose(context) {
    const { params } = context;
    const { adversarial, queries } = runSquare(context, {
      queries: params.queries,
      pInit: params.pInit,
      restarts: params.restarts,
      rescaleSchedule: params.rescaleSchedule,
      windowPositions: params.windowPositions,
    });
    context.tally?.('queries', queries);
    return adversarial;
  },
});
