import { runSanityChecks } from '../metrics/sanity/index.js';
import type { NoiseComparison, SanityProbes } from './sanity-probe-types.js';
import { attackTraits } from '../runner/sanity-probes.js';
import type { ResolvedAttack } from '../suite/types.js';
import type { SuiteReport } from './report-types.js';

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

/**
 * Sanity checks of a merged report, re-run by the same check functions on the merged report and
 * merged probes. Without probes in every shard (reports of an older version), the checks that
 * need them keep their worst shard result.
 */
export function mergedSanityChecks(report: SuiteReport, shards: SuiteReport[]): Pick<SuiteReport, 'sanityChecks' | 'sanityProbe'> {
  const probes = shards.map((shard) => shard.sanityProbe?.probes);
  const complete = probes.every((probe) => probe !== undefined);
  const merged = complete ? mergeProbes(probes as SanityProbes[]) : undefined;
  // Traits read only each attack's type and parameters, which reports carry.
  const traits = attackTraits(report.attacks.map((attack) => ({ id: attack.id, type: attack.type, params: attack.params }) as unknown as ResolvedAttack));
  const rerun = runSanityChecks({ report, traits, probes: merged });
  const rank = { skipped: -1, pass: 0, warn: 1, fail: 2 } as const;
  const worstOfShards = (id: string) => shards.flatMap((shard) => shard.sanityChecks.filter((check) => check.id === id))
    .sort((a, b) => rank[b.status] - rank[a.status])[0];
  const ids = [...new Set([...rerun.map((check) => check.id), ...shards.flatMap((shard) => shard.sanityChecks.map((check) => check.id))])];
  const sanityChecks = ids.map((id) => rerun.find((check) => check.id === id) ?? worstOfShards(id)!);
  return {
    sanityChecks,
    ...(merged ? { sanityProbe: { samples: merged.samples, durationMs: Math.max(...shards.map((shard) => shard.sanityProbe!.durationMs)), probes: merged } } : {}),
  };
}
