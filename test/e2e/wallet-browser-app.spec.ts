// The browser-wallet flow against a real `io-provider run` on the embedded sandbox network, in Debian's
// Chromium: the node's API opens a connect link, the node's own loopback page lists the Wallet
// Standard test wallet injected into the browser (support/test-standard-wallet.ts), connecting proves
// its key and the node then reports a browser wallet with that address (and says so on its event
// socket). The wallet is funded from the sandbox faucet, stakes on this device through the page (the
// request shown decoded, signed in the wallet, sent by the node, confirmed) and claims the node's
// verified earnings; every balance is read on chain with web3.js, not from the node. A forged
// hand-back, a replayed one, another request's signature and a spent connect link are refused and
// nothing moves on chain.
import { rmSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page, type Request } from '@playwright/test';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, PublicKey } from '@solana/web3.js';
import WebSocket from 'ws';
import type { NodeState } from '../../common/dashboard-api.js';
import type { NetworkInfo } from '../../common/network-api.js';
import type { PayoutsView, SigningRequest, StakingView, WalletState } from '../../common/wallet-api.js';
import {
  callNode,
  freshDataDir,
  startNode,
  stopNode,
  withNodeLogs,
  type NodeProcess,
} from './support/node-process.js';
import {
  installTestWallet,
  setWalletMode,
  testWalletKeys,
  type TestWalletKeys,
} from './support/test-standard-wallet.js';

const IO = 1_000_000_000n; // base units per IO (9 decimals)
const STAKE_IO = 200n;

let node: NodeProcess | undefined;
let dataDir = '';
let keys: TestWalletKeys;
let context: BrowserContext;
let page: Page;
let events: WebSocket | undefined;
const seen: { type: string; wallet?: WalletState; request?: SigningRequest }[] = [];
let connectLink = '';
let chain: Connection;
let ioMint: PublicKey;
let ioAccount: PublicKey; // the browser wallet's associated IO account, derived here
let goodHandBack: Request; // the page's accepted /wallet-bridge/signed call for the stake

const logged = <T>(fn: () => Promise<T>) => withNodeLogs(() => node, fn);
const call = <T>(name: string, input: unknown = {}) => callNode<T>(node!, name, input);
const wallet = () => call<WalletState>('getWallet');
const state = () => call<NodeState>('getState');

/** The IO a token account holds on chain (0 when it does not exist yet). */
async function ioOnChain(account: PublicKey): Promise<bigint> {
  const info = await chain.getAccountInfo(account, 'confirmed');
  if (!info) return 0n;
  return BigInt((await chain.getTokenAccountBalance(account, 'confirmed')).value.amount);
}
const signaturesOf = async (address: PublicKey) =>
  (await chain.getSignaturesForAddress(address, { limit: 100 }, 'confirmed')).map((s) => s.signature);

/** Waits for the node's event socket to have carried a matching event. */
async function eventSeen(match: (e: (typeof seen)[number]) => boolean, timeout = 10_000) {
  await expect.poll(() => seen.some(match), { timeout }).toBe(true);
}

/** Posts to the bridge from the page's own origin, with the headers a captured hand-back carried. */
const postFromPage = (p: Page, path: string, body: string, authorization?: string) =>
  p.evaluate(
    async ({ path, body, authorization }) => {
      const r = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      return { status: r.status, ...((await r.json()) as { error?: string; message?: string }) };
    },
    { path, body, authorization },
  );

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.describe('a browser wallet on a real `io-provider run`: connect, stake, claim', () => {
  test.beforeAll(async ({ browser }) => {
    dataDir = freshDataDir();
    node = await startNode({ dataDir });
    await callNode(node, 'updateSettings', { onboarded: true });
    events = new WebSocket(`ws://127.0.0.1:${node.port}/api/events?token=${node.token}`);
    events.on('message', (data) => seen.push(JSON.parse(String(data)) as (typeof seen)[number]));
    await new Promise((resolve, reject) => {
      events!.once('open', resolve);
      events!.once('error', reject);
    });
    keys = testWalletKeys('IO Test Wallet');
    context = await browser.newContext();
    await installTestWallet(context, keys);
  });

  test.afterAll(async () => {
    events?.close();
    await context?.close();
    if (!node) return;
    const exited = await stopNode(node);
    rmSync(dataDir, { recursive: true, force: true });
    expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
  });

  test('connect: the link from the API, the test wallet picked on the page, the node reports it', async () => {
    await logged(async () => {
      expect((await wallet()).kind).toBe('none');
      const { url, expiresAt } = await call<{ url: string; expiresAt: number }>('connectBrowserWallet');
      expect(url.startsWith(`${node!.origin}/wallet-connect/#`)).toBe(true);
      expect(expiresAt).toBeGreaterThan(Date.now());
      connectLink = url;

      page = await context.newPage();
      await page.goto(url);
      expect(page.url(), 'the one-time code leaves the address bar').toBe(`${node!.origin}/wallet-connect/`);
      await page.getByTestId('wallet').filter({ hasText: keys.name }).click();
      await expect(page.getByTestId('status')).toContainText(`Connected: ${keys.address}`);

      expect(await wallet()).toMatchObject({ kind: 'browser', address: keys.address, canSign: true });
      await eventSeen(
        (e) => e.type === 'wallet' && e.wallet?.kind === 'browser' && e.wallet.address === keys.address,
      );
      expect(
        await page.evaluate(
          () => (window as unknown as { __testWallet: { signed: string[] } }).__testWallet.signed,
        ),
        'the wallet signed the challenge message only',
      ).toEqual(['message']);
    });
  });

  test('fund: the sandbox faucet pays SOL and IO to the browser wallet, read on chain', async () => {
    await logged(async () => {
      // The chain and mint as the network announces them, not as the node's wallet reports them.
      const network = (await (
        await fetch(`${(await state()).network.url}/v1/network`)
      ).json()) as NetworkInfo;
      expect(network.rpcUrl, 'the sandbox announces its chain').toBeTruthy();
      chain = new Connection(network.rpcUrl!, 'confirmed');
      ioMint = new PublicKey(network.ioMint!);
      const owner = new PublicKey(keys.address);
      ioAccount = getAssociatedTokenAddressSync(ioMint, owner);
      expect(await chain.getBalance(owner, 'confirmed')).toBe(0);
      expect(await ioOnChain(ioAccount)).toBe(0n);

      const { signature } = await call<{ signature: string }>('sandboxFaucet');
      await expect.poll(() => ioOnChain(ioAccount), { timeout: 30_000 }).toBeGreaterThan(0n);
      expect(await ioOnChain(ioAccount)).toBe(1000n * IO);
      expect(await chain.getBalance(owner, 'confirmed')).toBe(2_000_000_000);
      expect(await signaturesOf(owner)).toContain(signature);
      // The node pinned the same chain once it used it.
      expect((await wallet()).pins).toMatchObject({ rpcUrl: network.rpcUrl, ioMint: network.ioMint });
    });
  });

  test('stake: prepared by the node, shown decoded on the page, signed in the wallet, confirmed on chain', async () => {
    await logged(async () => {
      // A vault opens only for a registered device.
      await expect
        .poll(async () => (await state()).device.status, { timeout: 120_000, intervals: [2000] })
        .toBe('verified');
      const walletBefore = await ioOnChain(ioAccount);

      const request = await call<SigningRequest>('prepareStake', { amount: String(STAKE_IO) });
      expect(request).toMatchObject({ kind: 'stake', state: 'pending', feePayer: keys.address });
      const staking = await call<StakingView>('getStaking');
      expect(staking.originalWallet ?? staking.stake.wallet).toBe(keys.address);
      const vault = new PublicKey(staking.stake.vault!);
      const vaultBefore = await ioOnChain(vault);

      const confirmed = call<SigningRequest>('confirmSigning', { requestId: request.requestId });
      confirmed.catch(() => undefined); // awaited below
      const card = page.locator(`[data-request-id="${request.requestId}"]`);
      await expect(card.getByTestId('request-title')).toHaveText(request.title);
      await expect(card.getByTestId('request-title')).toHaveText(`Stake ${STAKE_IO} IO on this device`);
      for (const ix of request.instructions)
        await expect(card.getByTestId('request-instructions')).toContainText(ix.description);
      await expect(card.getByTestId('request-fee')).toContainText(keys.address);
      for (const rule of request.rules) await expect(card.getByTestId('request-rules')).toContainText(rule);

      const handBack = page.waitForRequest((r) => r.url().endsWith('/wallet-bridge/signed'));
      await card.getByRole('button', { name: /Review and sign/ }).click();
      goodHandBack = await handBack;
      await expect(card.getByTestId('request-status')).toHaveText('Signed: the app sends it now.');

      const done = await confirmed;
      expect(done.state, done.reason).toBe('confirmed');
      await eventSeen(
        (e) =>
          e.type === 'signing' &&
          e.request?.requestId === request.requestId &&
          e.request.state === 'confirmed',
      );
      expect(
        await page.evaluate(
          () => (window as unknown as { __testWallet: { signed: string[] } }).__testWallet.signed,
        ),
      ).toEqual(['message', 'transaction']);

      // On chain: the transaction by the wallet's signature, the wallet's IO down, the vault's up, by exactly the amount.
      const tx = await chain.getTransaction(done.signature!, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      });
      expect(tx?.meta?.err).toBeNull();
      expect(tx!.transaction.message.getAccountKeys().get(0)!.toBase58(), 'the wallet paid the fee').toBe(
        keys.address,
      );
      expect(await ioOnChain(ioAccount)).toBe(walletBefore - STAKE_IO * IO);
      expect(await ioOnChain(vault)).toBe(vaultBefore + STAKE_IO * IO);
      const after = await call<StakingView>('getStaking');
      expect(after.stake.vault).toBe(vault.toBase58());
      expect(BigInt(after.stake.balance)).toBe(vaultBefore + STAKE_IO * IO);
      expect(after.stake.wallet).toBe(keys.address);
    });
  });

  test('claim: the verified earnings are paid to the browser wallet, read on chain', async () => {
    await logged(async () => {
      let view = await call<PayoutsView>('getPayouts');
      await expect
        .poll(
          async () => {
            view = await call<PayoutsView>('getPayouts');
            return BigInt(view.claimable) >= BigInt(view.minPayout) && BigInt(view.claimable) > 0n;
          },
          { timeout: 120_000, intervals: [2000], message: 'verified earnings reach the payout minimum' },
        )
        .toBe(true);
      const before = await ioOnChain(ioAccount);
      const claimed = await call<PayoutsView>('claim');
      expect(claimed.payouts).toHaveLength(1);
      const payout = claimed.payouts[0]!;
      expect(payout).toMatchObject({ wallet: keys.address, tokenAccount: ioAccount.toBase58() });
      expect(BigInt(payout.amount)).toBeGreaterThanOrEqual(BigInt(view.claimable));

      await expect
        .poll(async () => (await call<PayoutsView>('getPayouts')).payouts[0]?.state, { timeout: 60_000 })
        .toBe('paid');
      expect(await ioOnChain(ioAccount)).toBe(before + BigInt(payout.amount));
      const tx = await chain.getTransaction(payout.signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      });
      expect(tx?.meta?.err).toBeNull();
    });
  });

  test('a forged hand-back, a replayed one and another request’s signature are refused; nothing is sent', async () => {
    await logged(async () => {
      const owner = new PublicKey(keys.address);
      const ioBefore = await ioOnChain(ioAccount);
      const solBefore = await chain.getBalance(owner, 'confirmed');
      const sigsBefore = await signaturesOf(owner);
      const { stake } = await call<StakingView>('getStaking');
      const vaultBefore = await ioOnChain(new PublicKey(stake.vault!));

      const request = await call<SigningRequest>('prepareStake', { amount: '1' });
      const confirmed = call<SigningRequest>('confirmSigning', { requestId: request.requestId });
      confirmed.catch(() => undefined);
      const card = page.locator(`[data-request-id="${request.requestId}"]`);
      await expect(card.getByTestId('request-title')).toHaveText('Stake 1 IO on this device');

      // The wallet signs with another key: the node refuses the answer, the request keeps waiting.
      await setWalletMode(page, 'forger');
      const forgedCall = page.waitForResponse((r) => r.url().endsWith('/wallet-bridge/signed'));
      await card.getByRole('button', { name: /Review and sign/ }).click();
      const forged = await forgedCall;
      expect(forged.status()).toBe(401);
      expect(await forged.json()).toMatchObject({ error: 'bad-signature' });
      await expect(card.getByTestId('request-status')).toContainText('does not verify for this transaction');
      await setWalletMode(page, 'honest');
      await eventSeen(
        (e) =>
          e.type === 'signing' && e.request?.requestId === request.requestId && e.request.state === 'signing',
      );

      // The stake's accepted hand-back posted again: already answered.
      const auth = goodHandBack.headers().authorization!;
      expect(await postFromPage(page, '/wallet-bridge/signed', goodHandBack.postData()!, auth)).toMatchObject(
        {
          status: 409,
          error: 'already-answered',
        },
      );
      // The stake's valid signature handed back for this request: it does not verify over these bytes.
      const { signature } = JSON.parse(goodHandBack.postData()!) as { signature: string };
      expect(
        await postFromPage(
          page,
          '/wallet-bridge/signed',
          JSON.stringify({ requestId: request.requestId, signature }),
          auth,
        ),
      ).toMatchObject({ status: 401, error: 'bad-signature' });
      // Without the page's session secret, nothing is taken at all.
      expect(
        await postFromPage(
          page,
          '/wallet-bridge/signed',
          JSON.stringify({ requestId: request.requestId, signature }),
        ),
      ).toMatchObject({ status: 401, error: 'disconnected' });

      // The owner refuses on the page: the request fails and nothing was sent.
      await card.getByRole('button', { name: 'Refuse' }).click();
      const done = await confirmed;
      expect(done.state).toBe('failed');
      expect(done.reason).toContain('nothing was sent');
      expect(done.signature).toBeNull();
      expect(await ioOnChain(ioAccount)).toBe(ioBefore);
      expect(await chain.getBalance(owner, 'confirmed')).toBe(solBefore);
      expect(await signaturesOf(owner)).toEqual(sigsBefore);
      expect(await ioOnChain(new PublicKey(stake.vault!))).toBe(vaultBefore);
      expect(
        await page.evaluate(
          () => (window as unknown as { __testWallet: { signed: string[] } }).__testWallet.signed,
        ),
        'only the forger signature was made for this request',
      ).toEqual(['message', 'transaction', 'transaction']);
    });
  });

  test('a spent connect link and a forged connect are refused; the connected wallet stays', async () => {
    await logged(async () => {
      const reused = await context.newPage();
      await reused.goto(connectLink);
      await reused.getByTestId('wallet').click();
      await expect(reused.getByTestId('status')).toContainText(
        'Not connected: this connect link is not valid',
      );

      const { url } = await call<{ url: string }>('connectBrowserWallet');
      const forged = await context.newPage();
      await forged.goto(url);
      await setWalletMode(forged, 'forger');
      await forged.getByTestId('wallet').click();
      await expect(forged.getByTestId('status')).toContainText(
        'Not connected: the signature does not verify',
      );

      expect(await wallet()).toMatchObject({ kind: 'browser', address: keys.address, canSign: true });
      const reported = seen
        .filter((e) => e.type === 'wallet' && e.wallet?.address)
        .map((e) => e.wallet!.address);
      expect(new Set(reported), 'no other address was ever reported').toEqual(new Set([keys.address]));
      // The first page is still the connected one.
      await expect(page.getByTestId('status')).toContainText(`Connected: ${keys.address}`);
      await reused.close();
      await forged.close();
    });
  });
});
