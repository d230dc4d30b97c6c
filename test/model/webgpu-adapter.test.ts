/** Software-renderer detection (what `auto` refuses) and the first-max shader patch, without a GPU. */
import { describe, expect, it } from 'vitest';
import { describeAdapter, softwareRendererReason } from '../../src/model/webgpu/adapter-info.js';
import type { WebGpuAdapterInfo } from '../../src/report/webgpu-adapter-types.js';
import { patchPositionsProgram } from '../../src/model/webgpu/first-max-pool.js';
import { defaultDawnBackends } from '../../src/model/webgpu/start-webgpu.js';

const hardware = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3', dawnBackend: 'vulkan', isFallbackAdapter: false };

describe('softwareRendererReason', () => {
  it.each([
    ['Mesa llvmpipe on OpenGL ES (this CI machine)', { ...hardware, vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', dawnBackend: 'opengles' }, /device names the software renderer "llvmpipe"/],
    ['Mesa lavapipe on Vulkan', { ...hardware, vendor: 'mesa', architecture: '', device: '', description: 'Mesa lavapipe driver', dawnBackend: 'vulkan' }, /"lavapipe"/],
    ['SwiftShader', { ...hardware, vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' }, /SwiftShader/],
    ['Windows WARP', { ...hardware, vendor: 'microsoft', description: 'Microsoft Basic Render Driver', dawnBackend: 'd3d12' }, /basic render driver/i],
    ['a fallback adapter, whatever its name', { ...hardware, isFallbackAdapter: true }, /fallback/],
  ])('%s is software', (_, adapter, expected) => {
    expect(softwareRendererReason(adapter)).toMatch(expected);
  });

  it.each([
    ['NVIDIA on Vulkan', hardware],
    ['AMD through Mesa radeonsi on OpenGL ES', { ...hardware, vendor: '', architecture: '', device: 'AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 15.0.6)', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6', dawnBackend: 'opengles' }],
    ['Intel Xe on Vulkan', { ...hardware, vendor: 'intel', architecture: 'xe-lpg', description: 'Intel open-source Mesa driver: Mesa 24.0.5' }],
  ])('%s is hardware (Mesa alone is not software)', (_, adapter) => {
    expect(softwareRendererReason(adapter)).toBeUndefined();
  });

  it('describeAdapter names device, description, Dawn backend and software', () => {
    const adapter: WebGpuAdapterInfo = { ...hardware, vendor: '', architecture: '', device: 'llvmpipe', description: 'Mesa', dawnBackend: 'opengles', software: 'x' };
    expect(describeAdapter(adapter)).toBe('llvmpipe (Mesa) via Dawn opengles, software renderer');
    expect(describeAdapter(hardware)).toBe('nvidia hopper (NVIDIA H100 80GB HBM3) via Dawn vulkan');
  });
});

describe('defaultDawnBackends', () => {
  it('tries Vulkan (when its loader is installed) before OpenGL ES on Linux, Metal on macOS, D3D12 first on Windows', () => {
    expect(defaultDawnBackends('linux', () => true)).toEqual(['vulkan', 'opengles']);
    expect(defaultDawnBackends('linux', () => false)).toEqual(['opengles']);
    expect(defaultDawnBackends('darwin')).toEqual(['metal']);
    expect(defaultDawnBackends('win32')[0]).toBe('d3d12');
  });
});

describe('patchPositionsProgram (first-max max-pool gradient on webgpu)', () => {
  // The update snippet of tfjs-backend-webgpu 4.22's Pool2DProgram with computePositions.
  const stockCode = `for (...) { let value = getX(batch, xR, xC, d);
      let currMaxValue = mix(value, maxValue, maxValueFound);
      if (value >= currMaxValue) {
        maxValue = value;
        maxValueFound = 1.0;
        maxPosition = wR * uniforms.filterDims.y + wC;
      } }`;

  it('switches the tie rule to strict > (the first candidate is always taken) and renames the shader key', () => {
    const program = { shaderKey: 'pool2D_max_true_false_false', getUserCode: () => stockCode };
    patchPositionsProgram(program);
    const code = program.getUserCode();
    expect(code).toContain('if (maxValueFound == 0.0 || value > maxValue)');
    expect(code).not.toContain('>=');
    expect(code).toContain('maxPosition = wR * uniforms.filterDims.y + wC;');
    expect(program.shaderKey).toBe('pool2D_max_true_false_false_firstmax');
  });

  it('refuses a shader it does not recognise instead of silently keeping the last-max rule', () => {
    const program = { shaderKey: 'pool2D_max_true_false_false', getUserCode: () => 'if (value >= best) {}' };
    expect(() => patchPositionsProgram(program)).toThrow(/positions shader changed/);
  });
});
