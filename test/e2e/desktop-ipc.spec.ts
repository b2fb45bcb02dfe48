// The desktop app's UI path without the Electron binary: the built renderer, served exactly as the
// app:// protocol serves it (appProtocolAnswer, its CSP included), with the real preload bundled
// against a stand-in 'electron' module, talking to the real IPC handler (ipcUi: sender check and
// contract validation) of a real node composed in this process on the embedded sandbox network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../common/ipc-channels.js';
import { composeNode, type ComposedNode } from '../../main/compose/compose-node.js';
import { defaultStaticDir } from '../../main/dashboard/static-files.js';
import { APP_ORIGIN, appProtocolAnswer } from '../../main/electron/app-protocol.js';
import { ipcUi, type InvokeEventLike } from '../../main/electron/ipc-ui.js';
import { nodeForkSpawner } from '../../main/gpu/host/worker-process.js';

// Chromium cannot load a custom scheme Playwright does not own, so the page lives on an https
// origin the test routes; the handler trusts exactly that origin, as the app trusts app://io-provider.
const PAGE_ORIGIN = 'https://io-provider.test';
const root = fileURLToPath(new URL('../../', import.meta.url));

test.describe.configure({ mode: 'serial' });

let node: ComposedNode | undefined;
let dataDir = '';
let preloadScript = '';
let handler: ((event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>) | undefined;
let currentPage: Page | undefined;

test.beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(root, 'preload/index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    alias: { electron: join(root, 'test/e2e/support/electron-preload-shim.ts') },
  });
  preloadScript = bundle.outputFiles[0]!.text;
  dataDir = mkdtempSync(join(tmpdir(), 'io-provider-desktop-e2e-'));
  node = await composeNode({
    dataDir,
    spawner: nodeForkSpawner(),
    ui: ipcUi({
      ipcMain: {
        handle: (channel, fn) => {
          if (channel === CALL_CHANNEL) handler = fn;
        },
        removeHandler: () => (handler = undefined),
      },
      trustedOrigin: PAGE_ORIGIN,
      windows: () =>
        currentPage && !currentPage.isClosed()
          ? [
              {
                id: 1,
                getURL: () => currentPage!.url(),
                send: (channel, payload) =>
                  void currentPage!
                    .evaluate(([c, p]) => (window as any).__ipcEmit(c, p), [channel, payload] as const)
                    .catch(() => {}),
              },
            ]
          : [],
    }),
  });
});

test.afterAll(async () => {
  await node?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openApp(page: Page) {
  currentPage = page;
  await page.route(`${PAGE_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const answer = appProtocolAnswer(
      defaultStaticDir(),
      `${APP_ORIGIN}${url.pathname}`,
      route.request().method(),
    );
    return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body as Buffer });
  });
  await page.exposeBinding('__ipcInvoke', (source, channel: string, ...args: unknown[]) => {
    if (channel !== CALL_CHANNEL || !handler) throw new Error(`no handler on ${channel}`);
    // What Electron tells the handler about the sender: the webContents and the calling frame.
    return handler(
      { sender: { id: 1 }, senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() } },
      ...args,
    );
  });
  await page.addInitScript({ content: preloadScript });
  await page.goto(`${PAGE_ORIGIN}/`);
}

test('the dashboard runs over IPC: window.api is the contract, state and events arrive, bad input is refused', async ({
  page,
}) => {
  await openApp(page);
  // First run: the settings came page -> preload -> handler -> node and back.
  await expect(page.getByRole('heading', { name: 'Set up io-provider' })).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => (window as any).api.updateSettings({ onboarded: true }));
  await page.reload();
  await expect(page.getByTestId('device-id')).toHaveText(node!.node.state().device.id, { timeout: 30_000 });
  const keys = await page.evaluate(() => Object.keys((window as any).api).sort());
  expect(keys).toContain('onEvent');
  expect(keys).toContain('setMode');
  expect(keys).not.toContain('invoke');

  const state = await page.evaluate(() => (window as any).api.getState({}));
  expect(state.device.id).toBe(node!.node.state().device.id);

  // A command from the page reaches the node, and the node's state event comes back on EVENT_CHANNEL.
  await page.evaluate((channel) => {
    (window as any).__events = [];
    (window as any).api.onEvent((e: any) => (window as any).__events.push(e));
    return channel;
  }, EVENT_CHANNEL);
  // The owner's click in the real UI goes the same way.
  await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(node!.node.state().governor.mode).toEqual({ kind: 'paused' });
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as any).__events.some(
          (e: any) => e.type === 'state' && e.state.governor.mode.kind === 'paused',
        ),
      ),
    )
    .toBe(true);

  // The real handler's validation: the same message the loopback server gives.
  const refused = await page.evaluate(() =>
    (window as any).api.setMode({ mode: 'turbo' }).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toContain('setMode: mode');
  const unknown = await page.evaluate(() =>
    (window as any).__ipcInvoke('provider:call', 'deleteEverything', {}).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(unknown).toContain('no such call: deleteEverything');
});
// An iframe cannot even load under the page's CSP (default-src 'none'); the handler's own main-frame
// check is covered in test/unit/electron-ipc.test.ts.
