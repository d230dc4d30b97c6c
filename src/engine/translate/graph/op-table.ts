import { convOps } from './conv-ops.js';
import { elementwiseOps } from './elementwise-ops.js';
import { matmulOps } from './matmul-ops.js';
import type { OpTranslator } from './op-context.js';
import { poolOps } from './pool-ops.js';
import { shapeOps } from './shape-ops.js';

/** Every GraphDef op the translator takes (besides Placeholder and Const), by TF op name. */
export const graphOpTable: ReadonlyMap<string, OpTranslator> = new Map(Object.entries({
  ...convOps, ...matmulOps, ...poolOps, ...elementwiseOps, ...shapeOps,
}));
