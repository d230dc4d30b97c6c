import type { AttackReport, SuiteReport } from '../report/report-types.js';

/** JSON with object keys sorted, so parameter objects compare independently of key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (inner !== null && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : inner));
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function budgetsOf(attack: AttackReport): number[] {
  return attack.results.map((result) => result.epsilon ?? result.severity!);
}

function attackDifferences(base: SuiteReport, candidate: SuiteReport, differences: string[], notes: string[]): void {
  const baseIds = base.attacks.map((attack) => attack.id);
  const candidateIds = candidate.attacks.map((attack) => attack.id);
  const missing = baseIds.filter((id) => !candidateIds.includes(id));
  const added = candidateIds.filter((id) => !baseIds.includes(id));
  if (missing.length > 0) differences.push(`attacks only in the baseline: ${missing.join(', ')}`);
  if (added.length > 0) differences.push(`attacks only in the candidate: ${added.join(', ')}`);
  const partial = !base.complete || !candidate.complete;
  for (const attack of base.attacks) {
    const other = candidate.attacks.find((entry) => entry.id === attack.id);
    if (!other) continue;
    if (attack.type !== other.type) differences.push(`attack ${attack.id}: type ${attack.type} vs ${other.type}`);
    if ((attack.norm ?? '') !== (other.norm ?? '')) differences.push(`attack ${attack.id}: norm ${attack.norm ?? '–'} vs ${other.norm ?? '–'}`);
    if (stableJson(attack.params) !== stableJson(other.params)) {
      differences.push(`attack ${attack.id}: parameters ${stableJson(attack.params)} vs ${stableJson(other.params)}`);
    }
    const [before, after] = [budgetsOf(attack), budgetsOf(other)];
    if (!sameArray(before, after)) {
      // An interrupted run lacks its last budgets; the budgets both runs finished still pair up.
      const prefix = before.length < after.length ? sameArray(before, after.slice(0, before.length)) : sameArray(after, before.slice(0, after.length));
      if (partial && prefix) notes.push(`attack ${attack.id}: only budgets ${before.filter((b) => after.includes(b)).join(', ')} finished in both runs`);
      else differences.push(`attack ${attack.id}: budgets [${before.join(', ')}] vs [${after.join(', ')}]`);
    }
  }
}

/**
 * Why two reports of a suite cannot be compared sample by sample (`differences`) and what
 * differs without preventing it (`notes`). Data must match by SHA-256 when both reports record
 * it (else by size and labels); evaluated sample indices, label mode and labels, seed, and every
 * attack's type, norm, parameters and budgets must match.
 */
export function describeDifferences(base: SuiteReport, candidate: SuiteReport): { differences: string[]; notes: string[] } {
  const differences: string[] = [];
  const notes: string[] = [];
  if (base.schemaVersion !== candidate.schemaVersion) differences.push(`report schemaVersion ${base.schemaVersion} vs ${candidate.schemaVersion}`);
  if (base.data.sha256 && candidate.data.sha256) {
    if (base.data.sha256 !== candidate.data.sha256) differences.push(`data files differ: sha256 ${base.data.sha256.slice(0, 12)}… vs ${candidate.data.sha256.slice(0, 12)}… (${base.data.path} vs ${candidate.data.path})`);
  } else {
    notes.push('a report has no data hash: data compared by size and labels only');
    if (base.data.size !== candidate.data.size) differences.push(`data size ${base.data.size} vs ${candidate.data.size} samples (${base.data.path} vs ${candidate.data.path})`);
  }
  if (base.data.labels !== candidate.data.labels) differences.push(`labels "${base.data.labels}" vs "${candidate.data.labels}"`);
  const [baseIndices, candidateIndices] = [base.outcomes.indices, candidate.outcomes.indices];
  if (!sameArray(baseIndices, candidateIndices)) {
    differences.push(baseIndices.length === candidateIndices.length
      ? `evaluated samples differ (same count ${baseIndices.length}, different indices: check --shard)`
      : `evaluated samples differ: ${baseIndices.length} vs ${candidateIndices.length} (check --limit, --shard and data.limit)`);
  } else if (base.data.labels === 'file' && !sameArray(base.outcomes.labels, candidate.outcomes.labels)) {
    differences.push('labels of the evaluated samples differ: the data is not the same');
  }
  if (base.seed !== candidate.seed) differences.push(`seed ${base.seed} vs ${candidate.seed} (use the same --seed)`);
  attackDifferences(base, candidate, differences, notes);
  if (base.environment.backend !== candidate.environment.backend) {
    notes.push(`backends differ (${base.environment.backend} vs ${candidate.environment.backend}): float differences can flip a few borderline samples`);
  }
  if (base.suite.id !== candidate.suite.id) notes.push(`suite ids differ (${base.suite.id} vs ${candidate.suite.id})`);
  if (!base.complete || !candidate.complete) notes.push(`${!base.complete ? 'the baseline' : 'the candidate'} run is incomplete: only finished results are compared`);
  return { differences, notes };
}
