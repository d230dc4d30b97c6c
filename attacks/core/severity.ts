import { InputError } from '../../src/errors.js';
import type { ParamSpec } from '../types.js';

/** Severity tables of Hendrycks & Dietterich 2019: CIFAR-10-C (32×32 images) and ImageNet-C (224×224). */
export const presets = ['cifar-10-c', 'imagenet-c'] as const;
export type Preset = (typeof presets)[number];

/** Five values, one per severity 1–5. */
export type SeverityTable<T> = readonly [T, T, T, T, T];

/** The `preset` parameter of corruptions that have both CIFAR-10-C and ImageNet-C tables. */
export const presetParam = {
  type: 'string',
  enum: presets,
  default: 'cifar-10-c',
  description: 'severity table: cifar-10-c (for small images, ~32 px) or imagenet-c (for ~224 px images)',
} as const satisfies ParamSpec;

/**
 * Index 0–4 of a severity 1–5. The schema already restricts severities; this guards direct calls.
 *
 * @throws InputError `BAD_SEVERITY` for anything but an integer 1–5
 */
export function severityIndex(severity: number, type: string): number {
  if (!Number.isInteger(severity) || severity < 1 || severity > 5) {
    throw new InputError('BAD_SEVERITY', `${type}: severity ${severity} is not one of 1, 2, 3, 4, 5 — corruption severities follow the ImageNet-C convention`);
  }
  return severity - 1;
}

/** The table value for `severity` (1–5). */
export function atSeverity<T>(table: SeverityTable<T>, severity: number, type: string): T {
  return table[severityIndex(severity, type)]!;
}

/** The value for `severity` from the table of the `preset` parameter. */
export function atPresetSeverity<T>(tables: Record<Preset, SeverityTable<T>>, preset: Preset, severity: number, type: string): T {
  const table = Object.hasOwn(tables, preset) ? tables[preset] : undefined;
  if (table === undefined) throw new InputError('BAD_PRESET', `${type}: unknown preset '${String(preset)}' — use one of ${presets.join(', ')}`);
  return atSeverity(table, severity, type);
}
