import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGradientGraph, type GradientSpec } from '../../../src/engine/autodiff/index.js';
import { encodeModel } from '../../../src/engine/onnx/codec.js';
import { loadOrt, type OrtModule } from '../../../src/engine/ort/ort-binding.js';
import { classRows, tiedImages } from './compare.js';
import { DualModel } from './dual-model.js';

/**
 * Speed of one forward + input-gradient run of the demo architecture (conv32-pool-conv64-pool-
 * dense128-dense10 on 28×28×1, 'same' convs) at batch 128 on one intra-op thread: a measurement,
 * not a timed test, so it only runs with RC_AUTODIFF_BENCH=1 (RC_AUTODIFF_PROFILE=1 adds ONNX
 * Runtime's per-op times).
 */
const enabled = process.env.RC_AUTODIFF_BENCH === '1';

function demoArchitecture(): DualModel {
  return new DualModel([1, 28, 28], 9)
    .conv(32, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2)
    .conv(64, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2)
    .flatten().dense(128).relu().dense(10);
}

/** A session with the engine's options, optionally profiling (the engine's OrtSession never profiles). */
function session(ort: OrtModule, bytes: Uint8Array, profilePrefix?: string) {
  const native = ort.createSession();
  native.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, {
    graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
    enableCpuMemArena: true, enableMemPattern: true, executionProviders: [{ name: 'cpu' }],
    ...(profilePrefix ? { enableProfiling: true, profileFilePrefix: profilePrefix } : {}),
  });
  return native;
}

describe.skipIf(!enabled)('gradient graph speed (RC_AUTODIFF_BENCH=1)', () => {
  it('demo CNN forward + gradient at batch 128, 1 thread', () => {
    const ort = loadOrt();
    if (ort instanceof Error) throw ort;
    const batch = 128;
    const model = demoArchitecture();
    const spec: GradientSpec = { loss: 'ce', targeted: false, outputKind: 'logits' };
    const graph = buildGradientGraph(model.graph(), spec);
    model.dispose();
    const bytes = encodeModel(graph);
    const directory = process.env.RC_AUTODIFF_PROFILE === '1' ? mkdtempSync(join(tmpdir(), 'rc-profile-')) : undefined;
    const native = session(ort, bytes, directory ? join(directory, 'profile') : undefined);
    const labels = new Float32Array(batch * 10);
    classRows(batch, 10, 0).forEach((label, row) => { labels[row * 10 + label] = 1; });
    const feeds = {
      x: new ort.Tensor('float32', tiedImages(batch, [1, 28, 28]), [batch, 1, 28, 28]),
      labels: new ort.Tensor('float32', labels, [batch, 10]),
    };
    const fetches = { logits: null, loss: null, gradient: null };
    for (let i = 0; i < 5; i++) native.run(feeds, fetches, {});
    const runs = 30;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      native.run(feeds, fetches, {});
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(runs / 2)]!;
    console.log(`batch ${batch}, 1 thread: median ${median.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms → ${(batch / median * 1000).toFixed(0)} sample·steps/s (best ${(batch / times[0]! * 1000).toFixed(0)}); ${graph.nodes.length} nodes`);
    if (directory) {
      (native as unknown as { endProfiling(): void }).endProfiling?.();
      const file = readdirSync(directory).find((name) => name.endsWith('.json'));
      if (file) {
        const events = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Array<{ cat: string; name: string; dur: number; args?: { op_name?: string } }>;
        const byOp = new Map<string, number>();
        for (const event of events) {
          if (event.cat !== 'Node' || !event.name.endsWith('_kernel_time')) continue;
          const key = `${event.args?.op_name ?? '?'} ${event.name.replace(/_kernel_time$/, '')}`;
          byOp.set(key, (byOp.get(key) ?? 0) + event.dur);
        }
        const total = [...byOp.values()].reduce((a, b) => a + b, 0);
        const top = [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 30);
        console.log(top.map(([key, dur]) => `${(dur / 1000 / (runs + 5)).toFixed(2).padStart(7)} ms ${(100 * dur / total).toFixed(1).padStart(5)}%  ${key}`).join('\n'));
      }
      rmSync(directory, { recursive: true, force: true });
    }
    native.dispose();
    expect(median).toBeGreaterThan(0);
  });
});
