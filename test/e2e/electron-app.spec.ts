// The packaged shape of the desktop app in real Electron (Playwright's _electron launcher): the
// window shows the dashboard from app://io-provider/ over IPC, sandboxed and isolated. Runs where
// the Electron binary is installed (`node node_modules/electron/install.js`); elsewhere it is
// skipped with the reason printed, never passed silently.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Where the electron package says its binary is (path.txt, written by its install script), read
// without require('electron'): that require tries to download the binary when it is missing.
function electronBinary(): { path: string | null; reason: string } {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return { path: null, reason: 'the Electron binary is not installed (no node_modules/electron/path.txt)' };
  const path = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path)
    ? { path, reason: '' }
    : { path: null, reason: `the Electron binary is not installed (${path} missing)` };
}

const binary = electronBinary();
if (!binary.path)
  console.log(`electron-app.spec: SKIPPED — ${binary.reason}; run node node_modules/electron/install.js`);

test('the desktop app opens the dashboard on app:// over IPC, sandboxed', async () => {
  test.skip(!binary.path, binary.reason);
  test.skip(!existsSync(join(root, 'dist/electron-main.js')), 'dist/ is not built: run npm run build');
  const dataDir = mkdtempSync(join(tmpdir(), 'io-provider-electron-e2e-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [root, '--no-sandbox'],
    env: { ...process.env, IO_PROVIDER_DATA: dataDir },
  });
  try {
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://io-provider/');
    await expect(window.getByRole('heading', { name: 'Set up io-provider' })).toBeVisible({
      timeout: 60_000,
    });
    const isolated = await window.evaluate(
      () => typeof (window as any).require === 'undefined' && typeof (window as any).process === 'undefined',
    );
    expect(isolated).toBe(true);
    const state = await window.evaluate(() => (window as any).api.getState({}));
    expect(state.version).toBeTruthy();
    // Navigation away from the app is refused by the window's guard.
    await window.evaluate(() => (location.href = 'https://example.org/'));
    await window.waitForTimeout(500);
    expect(window.url()).toBe('app://io-provider/');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
