import type { GradientLoss, OutputKind } from '../model/classifier.js';
import { buildGradientGraph, buildLogitsGraph } from './autodiff/index.js';
import type { OnnxGraph } from './onnx/ir.js';
import { OrtSession } from './ort/ort-session.js';

/** Which gradient graph: an attack loss (optionally targeted), or the generic vector–Jacobian product. */
export interface GradientKey {
  loss: GradientLoss | 'cotangent';
  targeted: boolean;
}

/**
 * The ONNX Runtime sessions of one model: the logits graph and one gradient graph per loss,
 * each built on first use (a suite usually needs two or three) and kept for the run.
 */
export class EngineGraphs {
  private logitsSession?: OrtSession;
  private readonly gradients = new Map<string, OrtSession>();

  constructor(
    /** Forward graph: input `x` `[N, ...sample]`, output the model's raw output `[N, units]`. */
    readonly forward: OnnxGraph,
    private readonly outputKind: OutputKind,
    /** ONNX Runtime intra-op threads. */
    readonly threads: number,
  ) {}

  logits(): OrtSession {
    this.logitsSession ??= new OrtSession(buildLogitsGraph(this.forward, this.outputKind), { threads: this.threads });
    return this.logitsSession;
  }

  gradient(key: GradientKey): OrtSession {
    const name = `${key.loss}:${key.targeted}`;
    let session = this.gradients.get(name);
    if (!session) {
      session = new OrtSession(buildGradientGraph(this.forward, { ...key, outputKind: this.outputKind }), { threads: this.threads });
      this.gradients.set(name, session);
    }
    return session;
  }

  dispose(): void {
    this.logitsSession?.dispose();
    for (const session of this.gradients.values()) session.dispose();
    this.logitsSession = undefined;
    this.gradients.clear();
  }
}
