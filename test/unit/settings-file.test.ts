// settings.json: a first start gets the defaults; a damaged file is never used nor lost (it is kept
// byte for byte beside, and the owner is told what was wrong and where the copy is); good settings
// round-trip exactly.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSettingsSchema } from '../../common/node-settings.js';
import { SettingsFile } from '../../main/store/settings-file.js';

const fresh = () => new SettingsFile(mkdtempSync(join(tmpdir(), 'settings-file-')));
const defaults = nodeSettingsSchema.parse({});
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const BACKUP_SUFFIX = '.bad-2025-01-02T03-04-05-678Z';

describe('SettingsFile.load', () => {
  it('gives the defaults when there is no file yet, without creating one', () => {
    const file = fresh();
    expect(file.load(NOW)).toEqual({ settings: defaults, problem: null });
    expect(defaults.governor.limits.temperatureLimitC).toBe(80);
    expect(existsSync(file.path)).toBe(false);
  });

  it('keeps a file that is not JSON byte for byte, restores the defaults and says so', () => {
    const file = fresh();
    // Torn mid-write and with a byte that is not UTF-8: the copy must be the exact original.
    const original = Buffer.concat([Buffer.from('{"deviceName": "Stud'), Buffer.from([0xff, 0x00, 0xc3])]);
    writeFileSync(file.path, original);

    const loaded = file.load(NOW);

    const backup = `${file.path}${BACKUP_SUFFIX}`;
    expect(loaded.settings).toEqual(defaults);
    expect(readFileSync(backup)).toEqual(original);
    expect(loaded.problem).toContain('settings.json was damaged (');
    expect(loaded.problem).toMatch(/JSON/); // the parser's own words about what is wrong
    expect(loaded.problem).toContain(`the damaged file is kept as ${backup}`);
    // The defaults are written in its place, so the next start is clean.
    expect(file.load(NOW + 1)).toEqual({ settings: defaults, problem: null });
  });

  it('treats JSON of the wrong shape as damaged and names the field', () => {
    const file = fresh();
    const original = `${JSON.stringify({ version: 1, governor: { limits: { temperatureLimitC: 500 } } }, null, 2)}\n`;
    writeFileSync(file.path, original);

    const loaded = file.load(NOW);

    expect(loaded.settings).toEqual(defaults);
    expect(loaded.problem).toMatch(/governor\.limits\.temperatureLimitC: .*105/);
    expect(loaded.problem).toContain(`${file.path}${BACKUP_SUFFIX}`);
    expect(readFileSync(`${file.path}${BACKUP_SUFFIX}`, 'utf8')).toBe(original);
    expect(readdirSync(join(file.path, '..')).sort()).toEqual([
      'settings.json',
      `settings.json${BACKUP_SUFFIX}`,
    ]);
  });

  it('treats a future version, or JSON that is not an object, as damaged too', () => {
    for (const text of ['{"version": 2}', '[]', 'null', '']) {
      const file = fresh();
      writeFileSync(file.path, text);
      const loaded = file.load(NOW);
      expect(loaded.settings, text).toEqual(defaults);
      expect(loaded.problem, text).toContain('settings.json was damaged');
      expect(readFileSync(`${file.path}${BACKUP_SUFFIX}`, 'utf8')).toBe(text);
    }
  });

  it('fills fields missing from an older, partial file with their defaults', () => {
    const file = fresh();
    writeFileSync(
      file.path,
      JSON.stringify({ deviceName: 'Render box', governor: { limits: { runOnBattery: true } } }),
    );
    const { settings, problem } = file.load(NOW);
    expect(problem).toBeNull();
    expect(settings.deviceName).toBe('Render box');
    expect(settings.governor.limits).toEqual({ ...defaults.governor.limits, runOnBattery: true });
  });
});

describe('SettingsFile.save', () => {
  it('round-trips valid settings exactly, owner-only', () => {
    const file = fresh();
    const settings = nodeSettingsSchema.parse({
      deviceName: 'Studio workstation 3',
      governor: {
        mode: { kind: 'snoozed', until: NOW + 3_600_000, resumeTo: 'run-now' },
        limits: { temperatureLimitC: 72.5, idleStartSeconds: 600 },
        apps: { exclusiveApps: ['blender.exe', 'DaVinci Resolve'] },
        gpus: { 'gpu-1': { enabled: false } },
      },
    });

    file.save(settings);

    expect(file.load(NOW)).toEqual({ settings, problem: null });
    if (process.platform !== 'win32') expect(statSync(file.path).mode & 0o777).toBe(0o600);
    // Readable by a person editing it by hand.
    expect(readFileSync(file.path, 'utf8')).toBe(`${JSON.stringify(settings, null, 2)}\n`);
  });
});
