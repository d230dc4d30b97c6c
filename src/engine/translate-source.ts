import type { NetworkSource } from '../model/network.js';
import { translateGraphModel, translateLayersModel } from './translate/index.js';
import type { Translation } from './translate/types.js';

/** Translation outcome, or why the model could not be read as a translatable graph. */
export type SourceTranslation = Translation | { ok: false; unsupported?: undefined; failure: string };

/**
 * Translates a loaded tfjs model (either format) to an ONNX forward graph. Ops without a
 * translation are listed; a graph the translator cannot read at all (an output that is not
 * `[batch, units]`, a cycle, a missing weight) is reported as a failure, never thrown.
 */
export function translateSource(source: NetworkSource): SourceTranslation {
  try {
    return source.kind === 'layers' ? translateLayersModel(source.model) : translateGraphModel(source);
  } catch (error) {
    return { ok: false, failure: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
