import type { ThresholdResult } from '../report/report-types.js';

/**
 * A `--shard` run sees only part of the samples, so it does not judge thresholds (DESIGN.md §6):
 * each threshold keeps its bounds and the shard's partial measurement for information, with status
 * `skipped`; `report merge` judges them on the merged shards.
 *
 * @param thresholds - thresholds as evaluated on the shard's samples
 * @param shard - which shard this run evaluated (1-based index of `count`)
 */
export function skipShardThresholds(thresholds: ThresholdResult[], shard: { index: number; count: number }): ThresholdResult[] {
  return thresholds.map(({ samplesToDecide: _unused, ...threshold }) => ({
    ...threshold,
    status: 'skipped',
    reason: `not judged: shard ${shard.index}/${shard.count} saw part of the samples (its partial value: ${threshold.reason}); robustcheck report merge judges it on all shards`,
  }));
}

/** The sentence a shard's outputs show instead of a threshold verdict. */
export function shardNotice(shard: { index: number; count: number }): string {
  return `shard ${shard.index}/${shard.count}: thresholds and the sanity-check policy are not judged on part of the samples; merge every shard with robustcheck report merge to get the verdict`;
}
