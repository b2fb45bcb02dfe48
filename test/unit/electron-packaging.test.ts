// The installer configuration as electron-builder reads it (no Electron dist here to build one):
// targets per OS, native addons outside the asar, shaders and icons as resources, the fuses hook
// and what it flips, and the hooks' files existing.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { electronBinaryPath, fuseConfig } from '../../scripts/fuses.mjs';

const root = new URL('../../', import.meta.url);
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('builds nsis on Windows, dmg + zip on macOS (hardened, notarised), AppImage + deb + tar.gz on Linux', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.afterSign).toBe('scripts/notarize.mjs');
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(existsSync(new URL(config.mac.entitlements, root))).toBe(true);
  });

  it('packs the app into an asar, with the native addons unpacked and rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/webgpu/**', 'node_modules/better-sqlite3/**', '**/*.node']),
    );
    expect(config.npmRebuild).toBe(true);
    expect(config.files).toContain('dist/**/*');
  });

  it('ships the shaders and the tray icons as resources', () => {
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'shaders', to: 'shaders' }),
        expect.objectContaining({
          from: 'resources',
          filter: expect.arrayContaining(['tray-*.png', 'icon.png']),
        }),
      ]),
    );
  });

  it('flips the fuses in afterPack, and updates come from a generic feed', () => {
    expect(config.afterPack).toBe('scripts/after-pack-fuses.mjs');
    for (const hook of [config.afterPack, config.afterSign])
      expect(existsSync(new URL(hook, root))).toBe(true);
    expect(config.publish.provider).toBe('generic');
  });
});

describe('fuses', () => {
  it('RunAsNode off, cookie encryption on, NODE_OPTIONS and inspect off, asar integrity on, app only from asar', () => {
    const fuses = fuseConfig();
    expect(fuses.version).toBe(FuseVersion.V1);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('finds the Electron binary in each platform’s output', () => {
    expect(electronBinaryPath('/o', 'linux', 'io-provider')).toBe('/o/io-provider');
    expect(electronBinaryPath('/o', 'win32', 'io-provider')).toBe('/o/io-provider.exe');
    expect(electronBinaryPath('/o', 'darwin', 'io-provider')).toBe(
      '/o/io-provider.app/Contents/MacOS/io-provider',
    );
  });
});
