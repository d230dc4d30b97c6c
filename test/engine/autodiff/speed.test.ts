import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGradientGraph, buildLogitsGraph, type GradientGraphOptions } from '../../../src/engine/autodiff/index.js';
import { encodeModel } from '../../../src/engine/onnx/codec.js';
import type { OnnxGraph } from '../../../src/engine/onnx/ir.js';
import { loadOrt, type NativeSession, type OrtModule } from '../../../src/engine/ort/ort-binding.js';
import { classRows, tiedImages } from './compare.js';
import { DualModel } from './dual-model.js';

/**
 * Speed of one forward + input-gradient run of the demo architecture (conv32-pool-conv64-pool-
 * dense128-dense10 on 28×28×1, 'same' convs) at batch 128 on one intra-op thread: a measurement,
 * not a timed test, so it only runs with RC_AUTODIFF_BENCH=1 (RC_AUTODIFF_PROFILE=1 adds ONNX
 * Runtime's per-op times). Variants run interleaved, so a loaded machine slows them alike.
 */
const enabled = process.env.RC_AUTODIFF_BENCH === '1';
const batch = 128;
const runs = 40;

function demoArchitecture(): DualModel {
  return new DualModel([1, 28, 28], 9)
    .conv(32, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2)
    .conv(64, [3, 3], { pads: 'same' }).relu().pool('max', 2, 2)
    .flatten().dense(128).relu().dense(10);
}

function demoGraph(build: (forward: OnnxGraph) => OnnxGraph): OnnxGraph {
  const model = demoArchitecture();
  try {
    return build(model.graph());
  } finally {
    model.dispose();
  }
}

/** A session with the engine's options, optionally profiling (the engine's OrtSession never profiles). */
function session(ort: OrtModule, graph: OnnxGraph, profilePrefix?: string): NativeSession {
  const bytes = encodeModel(graph);
  const native = ort.createSession();
  native.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, {
    graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
    enableCpuMemArena: true, enableMemPattern: true, executionProviders: [{ name: 'cpu' }],
    ...(profilePrefix ? { enableProfiling: true, profileFilePrefix: profilePrefix } : {}),
  });
  return native;
}

function summary(name: string, times: number[], samples = batch): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${name}: median ${median.toFixed(1)} ms (${(samples / median * 1000).toFixed(0)} sample·steps/s), best ${sorted[0]!.toFixed(1)} ms (${(samples / sorted[0]! * 1000).toFixed(0)} sample·steps/s)`;
}

/** Per-op kernel times of a profile file, largest first. */
function profileSummary(directory: string, calls: number): string {
  const file = readdirSync(directory).find((name) => name.endsWith('.json'));
  if (!file) return '(no profile)';
  const events = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Array<{ cat: string; name: string; dur: number; args?: { op_name?: string } }>;
  const byOp = new Map<string, number>();
  for (const event of events) {
    if (event.cat !== 'Node' || !event.name.endsWith('_kernel_time')) continue;
    const key = `${event.args?.op_name ?? '?'} ${event.name.replace(/_kernel_time$/, '')}`;
    byOp.set(key, (byOp.get(key) ?? 0) + event.dur);
  }
  const total = [...byOp.values()].reduce((a, b) => a + b, 0);
  return [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 25)
    .map(([key, dur]) => `${(dur / 1000 / calls).toFixed(2).padStart(7)} ms ${(100 * dur / total).toFixed(1).padStart(5)}%  ${key}`).join('\n');
}

describe.skipIf(!enabled)('gradient graph speed (RC_AUTODIFF_BENCH=1)', () => {
  it('demo CNN forward + gradient at batch 128, 1 thread', () => {
    const ort = loadOrt();
    if (ort instanceof Error) throw ort;
    const labels = new Float32Array(batch * 10);
    classRows(batch, 10, 0).forEach((label, row) => { labels[row * 10 + label] = 1; });
    const x = new ort.Tensor('float32', tiedImages(batch, [1, 28, 28]), [batch, 1, 28, 28]);
    const feeds = { x, labels: new ort.Tensor('float32', labels, [batch, 10]) };
    const variants: Array<{ name: string; options: GradientGraphOptions }> = [
      { name: 'gradient (default)', options: {} },
      { name: 'gradient without phase blocks', options: { phaseBlocks: false } },
      { name: 'phase blocks below 8 channels only', options: { phaseMaxChannels: 8 } },
    ];
    const profile = process.env.RC_AUTODIFF_PROFILE === '1' ? mkdtempSync(join(tmpdir(), 'rc-profile-')) : undefined;
    const sessions = variants.map((variant, index) => session(ort, demoGraph((forward) => buildGradientGraph(forward, { loss: 'ce', targeted: false, outputKind: 'logits' }, variant.options)),
      index === 0 && profile ? join(profile, 'profile') : undefined));
    const forward = session(ort, demoGraph((graph) => buildLogitsGraph(graph, 'logits')));
    const times: number[][] = variants.map(() => []);
    const forwardTimes: number[] = [];
    const fetches = { logits: null, loss: null, gradient: null };
    for (let i = 0; i < runs + 5; i++) {
      sessions.forEach((native, index) => {
        const start = performance.now();
        native.run(feeds, fetches, {});
        if (i >= 5) times[index]!.push(performance.now() - start);
      });
      const start = performance.now();
      forward.run({ x }, { logits: null }, {});
      if (i >= 5) forwardTimes.push(performance.now() - start);
    }
    console.log([...variants.map((variant, index) => summary(variant.name, times[index]!)), summary('forward only', forwardTimes)].join('\n'));
    if (profile) {
      (sessions[0] as unknown as { endProfiling?: () => void }).endProfiling?.();
      console.log(profileSummary(profile, runs + 5));
      rmSync(profile, { recursive: true, force: true });
    }
    for (const native of [...sessions, forward]) native.dispose();
    expect(times[0]!.length).toBe(runs);
  });

  it('depthwise-separable block (stride-2 depthwise, ReLU6, pointwise) forward + gradient at batch 32, 1 thread', () => {
    const ort = loadOrt();
    if (ort instanceof Error) throw ort;
    const size = 32;
    const build = () => {
      const start = new DualModel([16, 64, 64], 12).conv(16, [3, 3], { depthwise: true, stride: 2, pads: 'same' });
      return start.unary('Clip', (x) => x.clipByValue(0, 6), {}, [start.constant([], [0]), start.constant([], [6])])
        .conv(32, [1, 1]).relu()
        .conv(32, [3, 3], { depthwise: true, stride: 2, pads: 'same' }).relu()
        .conv(64, [1, 1]).relu()
        .custom([64, 1, 1], (b, x) => b.node('GlobalAveragePool', [x]), (x) => x.mean([2, 3], true))
        .flatten().dense(10);
    };
    const model = build();
    const graph = buildGradientGraph(model.graph(), { loss: 'ce', targeted: false, outputKind: 'logits' });
    model.dispose();
    const profile = process.env.RC_AUTODIFF_PROFILE === '1' ? mkdtempSync(join(tmpdir(), 'rc-profile-')) : undefined;
    const native = session(ort, graph, profile ? join(profile, 'profile') : undefined);
    const labels = new Float32Array(size * 10);
    classRows(size, 10, 0).forEach((label, row) => { labels[row * 10 + label] = 1; });
    const feeds = { x: new ort.Tensor('float32', tiedImages(size, [16, 64, 64]), [size, 16, 64, 64]), labels: new ort.Tensor('float32', labels, [size, 10]) };
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const start = performance.now();
      native.run(feeds, { logits: null, loss: null, gradient: null }, {});
      if (i >= 5) times.push(performance.now() - start);
    }
    console.log(summary(`depthwise-separable block, batch ${size}`, times, size));
    if (profile) {
      (native as unknown as { endProfiling?: () => void }).endProfiling?.();
      console.log(profileSummary(profile, 25));
      rmSync(profile, { recursive: true, force: true });
    }
    native.dispose();
    expect(times).toHaveLength(20);
  });
});
