/** Suite files: schema, parsing, validation, resolution and discovery. */
export { discoverSuites, suiteFileSuffix } from './discover.js';
export { loadSuite } from './load-suite.js';
export { jsonLimits, parseSuiteJson, refusedKeys, type ParsedJson } from './parse-json.js';
export { describePosition, type SourcePosition } from './source-position.js';
export { resolveSuite, suiteDefaults, type SuiteOverrides, type SuiteSource } from './resolve.js';
export { buildSuiteSchema, renderSuiteSchema, type AttackRegistry, type JsonSchema } from './schema.js';
export { closestName, editDistance } from './suggest.js';
export type * from './types.js';
export { collectSuiteProblems, validateSuite, type ValidateOptions } from './validate.js';
