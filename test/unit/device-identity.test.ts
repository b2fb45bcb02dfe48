// The device key: created once, kept private, reloaded identically, and never silently replaced.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonical-json.js';
import { verifyDeviceSignature } from '../../common/node/ed25519.js';
import { DeviceKeyError, loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';

const dir = () => mkdtempSync(join(tmpdir(), 'identity-'));

describe('device identity', () => {
  it('is created on first run with owner-only permissions and reloads as the same device', () => {
    const data = dir();
    const first = loadOrCreateDeviceIdentity(data);
    const again = loadOrCreateDeviceIdentity(data);
    expect(again.deviceId).toBe(first.deviceId);
    expect(first.deviceId).toMatch(/^[1-9A-HJ-NP-Za-km-z]{43,44}$/); // base58, like a Solana address
    if (process.platform !== 'win32')
      expect(statSync(join(data, 'device-key.json')).mode & 0o777).toBe(0o600);
  });

  it('signs so that only the untampered message verifies under the device id', () => {
    const identity = loadOrCreateDeviceIdentity(dir());
    const signature = identity.sign('job 42 output abc');
    expect(verifyDeviceSignature(identity.deviceId, 'job 42 output abc', signature)).toBe(true);
    expect(verifyDeviceSignature(identity.deviceId, 'job 42 output abd', signature)).toBe(false);
    const other = loadOrCreateDeviceIdentity(dir());
    expect(verifyDeviceSignature(other.deviceId, 'job 42 output abc', signature)).toBe(false);
    expect(verifyDeviceSignature('not-base58-!!', 'x', signature)).toBe(false);
  });

  it('refuses a damaged key file with a clear message and leaves it untouched', () => {
    const data = dir();
    loadOrCreateDeviceIdentity(data);
    const file = join(data, 'device-key.json');
    const damaged = readFileSync(file, 'utf8').slice(0, 40);
    writeFileSync(file, damaged);
    expect(() => loadOrCreateDeviceIdentity(data)).toThrow(DeviceKeyError);
    expect(() => loadOrCreateDeviceIdentity(data)).toThrow(/is damaged. Restore it from a backup/);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });
});

describe('canonicalJson', () => {
  it('gives the same bytes whatever order keys were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(
      canonicalJson({ a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});
