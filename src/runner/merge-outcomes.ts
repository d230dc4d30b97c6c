import type { CaseOutcome } from './execute-case.js';
import { mergeMemo, type CaseMemo } from './case-memo.js';

/**
 * Concatenates the outcomes of a case's chunks, given in sample order, into the outcome of the
 * whole case: the same arrays, example candidates, memo and statistics one `executeCase` call over
 * all the samples returns (empty arrays for no parts, as a case stopped before its first chunk).
 * `examples` is left empty: capture them with `captureCandidates`.
 */
export function mergeOutcomes(parts: CaseOutcome[]): CaseOutcome {
  const concat = <T extends Uint8Array | Int32Array | Float32Array>(make: (n: number) => T, pick: (part: CaseOutcome) => T | undefined): T => {
    const total = parts.reduce((sum, part) => sum + (pick(part)?.length ?? 0), 0);
    const out = make(total);
    let offset = 0;
    for (const part of parts) {
      const values = pick(part);
      if (values) out.set(values, offset);
      offset += values?.length ?? 0;
    }
    return out;
  };
  const candidates = parts.map((part) => part.exampleCandidates);
  const memo: CaseMemo = new Map();
  parts.forEach((part) => mergeMemo(memo, part.memo, Infinity));
  return {
    robust: concat((n) => new Uint8Array(n), (part) => part.robust),
    hits: parts[0]?.hits ? concat((n) => new Uint8Array(n), (part) => part.hits) : undefined,
    predictions: concat((n) => new Int32Array(n), (part) => part.predictions),
    probabilities: concat((n) => new Float32Array(n), (part) => part.probabilities),
    sizes: parts.flatMap((part) => part.sizes),
    examples: [],
    exampleCandidates: { broken: candidates.flatMap((c) => c.broken), robust: candidates.flatMap((c) => c.robust) },
    finished: parts.every((part) => part.finished),
    memo,
    ...(parts[0]?.minimal ? { minimal: Float64Array.from(parts.flatMap((part) => Array.from(part.minimal ?? []))) } : {}),
    ...mergeStats(parts),
    ...(parts[0]?.adversarials ? { adversarials: concat((n) => new Float32Array(n), (part) => part.adversarials) } : {}),
  };
}

/** Concatenates the chunks' per-sample statistics (NaN where a chunk did not tally a stat). */
function mergeStats(parts: CaseOutcome[]): { stats?: Record<string, Float64Array> } {
  const names = [...new Set(parts.flatMap((part) => Object.keys(part.stats ?? {})))];
  if (names.length === 0) return {};
  return {
    stats: Object.fromEntries(names.map((name) => [name, Float64Array.from(parts.flatMap((part) => Array.from(part.stats?.[name] ?? new Float64Array(part.robust.length).fill(NaN))))])),
  };
}
