import { attackRegistry } from '../../../attacks/registry.js';
import type { AttackDefinition } from '../../../attacks/types.js';

/**
 * A per-attack configuration map of a table-driven test: the entry of each registered attack the
 * test covers (`skip` with a reason leaves one out on purpose).
 */
export type AttackConfig<Entry> = Readonly<Record<string, Entry | { skip: string }>>;

/** The rows a table-driven test runs, and a message per registered attack the map forgot. */
export interface RegistryTable<Row> {
  rows: Row[];
  /** One line per covered attack without an entry: what to add, and where. */
  missing: string[];
}

/**
 * Builds a test table from the attack registry: every registered attack `covers` selects must
 * have an entry in `config` (or a `skip`), so a new attack joins the table by itself or makes
 * the test fail with a message naming the entry to add.
 *
 * @param config - per-attack entries, by registry type
 * @param covers - which registered attacks the test must cover
 * @param rowsOf - the test rows of one attack's entry
 * @param where - where the map lives and what an entry holds, for the failure message
 */
export function tableFromRegistry<Entry, Row>(config: AttackConfig<Entry>, covers: (definition: AttackDefinition) => boolean, rowsOf: (definition: AttackDefinition, entry: Entry) => Row[], where: string): RegistryTable<Row> {
  const rows: Row[] = [];
  const missing: string[] = [];
  for (const definition of Object.values(attackRegistry).filter(covers)) {
    const entry = Object.hasOwn(config, definition.type) ? config[definition.type]! : undefined;
    if (entry === undefined) missing.push(`registered attack '${definition.type}' has no entry: add '${definition.type}' to ${where}`);
    else if (!(typeof entry === 'object' && entry !== null && 'skip' in entry)) rows.push(...rowsOf(definition, entry as Entry));
  }
  return { rows, missing };
}
