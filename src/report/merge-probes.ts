import type { NoiseComparison, SanityProbes } from './sanity-probe-types.js';

const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);

/** Noise comparisons of the same noise attack, norm and ε, counts summed, first samples kept. */
function mergeNoise(lists: NoiseComparison[][]): NoiseComparison[] {
  const groups = new Map<string, NoiseComparison[]>();
  for (const entry of lists.flat()) {
    const key = JSON.stringify([entry.source, entry.noiseAttack, entry.gradientAttacks, entry.norm, entry.epsilon]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].map((group) => ({
    ...group[0]!,
    compared: sum(group, (entry) => entry.compared),
    noiseBroken: sum(group, (entry) => entry.noiseBroken),
    gradientBroken: sum(group, (entry) => entry.gradientBroken),
    noiseOnly: sum(group, (entry) => entry.noiseOnly),
    // Each shard listed its first such samples; their union, in index order, starts with the run's first.
    noiseOnlySamples: group.flatMap((entry) => entry.noiseOnlySamples).sort((a, b) => a - b)
      .slice(0, Math.max(...group.map((entry) => entry.noiseOnlySamples.length))),
  }));
}

/**
 * Combines the shards' probe measurements: counts add up, maxima take the maximum. Each shard
 * probed its own first samples, so the merged probes cover the same samples as an unsharded run
 * when the suite has at most one probe batch in total (128 samples), and more samples otherwise.
 */
export function mergeProbes(shards: SanityProbes[]): SanityProbes {
  const [first] = shards;
  const large = shards.map((probe) => probe.largeEpsilon).filter((probe) => probe !== undefined);
  return {
    samples: sum(shards, (probe) => probe.samples),
    outputs: { ...first!.outputs, rows: sum(shards, (probe) => probe.outputs.rows), probabilityRows: sum(shards, (probe) => probe.outputs.probabilityRows) },
    determinism: {
      maxDifference: Math.max(...shards.map((probe) => probe.determinism.maxDifference)),
      differingSamples: sum(shards, (probe) => probe.determinism.differingSamples),
    },
    gradients: {
      ceZero: sum(shards, (probe) => probe.gradients.ceZero), ceNonFinite: sum(shards, (probe) => probe.gradients.ceNonFinite),
      marginZero: sum(shards, (probe) => probe.gradients.marginZero), marginNonFinite: sum(shards, (probe) => probe.gradients.marginNonFinite),
    },
    ...(large.length === shards.length ? {
      largeEpsilon: { ...large[0]!, samples: sum(large, (probe) => probe.samples), correct: sum(large, (probe) => probe.correct) },
    } : {}),
    noise: mergeNoise(shards.map((probe) => probe.noise)),
  };
}
