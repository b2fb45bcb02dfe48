// The wallet, staking and payout screens against a real `io-provider run` on the embedded sandbox
// network: an owner with no wallet creates one (the recovery phrase shown once, then gone), funds it
// from the sandbox faucet, stakes the shortfall through the signing dialog, unstakes with the rules
// said first and sees the cooldown count down, sees why a claim is or is not possible with the fee
// shown before confirming, locks and unlocks (a wrong passphrase is the node's sentence, the field
// kept), forgets the wallet by typing its address, and watches an address that cannot sign. Every
// state in light and dark, desktop and phone: screenshots and axe.
import { mkdirSync, rmSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { NodeState } from '../../common/dashboard-api.js';
import { Connection, PublicKey } from '@solana/web3.js';
import type { Balances, PayoutsView, StakingView, WalletState } from '../../common/wallet-api.js';
import {
  callNode,
  freshDataDir,
  startNode,
  stopNode,
  withNodeLogs,
  type NodeProcess,
} from './support/node-process.js';
import { shootWalletState, WALLET_SHOTS } from './support/wallet-shots.js';

const PASSPHRASE = 'otter lamp cactus violin';
const CONFIRMED_WITHIN_MS = 60_000;

let node: NodeProcess | undefined;
let dataDir = '';
let context: BrowserContext;
let page: Page;
let address = '';
const logged = <T>(fn: () => Promise<T>) => withNodeLogs(() => node, fn);
const wallet = () => callNode<WalletState>(node!, 'getWallet');
const nav = (p: Page) => p.getByRole('navigation', { name: 'Main' });
/** The sandbox chain the node pins, read directly: balances checked on chain, not through the node. */
const chainOf = (w: WalletState) => new Connection(w.pins.rpcUrl!, 'confirmed');
const ioOnChain = async (chain: Connection, account: string) =>
  BigInt((await chain.getTokenAccountBalance(new PublicKey(account))).value.amount);
/** Staking needs the device registered: on a fresh folder that follows the first benchmark. */
const registered = () =>
  expect
    .poll(async () => (await callNode<NodeState>(node!, 'getState')).device.status, { timeout: 180_000 })
    .not.toBeNull();

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.describe('the wallet screen of `io-provider run`', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(WALLET_SHOTS, { recursive: true });
    dataDir = freshDataDir();
    node = await startNode({ dataDir });
    // The first-run wizard is the dashboard spec's subject; here the owner has been through it.
    await callNode(node, 'updateSettings', { onboarded: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: node.origin });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    if (!node) return;
    const exited = await stopNode(node);
    rmSync(dataDir, { recursive: true, force: true });
    expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
  });

  test('no wallet: four ways to connect, explained; screenshots', async ({ browser }) => {
    await logged(async () => {
      await page.goto(node!.url);
      await nav(page).getByRole('link', { name: 'Wallet' }).click();
      await expect(page.locator('main[data-screen="wallet"]')).toBeVisible();
      const ways = page.getByRole('group', { name: 'Ways to connect a wallet' });
      for (const name of [/Create a wallet/, /Import a wallet/, /Use a browser wallet/, /Watch an address/])
        await expect(ways.getByRole('button', { name })).toBeVisible();
      // The pinned mint and programs are shown before any wallet exists.
      await expect(page.getByRole('heading', { name: 'What this app trusts' })).toBeVisible();
      expect((await wallet()).kind).toBe('none');
      await shootWalletState(browser, node!.url, 'none', async (p) => {
        await expect(p.getByRole('heading', { name: 'Connect a wallet' })).toBeVisible();
      });
    });
  });

  test('create: passphrase twice, then the phrase once, then never again', async () => {
    await logged(async () => {
      await page.getByRole('button', { name: /Create a wallet in this app/ }).click();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await expect(page.getByTestId('strength')).toHaveAttribute('data-score', '3');
      await page.getByLabel('Passphrase, again').fill(`${PASSPHRASE}!`);
      await page.getByRole('button', { name: 'Create wallet' }).click();
      await expect(page.getByText('The two passphrases differ.')).toBeVisible();
      expect((await wallet()).kind, 'nothing is sent while the form is wrong').toBe('none');

      await page.getByLabel('Passphrase, again').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Create wallet' }).click();
      const phrase = page.getByTestId('recovery-phrase').locator('li');
      await expect(phrase).toHaveCount(12);
      await expect(page.getByText('This is shown once and never again.')).toBeVisible();
      const words = await phrase.allTextContents();
      const done = page.getByRole('button', { name: /Done: hide the phrase/ });
      await expect(done).toBeDisabled();
      await page.getByLabel(/I wrote the 12 words down/).check();
      await done.click();
      await expect(page.getByTestId('recovery-phrase')).toHaveCount(0);
      // Gone from the page: not in the DOM, not in the store's state (nothing renders it again).
      expect(await page.content()).not.toContain(words.join(' '));

      const state = await wallet();
      expect(state).toMatchObject({ kind: 'in-app', locked: false, canSign: true, origin: 'created' });
      address = state.address!;
      await expect(page.getByTestId('wallet-address')).toHaveText(address);
      await expect(page.getByText('Connected: can sign')).toBeVisible();
      await page.getByRole('button', { name: 'Copy' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    });
  });

  test('sandbox faucet, then stake the shortfall through the signing dialog', async () => {
    await logged(async () => {
      await page.getByRole('button', { name: 'Get sandbox SOL and IO' }).click();
      await expect(page.getByTestId('balance-io')).not.toHaveText('0 IO', { timeout: 30_000 });
      await expect(page.getByTestId('wallet-history').locator('tr[data-kind="faucet"]')).toBeVisible({
        timeout: 30_000,
      });

      await registered();
      const before = await callNode<StakingView>(node!, 'getStaking');
      const stakeField = page.getByLabel('Amount to stake (IO)');
      expect(BigInt(before.shortfall)).toBeGreaterThan(0n);
      await expect(stakeField).not.toHaveValue('');
      await page.getByRole('button', { name: 'Stake…', exact: true }).click();

      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('instructions').locator('li').first()).toContainText('IO');
      await expect(dialog.getByText(/Network fee/)).toBeVisible();
      await expect(dialog.getByTestId('signing-expiry')).toBeVisible();
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect(dialog.getByTestId('signing-state')).toHaveAttribute('data-state', 'confirmed', {
        timeout: CONFIRMED_WITHIN_MS,
      });
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();

      const after = await callNode<StakingView>(node!, 'getStaking');
      expect(after.shortfall).toBe('0');
      const chain = await chainOf(await wallet());
      expect(await ioOnChain(chain, after.stake.vault!), 'the vault holds the stake on chain').toBe(
        BigInt(after.stake.balance),
      );
      expect(BigInt(after.stake.balance)).toBeGreaterThanOrEqual(BigInt(after.stake.minimum));
      // cluster-ready also needs 10 min of uptime on the sandbox: test/unit/wallet-flows.test.ts shows it.
      await expect(page.getByTestId('shortfall')).toContainText('The minimum is met');
      await expect(page.getByTestId('wallet-history').locator('tr[data-kind="stake"]')).toBeVisible({
        timeout: 30_000,
      });
    });
  });

  test('unstake: the rules first, then a request counting down its cooldown', async () => {
    await logged(async () => {
      const form = page.getByRole('form', { name: 'Unstake' });
      await form.getByLabel('Amount to unstake (IO)').fill('999999999');
      await form.getByRole('button', { name: 'Unstake…' }).click();
      await expect(form.getByText(/That is more than your stake/)).toBeVisible();
      await form.getByLabel('Amount to unstake (IO)').fill('1');
      await form.getByRole('button', { name: 'Unstake…' }).click();
      const rules = form.getByTestId('unstake-rules');
      await expect(rules).toContainText('stops counting as stake at once');
      await expect(rules).toContainText('cluster-ready');
      await expect(rules).toContainText('only to the wallet that staked it');
      await form.getByRole('button', { name: /^Unstake 1 IO$/ }).click();
      const request = page.getByTestId('unstakes').locator('li[data-state="cooldown"]').first();
      await expect(request.getByTestId('countdown')).toContainText('releasable in');
      const view = await callNode<StakingView>(node!, 'getStaking');
      expect(view.stake.unstakes.some((u) => u.state === 'cooldown')).toBe(true);
    });
  });

  test('payouts: net, gross and fee before confirming, then a claim that lands on chain', async () => {
    await logged(async () => {
      await expect(page.getByTestId('claimable')).toBeVisible();
      await expect(page.getByText(/Network fee \(/)).toBeVisible();
      // The node earns from the sandbox's jobs once proven; wait until what is verified can be claimed.
      await expect
        .poll(
          async () => {
            const v = await callNode<PayoutsView>(node!, 'getPayouts');
            return BigInt(v.claimable) >= BigInt(v.minPayout) && BigInt(v.claimable) > 0n;
          },
          { timeout: 240_000, intervals: [2_000] },
        )
        .toBe(true);
      const chain = await chainOf(await wallet());
      const account = (await callNode<Balances>(node!, 'getBalances')).ioAccount!;
      const before = await ioOnChain(chain, account);
      const claim = page.getByRole('button', { name: 'Claim…' });
      await expect(claim).toBeEnabled({ timeout: 70_000 }); // the panel refreshes once a minute at most
      await claim.click();
      await expect(page.getByRole('group', { name: /^Claim / })).toContainText('minus the network’s fee');
      await page.getByRole('button', { name: /^Claim \d/ }).click();
      const paid = page.getByTestId('payouts').locator('tbody tr').first();
      await expect(paid).toBeVisible({ timeout: 30_000 });
      const view = await callNode<PayoutsView>(node!, 'getPayouts');
      const payout = view.payouts.at(-1)!;
      expect(payout.state).toBe('paid');
      expect(payout.wallet).toBe(address);
      expect(await ioOnChain(chain, account), 'the payout arrived on chain, exactly').toBe(
        before + BigInt(payout.amount),
      );
      const auto = page.getByRole('form', { name: 'Auto-claim' });
      await auto.getByLabel(/Claim by itself/).check();
      await auto.getByLabel('Threshold (IO)').fill('25');
      await auto.getByRole('button', { name: 'Save auto-claim' }).click();
      await expect(auto.getByText('Saved.')).toBeVisible();
      expect((await wallet()).autoClaim).toEqual({ enabled: true, threshold: '25000000000' });
    });
  });

  test('unlocked wallet in every theme and width, with the signing dialog open', async ({ browser }) => {
    await logged(async () => {
      await shootWalletState(browser, node!.url, 'unlocked', async (p) => {
        await expect(p.getByTestId('staked')).toBeVisible();
      });
      await shootWalletState(browser, node!.url, 'signing', async (p) => {
        await p.getByLabel('Amount to stake (IO)').fill('1');
        await p.getByRole('button', { name: 'Stake…', exact: true }).click();
        await expect(p.getByRole('dialog')).toBeVisible();
        // Leave nothing pending behind the screenshot.
        await p.keyboard.press('Escape');
        await expect(p.getByRole('dialog')).toBeHidden();
        await p.getByRole('button', { name: 'Stake…', exact: true }).click();
        await expect(p.getByRole('dialog')).toBeVisible();
      });
    });
  });

  test('lock, a wrong passphrase (the node’s sentence, the field kept), unlock', async ({ browser }) => {
    await logged(async () => {
      await page.reload();
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(page.getByText('Locked', { exact: true })).toBeVisible();
      expect((await wallet()).locked).toBe(true);
      await expect(page.getByRole('button', { name: 'Stake…', exact: true })).toBeDisabled();

      const field = page.getByLabel('Passphrase', { exact: true });
      await field.fill('not the passphrase');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect(page.getByTestId('error-unlock')).toBeVisible();
      await expect(field).toHaveValue('not the passphrase');
      expect((await wallet()).locked).toBe(true);
      await shootWalletState(browser, node!.url, 'locked', async (p) => {
        await expect(p.getByRole('button', { name: 'Unlock' })).toBeVisible();
      });

      await field.fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect(page.getByText('Connected: can sign')).toBeVisible();
      expect((await wallet()).locked).toBe(false);
    });
  });

  test('forget by typing the address, then watch it: receives payouts, cannot sign', async ({ browser }) => {
    await logged(async () => {
      await page.getByText('Manage: passphrase, forget').click();
      const forget = page.getByRole('form', { name: 'Forget this wallet' });
      await expect(forget.getByRole('button', { name: 'Forget wallet' })).toBeDisabled();
      await forget.getByLabel(/Type the wallet’s address/).fill(address);
      await forget.getByRole('button', { name: 'Forget wallet' }).click();
      await expect(page.getByRole('heading', { name: 'Connect a wallet' })).toBeVisible();
      expect((await wallet()).kind).toBe('none');

      await page.getByRole('button', { name: /Watch an address/ }).click();
      const watch = page.getByRole('form', { name: 'Watch an address' });
      await watch.getByLabel('Your Solana address').fill(`${address.slice(0, -1)}0`);
      await watch.getByRole('button', { name: 'Watch this address' }).click();
      await expect(watch.getByText(/never contains 0, O, I or l/)).toBeVisible();
      await watch.getByLabel('Your Solana address').fill(address);
      await watch.getByRole('button', { name: 'Watch this address' }).click();
      await expect(page.getByText('Watch-only: cannot sign')).toBeVisible();
      expect(await wallet()).toMatchObject({ kind: 'watch-only', address, canSign: false });
      await expect(page.getByRole('button', { name: 'Stake…', exact: true })).toBeDisabled();
      await expect(page.getByText(/A watch-only address cannot sign/)).toBeVisible();
      await shootWalletState(browser, node!.url, 'watch-only', async (p) => {
        await expect(p.getByTestId('wallet-address')).toHaveText(address);
      });
    });
  });

  test('a browser wallet: the page opens and the screen waits for it', async ({ browser }) => {
    await logged(async () => {
      await page.getByText('Manage: passphrase, forget').click();
      const forget = page.getByRole('form', { name: 'Forget this wallet' });
      await forget.getByLabel(/Type the wallet’s address/).fill(address);
      await forget.getByRole('button', { name: 'Forget wallet' }).click();
      await page.getByRole('button', { name: /Use a browser wallet/ }).click();
      const [popup] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open the browser wallet page' }).click(),
      ]);
      expect(popup.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      await popup.close();
      await expect(page.getByTestId('browser-waiting')).toContainText('Waiting for your browser wallet');
      // No browser wallet extension exists in this Chromium: the approval itself is the
      // wallet-connect page's spec. The waiting state is screenshotted here.
      await shootWalletState(browser, node!.url, 'browser-waiting', async (p) => {
        await p.getByRole('button', { name: /Use a browser wallet/ }).click();
        await p.getByRole('button', { name: 'Open the browser wallet page' }).click();
        await expect(p.getByTestId('browser-waiting')).toBeVisible();
      });
    });
  });
});
