// A wallet the owner already has connects through the node's loopback page, in a real Chromium: the
// Wallet Standard test wallet (support/test-standard-wallet.ts) is injected as Phantom would be, the
// page is the built dist/wallet-connect served by the real dashboard server with the browser-wallet
// port's routes mounted, and the port is the real one. Shown: the wallet is listed, connecting
// proves the key and the node reports the address; a signing request appears decoded and its
// signature verifies; forged hand-backs, a replayed link or request id, and an expired link are
// refused and change nothing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { ProviderApi } from '../../common/dashboard-api.js';
import { verifyDeviceSignature } from '../../common/node/ed25519.js';
import { startDashboardServer, type DashboardServer } from '../../main/dashboard/dashboard-server.js';
import { createBrowserWallet, type BrowserWallet } from '../../main/wallet/browser/browser-wallet.js';
import { SignerRefusedError } from '../../main/wallet/signer.js';
import { messageOf, signingRequest, transferTx } from '../unit/wallet-browser-fixture.js';
import { PublicKey } from '@solana/web3.js';
import {
  installTestWallet,
  setWalletMode,
  testWalletKeys,
  type TestWalletKeys,
} from './support/test-standard-wallet.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/wallet-connect/', import.meta.url));

let server: DashboardServer;
let wallet: BrowserWallet;
let keys: TestWalletKeys;
let context: BrowserContext;
let page: Page;
let skew = 0; // moves the port's clock forward to expire a link
const connected: string[] = [];
let firstLink = '';

async function openPage(ctx: BrowserContext, url: string): Promise<Page> {
  const p = await ctx.newPage();
  await p.goto(url);
  await expect(p.getByTestId('wallet')).toHaveText(keys.name);
  return p;
}

const nextRequest = (id: string) => {
  const message = messageOf(transferTx(new PublicKey(keys.address), 5000));
  const result = wallet.signer()!.signMessage(message, signingRequest(id));
  result.catch(() => undefined); // awaited by the test; no unhandled rejection meanwhile
  return { message, result };
};

test.describe.configure({ mode: 'serial' });

test.describe('a browser wallet connected through the loopback page', () => {
  test.beforeAll(async ({ browser }) => {
    expect(existsSync(`${PAGE_DIR}/page.js`), 'run `npm run build` first').toBe(true);
    let origin = '';
    wallet = createBrowserWallet({ origin: () => origin, now: () => Date.now() + skew, staticDir: PAGE_DIR });
    wallet.onConnected((address) => connected.push(address));
    server = await startDashboardServer({
      api: {} as ProviderApi, // this spec drives only the wallet routes
      onEvent: () => () => undefined,
      publicRoutes: wallet.routes,
    });
    origin = server.origin;
    keys = testWalletKeys();
    context = await browser.newContext();
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
    });
    await installTestWallet(context, keys);
  });
  test.afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  test('the test wallet is listed, connecting proves its key and the node reports the address', async () => {
    const { url } = wallet.open();
    firstLink = url;
    expect(url).toMatch(new RegExp(`^${server.origin}/wallet-connect/#`));
    page = await openPage(context, url);
    expect(page.url(), 'the one-time code leaves the address bar').toBe(`${server.origin}/wallet-connect/`);
    await page.getByTestId('wallet').click();
    await expect(page.getByTestId('status')).toContainText(`Connected: ${keys.address}`);
    expect(connected).toEqual([keys.address]);
    expect(wallet.signer()).toMatchObject({ kind: 'browser', address: keys.address });
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(csp, 'the page runs under its strict CSP without violations').toEqual([]);
  });

  test('a signing request is shown decoded, signed in the wallet, and its signature verifies', async () => {
    const { message, result } = nextRequest('stake-1');
    const card = page.locator('[data-request-id="stake-1"]');
    await expect(card.getByTestId('request-title')).toHaveText('Stake 200 IO on this device');
    await expect(card.getByTestId('request-instructions')).toContainText(
      'Send 200 IO from your IO account to the stake vault of this device (200 IO)',
    );
    await expect(card.getByTestId('request-fee')).toContainText('Network fee: 0.000005 SOL');
    await expect(card.getByTestId('request-rules')).toContainText('Unstaking takes 14 days');
    await card.getByRole('button', { name: /Review and sign/ }).click();
    const signature = await result;
    expect(verifyDeviceSignature(keys.address, message, signature)).toBe(true);
    await expect(card.getByTestId('request-status')).toHaveText('Signed: the app sends it now.');
  });

  test('a forged signature is refused and the request still waits; a replayed request id is refused', async () => {
    const { message, result } = nextRequest('stake-2');
    const card = page.locator('[data-request-id="stake-2"]');
    await setWalletMode(page, 'forger');
    const sent = page.waitForRequest((r) => r.url().endsWith('/wallet-bridge/signed'));
    await card.getByRole('button', { name: /Review and sign/ }).click();
    await expect(card.getByTestId('request-status')).toContainText('does not verify for this transaction');
    const forged = await sent;
    await setWalletMode(page, 'honest');
    await card.getByRole('button', { name: /Review and sign/ }).click();
    expect(verifyDeviceSignature(keys.address, message, await result)).toBe(true);

    // Replays from the page's own origin with its own session: the forged answer and a good one.
    const replay = (body: string) =>
      page.evaluate(
        async ({ body, auth }) => {
          const r = await fetch('/wallet-bridge/signed', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth },
            body,
          });
          return { status: r.status, ...((await r.json()) as { error: string }) };
        },
        { body, auth: forged.headers().authorization! },
      );
    expect(await replay(forged.postData()!)).toMatchObject({ status: 409, error: 'already-answered' });
  });

  test('a refusal in the wallet fails the request with SignerRefusedError', async () => {
    const { result } = nextRequest('stake-3');
    await setWalletMode(page, 'refuse');
    await page
      .locator('[data-request-id="stake-3"]')
      .getByRole('button', { name: /Review and sign/ })
      .click();
    await expect(result).rejects.toThrow(SignerRefusedError);
    await expect(result).rejects.toThrow(/User rejected the request/);
    await setWalletMode(page, 'honest');
  });

  test('a forged connect, a replayed link and an expired link are refused and change nothing', async () => {
    const fresh = await context.newPage();
    const forgedLink = wallet.open().url;
    await fresh.goto(forgedLink);
    await setWalletMode(fresh, 'forger');
    await fresh.getByTestId('wallet').click();
    await expect(fresh.getByTestId('status')).toContainText('Not connected: the signature does not verify');
    expect(connected).toEqual([keys.address]);

    // The link that connected the first page is spent, and the forged attempt's link was replaced
    // by the next open(): both are refused.
    const replaced = wallet.open().url;
    for (const link of [firstLink, forgedLink]) {
      const used = await openPage(context, link);
      await used.getByTestId('wallet').click();
      await expect(used.getByTestId('status')).toContainText('Not connected: this connect link is not valid');
    }

    const late = await openPage(context, replaced);
    skew = 5 * 60_000 + 1000;
    await late.getByTestId('wallet').click();
    await expect(late.getByTestId('status')).toContainText('Not connected: this connect link expired at');
    skew = 0;
    expect(connected).toEqual([keys.address]);
    expect(wallet.signer()!.address).toBe(keys.address);
  });
});
