/**
 * The engine, backend and model-format registries are the one source of what `--engine`,
 * `--backend`, their environment variables and the suite schema accept.
 */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { engineChoices } from '../../src/engine/engine-choice.js';
import { backendChoices } from '../../src/model/backend-choice.js';
import { modelFormatChoices, modelFormatFacts, modelFormats } from '../../src/model/model-format.js';
import { engineNames } from '../../src/report/engine-types.js';
import { readEnvOverrides } from '../../src/env-overrides.js';
import { buildSuiteSchema, type JsonSchema } from '../../src/suite/schema.js';

const run = buildProgram(() => {}).commands.find((command) => command.name() === 'run')!;
const option = (flag: string) => run.options.find((entry) => entry.long === flag)!;

describe('registries feed the command line and the suite schema', () => {
  it('--engine and --backend offer exactly the registered choices', () => {
    expect(option('--engine').argChoices).toEqual([...engineChoices]);
    expect(option('--backend').argChoices).toEqual([...backendChoices]);
  });

  it('the environment variables accept every registered choice and name them when refusing one', () => {
    for (const engine of engineChoices) expect(readEnvOverrides({ ROBUSTCHECK_ENGINE: engine }).engine).toBe(engine);
    for (const backend of backendChoices) expect(readEnvOverrides({ ROBUSTCHECK_BACKEND: backend }).backend).toBe(backend);
    expect(() => readEnvOverrides({ ROBUSTCHECK_BACKEND: 'gpu' })).toThrow(backendChoices.join(', '));
  });

  it('the suite schema takes model.format and engine from the registries', () => {
    const properties = buildSuiteSchema().properties as Record<string, JsonSchema & { properties?: Record<string, JsonSchema> }>;
    expect(properties.model!.properties!.format!.enum).toEqual([...modelFormatChoices]);
    expect(properties.engine!.enum).toEqual([...engineChoices]);
  });

  it('every format is run by at least one registered engine', () => {
    for (const format of modelFormats) {
      expect(modelFormatFacts[format].engines.length, format).toBeGreaterThan(0);
      for (const engine of modelFormatFacts[format].engines) expect(engineNames).toContain(engine);
    }
  });
});
