// An owner starts `io-provider run` in a fresh data folder, opens the dashboard URL it printed and
// watches it: the node benchmarks and proves this machine (the lavapipe CPU adapter here), earns from
// the embedded sandbox network's jobs and obeys Pause and Auto; a page opened without the printed
// token shows nothing of the node. Everything goes through the bundled CLI in a child process, the
// node's own HTTP/WebSocket server and a real Chromium.
import { rmSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  callNode,
  cliStatus,
  freshDataDir,
  startNode,
  stopNode,
  withNodeLogs,
  type NodeProcess,
} from './support/node-process.js';

const EARNING_WITHIN_MS = 90_000;

let node: NodeProcess | undefined;
let context: BrowserContext;
let page: Page;
const logged = <T>(fn: () => Promise<T>) => withNodeLogs(() => node, fn);

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.describe('the dashboard of `io-provider run`', () => {
  test.beforeAll(async ({ browser }) => {
    node = await startNode({ dataDir: freshDataDir() });
    await callNode(node, 'updateSettings', { onboarded: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    if (!node) return;
    const exited = await stopNode(node);
    rmSync(node.dataDir, { recursive: true, force: true });
    expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
  });

  test('shows the node earning', async () => {
    await logged(async () => {
      await page.goto(node!.url);
      await expect(page).toHaveTitle('io-provider node');
      await expect(page).toHaveURL(/\/#?\/?[a-z]*$/); // the token left the address bar
      await expect(page.getByTestId('device-id')).toHaveText(node!.deviceId);
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: EARNING_WITHIN_MS });
      await expect(page.getByTestId('verified')).not.toHaveText('0 IO', { timeout: 60_000 });
    });
  });

  test('Pause stops earning and says why; Auto resumes', async () => {
    await logged(async () => {
      const pause = page.getByRole('button', { name: 'Pause', exact: true });
      const auto = page.getByRole('button', { name: 'Auto', exact: true });
      await pause.click();
      await expect(page.locator('#headline')).toHaveText(/^Not earning: paused/i, { timeout: 30_000 });
      await expect(pause).toHaveAttribute('aria-pressed', 'true');
      expect((await cliStatus(node!.dataDir)).governor.mode.kind).toBe('paused');
      await auto.click();
      await expect(auto).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: 30_000 });
      expect((await cliStatus(node!.dataDir)).governor.mode.kind).toBe('auto');
    });
  });

  test('without the printed token the page asks for the URL and shows no data', async () => {
    await logged(async () => {
      const bare = await context.newPage();
      try {
        await bare.goto(`${node!.origin}/`);
        await expect(bare.getByRole('heading', { level: 1 })).toHaveText(
          /^Open the dashboard from the URL that io-provider run printed/,
        );
        await expect(bare.locator('body')).not.toContainText(node!.deviceId);
        await expect(bare.locator('body')).not.toContainText(' IO');
      } finally {
        await bare.close();
      }
    });
  });
});
