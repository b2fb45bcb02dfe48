// The wallet service against the real sandbox network and local chain: create -> faucet -> stake ->
// cluster-ready -> unstake -> cooldown -> withdraw, balances read on chain at each step; a claim that
// moves exactly the payout from the treasury to the wallet (the fee stays withheld), paid once per
// claim id; the signer policy on the bytes about to be signed; watch-only cannot sign.
import { PublicKey } from '@solana/web3.js';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryJob } from '../../coordinator/workload/generator.js';
import type { WalletService } from '../../main/wallet/wallet-service.js';
import {
  COOLDOWN_MS,
  IO,
  ioAccount,
  ioIn,
  startBed,
  tempDir,
  walletService,
  type Bed,
} from './wallet-fixture.js';
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setUp(): Promise<{ bed: Bed; wallet: WalletService }> {
  const bed = await startBed();
  cleanups.push(() => bed.stop());
  const wallet = walletService(bed);
  cleanups.push(await wallet.start());
  return { bed, wallet };
}

describe('wallet service on the sandbox', () => {
  it(
    'create, faucet, stake to cluster-ready, unstake, cooldown, withdraw to the original wallet',
    { timeout: 60_000 },
    async () => {
      const { bed, wallet } = await setUp();
      const events: string[] = [];
      wallet.onEvent((e) => events.push(e.type === 'signing' ? `signing:${e.request.state}` : 'wallet'));
      expect(wallet.state()).toMatchObject({ kind: 'none', address: null, canSign: false });

      const { wallet: made } = await wallet.create(12, 'correct horse battery');
      expect(made).toMatchObject({ kind: 'in-app', locked: false, canSign: true, origin: 'created' });
      const address = made.address!;
      await wallet.faucet();
      expect(wallet.state().pins).toMatchObject({
        cluster: 'sandbox',
        ioMint: bed.net.chain.ioMint,
        explorerPattern: null,
      });
      expect(wallet.state().pins.programs.memo).toBe('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
      expect(await wallet.balances()).toMatchObject({ lamports: String(2n * IO), io: String(1000n * IO) });

      // Stake 250 IO (minimum 200 for an rtx-3060): the first stake opens the vault for this wallet.
      expect((await wallet.staking.view()).stake).toMatchObject({ wallet: null, minimum: String(200n * IO) });
      const request = await wallet.staking.prepareStake('250');
      expect(request).toMatchObject({
        kind: 'stake',
        state: 'pending',
        title: 'Stake 250 IO on this device',
        feePayer: address,
        feeLamports: '5000',
      });
      expect(request.instructions.map((i) => i.description)).toEqual([
        "Send 250 IO from your IO account to this device's stake vault",
        `Note "io-stake:${bed.identity.deviceId}"`,
      ]);
      expect(request.rules.join(' ')).toMatch(/cooldown of 2 min|cooldown of 1 min/);
      expect(request.rules.join(' ')).toContain(`Withdrawals go only to ${address}`);
      const staked = await wallet.signing.confirm(request.requestId);
      expect(staked).toMatchObject({ state: 'confirmed' });
      const view = await wallet.staking.view();
      const vault = view.stake.vault!;
      expect(await ioIn(bed.connection, ioAccount(bed, address))).toBe(750n * IO);
      expect(await ioIn(bed.connection, vault)).toBe(250n * IO);
      expect(view).toMatchObject({ shortfall: '0', originalWallet: address });
      expect(view.stake.staked).toBe(String(250n * IO));
      expect((await bed.device.heartbeat()).body.status).toBe('cluster-ready');
      expect((await wallet.balances()).lamports).toBe(String(2n * IO - 5000n));

      // Unstake 100: no wallet signature, the stake drops below the minimum at once.
      const unstaking = await wallet.staking.unstake('100');
      expect(unstaking.stake).toMatchObject({ unstaking: String(100n * IO), staked: String(150n * IO) });
      expect((await bed.device.heartbeat()).body.status).toBe('verified');
      const requestId = unstaking.stake.unstakes[0]!.requestId;
      await expect(wallet.staking.prepareWithdraw(requestId)).rejects.toThrow(
        /the cooldown of this unstake ends at .*co-signs the withdraw only then/,
      );
      await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 200));
      const withdraw = await wallet.staking.prepareWithdraw(requestId);
      expect(withdraw.feePayer).toBe(bed.net.chain.authority.publicKey.toBase58());
      expect(withdraw.rules.join(' ')).toContain(`goes only to ${address}`);
      expect(await wallet.signing.confirm(withdraw.requestId)).toMatchObject({ state: 'confirmed' });
      expect(await ioIn(bed.connection, ioAccount(bed, address))).toBe(850n * IO);
      expect(await ioIn(bed.connection, vault)).toBe(150n * IO);
      // The network paid the withdraw's fee: the wallet's SOL did not move.
      expect((await wallet.balances()).lamports).toBe(String(2n * IO - 5000n));
      const after = await wallet.staking.view();
      expect(after.stake.unstakes[0]).toMatchObject({ state: 'released' });

      const history = await wallet.history(10);
      // 'other': the network opening the vault (the wallet is a multisig signer there; nothing moved).
      expect(history.map((h) => h.kind)).toEqual(['withdraw', 'stake', 'other', 'faucet']);
      expect(history[0]).toMatchObject({ ioChange: String(100n * IO), lamportsChange: '0' });
      expect(history[1]).toMatchObject({ ioChange: String(-250n * IO), lamportsChange: '-5000' });
      expect(events).toContain('signing:confirmed');
    },
  );

  it(
    'claims exactly the payout from the treasury, the fee withheld, and pays a claim id once',
    { timeout: 60_000 },
    async () => {
      const { bed, wallet } = await setUp();
      await bed.device.heartbeat();
      await bed.net.coordinator.enqueue(Array.from({ length: 4 }, () => canaryJob(0)));
      const { body } = await bed.device.lease(4);
      let credited = 0n;
      for (const job of body.jobs) credited += BigInt((await bed.device.submit(job)).body.credited);
      expect(credited).toBeGreaterThan(0n);

      // A watch-only address receives payouts: no signature is needed.
      const owner = loadOrCreateDeviceIdentity(tempDir()).deviceId; // any ed25519 address
      wallet.watch(owner);
      const before = await wallet.payouts.view();
      expect(before.claimable).toBe(String(credited));
      expect(before.feeBps).toBe(250);
      expect(before.minPayout).toBe('100');
      // The fee was withheld at credit time: gross - fee = the claimable amount, fee = 2.5 % of gross (floored per entry).
      expect(BigInt(before.claimableGross) - BigInt(before.claimableFee)).toBe(credited);
      expect(BigInt(before.claimableFee)).toBeGreaterThan(0n);
      expect(BigInt(before.claimableFee)).toBeLessThanOrEqual(
        (BigInt(before.claimableGross) * 250n) / 10_000n,
      );

      const treasury = bed.net.chain.treasury;
      const treasuryBefore = await ioIn(bed.connection, treasury);
      const paid = await wallet.payouts.claim();
      const payout = paid.payouts.at(-1)!;
      expect(payout).toMatchObject({ state: 'paid', amount: String(credited), wallet: owner });
      expect(await ioIn(bed.connection, ioAccount(bed, owner))).toBe(credited);
      expect(await ioIn(bed.connection, treasury)).toBe(treasuryBefore - credited);
      expect(paid).toMatchObject({ claimable: '0', inFlight: null });

      // The same claim id asked again answers the same payout and moves nothing.
      const again = await wallet.o.client.claimPayout(payout.claimId, owner);
      expect(again).toEqual(payout);
      expect(await ioIn(bed.connection, ioAccount(bed, owner))).toBe(credited);
      expect(await ioIn(bed.connection, treasury)).toBe(treasuryBefore - credited);
      await expect(wallet.payouts.claim()).rejects.toThrow(
        'nothing to claim: no verified earnings are waiting',
      );

      // Watch-only cannot sign anything.
      await expect(wallet.staking.prepareStake('1')).rejects.toThrow('watch-only: this address cannot sign');
      await expect(wallet.prepareTransfer(new PublicKey(treasury).toBase58(), 'SOL', '1')).rejects.toThrow(
        'watch-only: this address cannot sign',
      );
      expect(() => wallet.signer()).toThrow('watch-only: this address cannot sign');
    },
  );

  it(
    'runs the policy on the exact bytes right before signing: swapped bytes are refused and nothing is signed',
    { timeout: 60_000 },
    async () => {
      const { bed, wallet } = await setUp();
      const { wallet: made } = await wallet.create(12, 'correct horse battery');
      await wallet.faucet();
      const stranger = loadOrCreateDeviceIdentity(tempDir()).deviceId;
      const good = await wallet.prepareTransfer(stranger, 'IO', '5');
      expect(good.instructions.map((i) => i.programName)).toEqual(['associated-token', 'token']);
      // Another request's bytes (a transfer to someone else) slipped under this request's id, as a
      // tampered journal or a bug would: the signer's policy check refuses them.
      const other = await wallet.prepareTransfer(loadOrCreateDeviceIdentity(tempDir()).deviceId, 'IO', '5');
      const db = wallet.journal.db;
      const swapped = db.prepare('SELECT message FROM signing WHERE request_id = ?').get(other.requestId) as {
        message: string;
      };
      db.prepare('UPDATE signing SET message = ? WHERE request_id = ?').run(swapped.message, good.requestId);
      const refused = await wallet.signing.confirm(good.requestId);
      expect(refused.state).toBe('failed');
      expect(refused.reason).toMatch(
        /^Refused to sign this transfer: instruction 1, the destination's IO account creation, for .* not .*\.$/,
      );
      expect(refused.signature).toBeNull();
      expect(await ioIn(bed.connection, ioAccount(bed, made.address!))).toBe(1000n * IO);

      // Locked: confirm refuses with a sentence and the request stays pending; unlocked it goes through.
      wallet.lock();
      await expect(wallet.signing.confirm(other.requestId)).rejects.toThrow(
        'the wallet is locked: unlock it with its passphrase first',
      );
      await expect(wallet.unlock('wrong passphrase')).rejects.toThrow(/wrong passphrase/);
      await wallet.unlock('correct horse battery');
      expect(await wallet.signing.confirm(other.requestId)).toMatchObject({ state: 'confirmed' });
      expect(await ioIn(bed.connection, ioAccount(bed, made.address!))).toBe(995n * IO);
      // A second confirm answers the outcome; it never signs or sends twice.
      expect(await wallet.signing.confirm(other.requestId)).toMatchObject({ state: 'confirmed' });
      expect(await ioIn(bed.connection, ioAccount(bed, made.address!))).toBe(995n * IO);
    },
  );
});
