import { describe, expect, it } from 'vitest';
import { KNOWN_GPUS, matchKnownGpu, vendorPeak } from '../../common/gpu-catalog.js';

describe('matchKnownGpu', () => {
  it.each([
    ['NVIDIA GeForce RTX 4090', 'rtx-4090'],
    ['nvidia-geforce-rtx-4090', 'rtx-4090'], // WebGPU adapter.info.device
    ['AD102 [GeForce RTX 4090]', 'rtx-4090'], // lspci without nvidia-smi
    ['NVIDIA GeForce RTX 3060', 'rtx-3060'],
    ['GA106 [GeForce RTX 3060 Lite Hash Rate]', 'rtx-3060'],
    ['NVIDIA GeForce RTX 5090', 'rtx-5090'],
    ['NVIDIA H100 80GB HBM3', 'h100-sxm'],
    ['GH100 [H100 SXM5 80GB]', 'h100-sxm'],
    ['NVIDIA H200', 'h200'],
    ['Apple M2 Pro', 'm2-pro'],
    ['apple-m2-pro', 'm2-pro'],
  ])('knows %s as %s', (name, id) => {
    expect(matchKnownGpu(name)?.id).toBe(id);
  });

  it.each([
    'NVIDIA GeForce RTX 4090 Laptop GPU',
    'GeForce RTX 4090 Laptop GPU',
    'AD103M / GN21-X11 [GeForce RTX 4090 Laptop GPU]',
    'nvidia-geforce-rtx-4070-laptop-gpu',
    'NVIDIA GeForce RTX 4090 D',
    'NVIDIA GeForce RTX 4070 Ti',
    'NVIDIA GeForce RTX 4070 SUPER',
    'NVIDIA GeForce RTX 3060 Ti',
    'NVIDIA GeForce RTX 3080 Ti',
    'NVIDIA GeForce RTX 3090 Ti',
    'NVIDIA H100 PCIe',
    'NVIDIA H100 NVL',
    'NVIDIA H100',
    'NVIDIA H200 NVL',
    'Apple M2 Max',
    'Apple M2',
    'Intel(R) UHD Graphics',
    'AMD Radeon RX 7900 XTX',
    'llvmpipe (LLVM 15.0.6, 256 bits)',
    '',
  ])('gives no figure for %j rather than a neighbour’s', (name) => {
    expect(matchKnownGpu(name)).toBeNull();
    expect(vendorPeak(name)).toBeNull();
  });

  it('tells same-named variants apart when the system probe knows memory or core count', () => {
    expect(matchKnownGpu('NVIDIA GeForce RTX 3060', { vramMb: 12288 })?.id).toBe('rtx-3060');
    expect(matchKnownGpu('NVIDIA GeForce RTX 3060', { vramMb: 8192 })).toBeNull(); // 240 GB/s part
    expect(matchKnownGpu('NVIDIA GeForce RTX 3080', { vramMb: 10240 })?.id).toBe('rtx-3080');
    expect(matchKnownGpu('NVIDIA GeForce RTX 3080', { vramMb: 12288 })).toBeNull();
    expect(matchKnownGpu('NVIDIA H100 80GB HBM3', { vramMb: 81559 })?.id).toBe('h100-sxm');
    expect(matchKnownGpu('NVIDIA H200', { vramMb: 143771 })?.id).toBe('h200');
    expect(matchKnownGpu('Apple M2 Pro', { gpuCores: 19 })?.id).toBe('m2-pro');
    expect(matchKnownGpu('Apple M2 Pro', { gpuCores: 16 })).toBeNull();
    expect(matchKnownGpu('NVIDIA GeForce RTX 4090', { vramMb: null })?.id).toBe('rtx-4090');
  });
});

describe('vendorPeak', () => {
  // The figures collected in FACTS.md ("GPU performance"), in benchmark units.
  it.each([
    ['NVIDIA GeForce RTX 3060', 12_700, 12_700, 360],
    ['NVIDIA GeForce RTX 3080', 29_800, 29_800, 760],
    ['NVIDIA GeForce RTX 3090', 35_600, 35_600, 936],
    ['NVIDIA GeForce RTX 4070', 29_100, 29_100, 504],
    ['NVIDIA GeForce RTX 4090', 82_600, 82_600, 1008],
    ['NVIDIA GeForce RTX 5090', 104_800, 104_800, 1792],
    ['NVIDIA H100 80GB HBM3', 66_900, 133_800, 3350],
    ['NVIDIA H200', 66_900, 133_800, 4800],
    ['Apple M2 Pro', 6_800, 6_800, 200],
  ])('%s peaks at %d / %d GFLOPS and %d GB/s', (name, fp32Gflops, fp16Gflops, bandwidthGBs) => {
    expect(vendorPeak(name)).toEqual({ fp32Gflops, fp16Gflops, bandwidthGBs });
  });

  it('has one row per class', () => {
    const ids = KNOWN_GPUS.map((gpu) => gpu.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
