/**
 * A cache of finished attacks, so an unchanged case is not recomputed when a suite is run again.
 * The key covers everything an attack's outcome depends on — tool version, model and data hashes,
 * the evaluated sample indices, labels, the attack's full configuration, the seed, the engine, the backend and
 * the model settings — so a hit returns exactly what a fresh run would compute; anything unknown
 * (a model or data without a hash, e.g. in memory) is never cached. Entries are JSON files named
 * by the key's SHA-256 under the cache folder; an unreadable entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/write-atomic.js';
import type { ResolvedAttack, ResolvedSuite } from '../suite/types.js';
import type { AttackOutcomes } from './attack-outcomes.js';
import { attackRegistry } from '../../attacks/registry.js';
import type { AttackDefinition } from '../../attacks/types.js';

/** Version of the entry format; bump when `AttackOutcomes` changes shape. */
const entryVersion = 1;

/** Everything besides the attack that its outcome depends on. */
export interface CacheContext {
  toolVersion: string;
  backend: string;
  /** Engine that computed logits and gradients (`onnxruntime` or `tfjs`): engines agree to float32 rounding, not bit for bit. */
  engine: string;
  modelSha256: string;
  dataSha256?: string;
  labelsSha256?: string;
  suite: ResolvedSuite;
  /** Dataset indices evaluated (after --limit/--shard). */
  indices: number[];
}

/** Hex SHA-256 of attack definitions' types, kinds and parameter specs (defaults included). */
export function hashAttackDefinitions(definitions: ReadonlyArray<Pick<AttackDefinition, 'type' | 'kind' | 'params'>>): string {
  return createHash('sha256').update(JSON.stringify(definitions.map(({ type, kind, params }) => ({ type, kind, params })))).digest('hex');
}

let registryHash: string | undefined;

/**
 * Hash of every registered attack's parameter specs. A suite's own parameters are in the key, but
 * a cascade (`autoattack`) runs other attacks with *their* defaults: when one of those changes
 * (Square's `windowPositions` did), a cached cascade result would be stale.
 */
function attackRegistryHash(): string {
  registryHash ??= hashAttackDefinitions(Object.values(attackRegistry));
  return registryHash;
}

/**
 * Hex SHA-256 key of one attack in its context, or `undefined` when the inputs are not all identified by a hash.
 *
 * @param attacks - hash of the attack definitions (default: the registry's, see {@link hashAttackDefinitions})
 */
export function attackCacheKey(context: CacheContext, attack: ResolvedAttack, attacks: string = attackRegistryHash()): string | undefined {
  if (!context.modelSha256 || !context.dataSha256) return undefined;
  if (context.suite.data.labelsPath !== undefined && !context.labelsSha256) return undefined;
  const { model, data, seed } = context.suite;
  const identity = {
    entryVersion, tool: context.toolVersion, attacks, engine: context.engine, backend: context.backend, seed,
    model: { sha256: context.modelSha256, format: model.format, inputRange: model.inputRange, preprocess: model.preprocess ?? null, output: model.output, inputName: model.inputName ?? null, outputName: model.outputName ?? null },
    data: { sha256: context.dataSha256, labelsSha256: context.labelsSha256 ?? null, labels: data.labels, scale: data.scale ?? null, x: data.x ?? null, y: data.y ?? null, resize: data.resize ?? null },
    indices: createHash('sha256').update(Int32Array.from(context.indices)).digest('hex'),
    attack: { id: attack.id, type: attack.type, norm: attack.norm ?? null, budgetKind: attack.budgetKind, budgets: attack.budgets, params: attack.params },
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** JSON with typed arrays and non-finite numbers kept exactly (JSON alone turns NaN/∞ into null). */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member === 'number' && !Number.isFinite(member)) return { $number: String(member) };
    if (ArrayBuffer.isView(member) && !(member instanceof DataView)) {
      const bytes = new Uint8Array(member.buffer, member.byteOffset, member.byteLength);
      return { $typed: member.constructor.name, base64: Buffer.from(bytes).toString('base64') };
    }
    return member;
  });
}

const typedArrays: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Uint8Array, Int32Array, Float32Array, Float64Array, Uint16Array, Int16Array, Int8Array, Uint32Array,
};

function decode(text: string): unknown {
  return JSON.parse(text, (_key, member: unknown) => {
    if (member && typeof member === 'object' && '$number' in member) return Number((member as { $number: string }).$number);
    if (member && typeof member === 'object' && '$typed' in member) {
      const { $typed, base64 } = member as { $typed: string; base64: string };
      const bytes = Buffer.from(base64, 'base64');
      const ctor = Object.hasOwn(typedArrays, $typed) ? typedArrays[$typed]! : undefined;
      if (!ctor) throw new Error(`unknown typed array ${$typed}`);
      return new ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    return member;
  });
}

/** The cached outcomes of an attack, or `undefined` on a miss (or an unreadable entry). */
export function readCachedAttack(dir: string, key: string, attack: ResolvedAttack): AttackOutcomes | undefined {
  let entry: { key?: string; outcomes?: Omit<AttackOutcomes, 'attack'> };
  try {
    entry = decode(readFileSync(join(dir, `${key}.json`), 'utf8')) as typeof entry;
  } catch {
    return undefined;
  }
  if (entry.key !== key || !entry.outcomes || !Array.isArray(entry.outcomes.cases)) return undefined;
  // JSON writes `undefined` inside arrays as null: sizes of samples never attacked come back undefined.
  const cases = entry.outcomes.cases.map((entryCase) => ({ ...entryCase, sizes: entryCase.sizes.map((size) => size ?? undefined) }));
  return { ...entry.outcomes, cases, attack, cached: true };
}

/** Stores a complete attack's outcomes (a partial one, stopped by Ctrl-C or a deadline, is not stored). */
export function writeCachedAttack(dir: string, key: string, outcomes: AttackOutcomes): void {
  const { attack: _attack, cached: _cached, ...rest } = outcomes;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, `${key}.json`), encode({ key, outcomes: rest }));
}
