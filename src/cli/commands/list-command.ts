import { attackRegistry } from '../../../attacks/registry.js';
import type { ParamSpec } from '../../../attacks/types.js';
import { thresholdHandlers } from '../../metrics/thresholds.js';
import { reporterNames } from '../reporter-registry.js';

function describeParam(name: string, spec: ParamSpec): string {
  const range = [
    spec.enum ? `one of ${spec.enum.join('|')}` : undefined,
    spec.minimum !== undefined ? `≥ ${spec.minimum}` : undefined,
    spec.exclusiveMinimum !== undefined ? `> ${spec.exclusiveMinimum}` : undefined,
    spec.maximum !== undefined ? `≤ ${spec.maximum}` : undefined,
  ].filter(Boolean).join(', ');
  const fallback = spec.default !== undefined ? ` (default ${JSON.stringify(spec.default)})` : '';
  return `      ${name}: ${spec.type}${range ? `, ${range}` : ''}${fallback} — ${spec.description}`;
}

/** `robustcheck list`: attacks and perturbations with parameters, metrics and reporters. */
export function listCommand(write: (line: string) => void, json: boolean): number {
  if (json) {
    write(JSON.stringify({ attacks: Object.values(attackRegistry).map(({ propose: _propose, ...rest }) => rest), metrics: Object.keys(thresholdHandlers), reporters: reporterNames }, null, 2));
    return 0;
  }
  write('Attacks and perturbations:');
  for (const definition of Object.values(attackRegistry)) {
    const norms = definition.norms.length > 0 ? `; norms: ${definition.norms.join(', ')}, default ${definition.norms[0]}` : '';
    write(`  ${definition.type} (${definition.kind}; budget: ${definition.budget}${norms})`);
    write(`      ${definition.summary}`);
    write(`      reference: ${definition.reference}`);
    for (const [name, spec] of Object.entries(definition.params)) write(describeParam(name, spec));
  }
  write('');
  write(`Threshold metrics: ${Object.keys(thresholdHandlers).join(', ')}`);
  write(`Reporters: ${reporterNames.join(', ')}`);
  return 0;
}
