import { apgd } from './apgd.js';
import { apgdT } from './apgd-t.js';
import { autoAttack } from './autoattack.js';
import { fab } from './fab.js';
import { square } from './square.js';
import { bim } from './bim.js';
import { cwL2 } from './cw-l2.js';
import { deepfool } from './deepfool.js';
import { fgsm } from './fgsm.js';
import { mim } from './mim.js';
import { gaussianNoise } from './gaussian-noise.js';
import { brightness } from './corruptions/brightness.js';
import { contrast } from './corruptions/contrast.js';
import { elastic } from './corruptions/elastic.js';
import { gaussianBlur } from './corruptions/gaussian-blur.js';
import { jpegCompression } from './corruptions/jpeg.js';
import { pixelate } from './corruptions/pixelate.js';
import { rotate } from './corruptions/rotate.js';
import { translate } from './corruptions/translate.js';
import { saltPepper } from './salt-pepper.js';
import { uniformNoise } from './uniform-noise.js';
import { pgd } from './pgd.js';
import type { AttackDefinition } from './types.js';

/** Every attack and perturbation by its JSON `type`. Adding one = its file + one line here. */
export const attackRegistry: Readonly<Record<string, AttackDefinition>> = Object.freeze({
  [fgsm.type]: fgsm,
  [pgd.type]: pgd,
  [bim.type]: bim,
  [mim.type]: mim,
  [apgd.type]: apgd,
  [apgdT.type]: apgdT,
  [fab.type]: fab,
  [square.type]: square,
  [autoAttack.type]: autoAttack,
  [cwL2.type]: cwL2,
  [deepfool.type]: deepfool,
  [gaussianNoise.type]: gaussianNoise,
  [uniformNoise.type]: uniformNoise,
  [saltPepper.type]: saltPepper,
  [brightness.type]: brightness,
  [contrast.type]: contrast,
  [gaussianBlur.type]: gaussianBlur,
  [jpegCompression.type]: jpegCompression,
  [pixelate.type]: pixelate,
  [rotate.type]: rotate,
  [translate.type]: translate,
  [elastic.type]: elastic,
});

/** Attack types in registry order. */
export const attackTypes: string[] = Object.keys(attackRegistry);

/** Looks up an attack definition; `undefined` for unknown types (validation reports those). */
export function findAttack(type: string): AttackDefinition | undefined {
  return Object.hasOwn(attackRegistry, type) ? attackRegistry[type] : undefined;
}
