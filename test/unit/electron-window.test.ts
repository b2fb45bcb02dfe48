// The window's rules as data: options (sandbox, isolation, no Node), navigation and window.open,
// the openExternal allow-list, the app:// answers and CSP, and where a saved window may reappear.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, appProtocolAnswer } from '../../main/electron/app-protocol.js';
import {
  desktopPrefsPath,
  loadDesktopPrefs,
  restoreBounds,
  saveDesktopPrefs,
  startedHidden,
} from '../../main/electron/desktop-prefs.js';
import { allowedExternalUrl } from '../../main/electron/external-links.js';
import {
  buildMainWindow,
  type MainWindowOptions,
  navigationAllowed,
  permissionAllowed,
  windowOpenDecision,
} from '../../main/electron/window-policy.js';

describe('openExternal allow-list', () => {
  const refused = [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://explorer.solana.com/tx/abc',
    'https://explorer.solana.com.evil.io/tx/abc',
    'https://evil.io/?explorer.solana.com',
    'https://user@explorer.solana.com/tx',
    'https://explorer.solana.com@evil.io/tx',
    'https://explorer.solana.com:8443/tx',
    'https://xn--explrer-solana-com.io/',
    'https://sub.explorer.solana.com/',
    'ms-settings:display',
    'smb://share/x',
    'app://io-provider/',
    'not a url',
    '',
    `https://explorer.solana.com/${'a'.repeat(3000)}`,
  ];
  it.each(refused)('refuses %s', (url) => expect(allowedExternalUrl(url)).toBeNull());

  it.each([
    [
      'https://explorer.solana.com/tx/5abc?cluster=devnet',
      'https://explorer.solana.com/tx/5abc?cluster=devnet',
    ],
    ['https://EXPLORER.solana.com/address/x', 'https://explorer.solana.com/address/x'],
    ['https://solscan.io/tx/1', 'https://solscan.io/tx/1'],
    ['https://docs.io.net/', 'https://docs.io.net/'],
  ])('opens %s (normalised)', (url, opened) => expect(allowedExternalUrl(url)).toBe(opened));

  it('window.open is always denied in the app; an allowed link goes to the browser instead', () => {
    expect(windowOpenDecision('https://explorer.solana.com/tx/1')).toEqual({
      action: 'deny',
      external: 'https://explorer.solana.com/tx/1',
    });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', external: null });
  });
});

class FakeWindow {
  constructor(readonly options: MainWindowOptions) {}
}

describe('window options and navigation', () => {
  it('every window is sandboxed and isolated, with no Node, webview or insecure content', () => {
    const o = buildMainWindow(FakeWindow, {
      preload: '/app/dist/preload.cjs',
      bounds: null,
      show: false,
    }).options;
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(o.show).toBe(false);
    expect([o.width, o.height]).toEqual([1200, 820]);
    const placed = buildMainWindow(FakeWindow, {
      preload: 'p',
      bounds: { x: 10, y: 20, width: 900, height: 700 },
      show: true,
    }).options;
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([10, 20, 900, 700]);
  });

  it.each([
    ['app://io-provider/index.html', true],
    ['app://io-provider/#/earnings', true],
    ['app://io-provider.evil/', false],
    ['https://io-provider/', false],
    ['file:///index.html', false],
    ['https://explorer.solana.com/', false],
    ['javascript:void(0)', false],
  ])('navigation to %s allowed: %s', (url, allowed) => expect(navigationAllowed(url)).toBe(allowed));

  it('grants no permission', () => {
    for (const p of ['media', 'notifications', 'hid', 'clipboard-read', 'geolocation'])
      expect(permissionAllowed(p)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'io-provider-app-protocol-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'app.js'), 'export {}');

  it('serves the page under a CSP with no connections at all, and assets by exact name', () => {
    const page = appProtocolAnswer(dir, 'app://io-provider/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(APP_CSP);
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe');
    const js = appProtocolAnswer(dir, 'app://io-provider/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it.each([
    ['app://io-provider/../../etc/passwd', 404],
    ['app://io-provider/%2e%2e%2fetc%2fpasswd', 404],
    ['app://io-provider/sub', 404],
    ['app://io-provider/missing.js', 404],
    ['app://other-host/index.html', 403],
    ['app://user@io-provider/index.html', 403],
    ['https://io-provider/index.html', 403],
  ])('%s -> %i', (url, status) => expect(appProtocolAnswer(dir, url).status).toBe(status));

  it('is read only', () => expect(appProtocolAnswer(dir, 'app://io-provider/', 'POST').status).toBe(405));
});

describe('desktop prefs and window state', () => {
  it('defaults on first run and after damage; remembers what was saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'io-provider-desktop-'));
    expect(loadDesktopPrefs(dir)).toMatchObject({
      startAtLogin: null,
      keepAwakeWhileEarning: false,
      window: null,
    });
    const bounds = { x: 100, y: 50, width: 1000, height: 700 };
    saveDesktopPrefs(dir, {
      ...loadDesktopPrefs(dir),
      startAtLogin: true,
      window: { bounds, maximized: false },
    });
    expect(loadDesktopPrefs(dir)).toMatchObject({ startAtLogin: true, window: { bounds } });
    writeFileSync(desktopPrefsPath(dir), '{"startAtLogin": "yes"');
    expect(loadDesktopPrefs(dir).startAtLogin).toBeNull();
  });

  it('brings a window back only where a display still shows it', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    const onScreen = { x: 100, y: 100, width: 1000, height: 700 };
    expect(restoreBounds(onScreen, screen)).toEqual(onScreen);
    expect(restoreBounds({ ...onScreen, x: 2500 }, screen)).toBeNull(); // monitor unplugged
    expect(restoreBounds({ ...onScreen, x: 1850 }, screen)).toBeNull(); // 70 px showing
    expect(restoreBounds(null, screen)).toBeNull();
  });

  it('starts hidden from the login item', () => {
    expect(startedHidden(['electron', '.'], false)).toBe(false);
    expect(startedHidden(['io-provider', '--hidden'], false)).toBe(true);
    expect(startedHidden(['io-provider'], true)).toBe(true);
  });
});
