import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from '../../common/gpu-adapter.js';
import { dispatchShape } from '../../main/gpu/worker/dispatch.js';
import { median } from '../../main/gpu/worker/measure.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import { defaultDataDir } from '../../main/store/data-dir.js';

describe('dispatchShape', () => {
  it('keeps small dispatches one-dimensional and splits large ones under the per-dimension limit', () => {
    expect(dispatchShape(100)).toEqual({ x: 100, y: 1, total: 100 });
    const big = dispatchShape(200_000);
    expect(big.x).toBeLessThanOrEqual(65535);
    expect(big.total).toBeGreaterThanOrEqual(200_000);
    expect(big.total - 200_000).toBeLessThan(big.y); // rounds up by less than one row
  });
});

describe('median', () => {
  it('is robust to one slow outlier', () => {
    expect(median([10, 11, 12, 500])).toBe(11.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('isSoftwareAdapter', () => {
  it('recognises CPU renderers by flag, architecture or name', () => {
    const base = { architecture: '', description: '', device: '' };
    expect(isSoftwareAdapter({ ...base, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ ...base, architecture: 'software' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'llvmpipe: Mesa 25.0.7' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'Google SwiftShader' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'NVIDIA GeForce RTX 4090' })).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole, with owner-only permissions, leaving no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const file = join(dir, 'nested', 'state.json');
    writeFileAtomic(file, 'first');
    writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('defaultDataDir', () => {
  it('follows each platform’s convention and honours IO_PROVIDER_DATA', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/io-provider');
    expect(defaultDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toMatch(
      /Roaming.io-provider$/,
    );
    expect(defaultDataDir({ IO_PROVIDER_DATA: '/data' }, 'linux')).toBe('/data');
  });
});
