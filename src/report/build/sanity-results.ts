import { runSanityChecks } from '../../metrics/sanity/index.js';
import type { SuiteReport } from '../report-types.js';
import type { SanityEvidence } from './report-tally.js';

const rank = { skipped: -1, pass: 0, warn: 1, fail: 2 } as const;

/**
 * The sanity checks of a report, run on the report so far and the probes, and the probes'
 * summary. A check that could not run here but ran before (in a shard whose probes it needs)
 * keeps its worst earlier result, after the checks that ran.
 */
export function sanityResults(report: SuiteReport, evidence: SanityEvidence): Pick<SuiteReport, 'sanityChecks' | 'sanityProbe'> {
  const { probes, earlier = [] } = evidence;
  const ran = runSanityChecks({ report, traits: evidence.traits, probes });
  const worstEarlier = (id: string) => earlier.filter((check) => check.id === id).sort((a, b) => rank[b.status] - rank[a.status])[0]!;
  const kept = [...new Set(earlier.map((check) => check.id))].filter((id) => !ran.some((check) => check.id === id)).map(worstEarlier);
  if (!probes) return { sanityChecks: [...ran, ...kept] };
  const { durationMs, ...measurements } = probes;
  return { sanityChecks: [...ran, ...kept], sanityProbe: { samples: probes.samples, durationMs: Math.round(durationMs), probes: measurements } };
}
