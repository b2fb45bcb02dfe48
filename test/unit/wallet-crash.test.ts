// kill -9 of a process running the wallet service in the middle of a stake and of a claim: after the
// journal write and before the send, and after it. A restarted service settles its journal with the
// chain and the coordinator: the IO moved exactly once, chain balances equal the ledger.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { WalletJournal } from '../../main/wallet/wallet-journal.js';
import { IO, ioAccount, ioIn, PASSPHRASE, startBed, walletService, type Bed } from './wallet-fixture.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Runs the child until it kills itself at `point`; answers the signal it died of. */
function runChild(bed: Bed, op: 'stake' | 'claim', point: string): Promise<string | null> {
  const script = fileURLToPath(new URL('./wallet-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, bed.dataDir, bed.net.coordinatorUrl, op],
    {
      env: { ...process.env, IO_PROVIDER_WALLET_CRASH_AT: point },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? resolve(signal) : reject(new Error(`child exited ${code}: ${output}`)),
    );
  });
}

/** A bed with an in-app wallet holding 1000 IO, its service stopped (the child takes over the folder). */
async function fundedBed(): Promise<{ bed: Bed; address: string }> {
  const bed = await startBed();
  cleanups.push(() => bed.stop());
  const wallet = walletService(bed);
  const stop = await wallet.start();
  const { wallet: made } = await wallet.create(12, PASSPHRASE);
  await wallet.faucet();
  stop();
  return { bed, address: made.address! };
}

async function restarted(bed: Bed) {
  const wallet = walletService(bed);
  cleanups.push(await wallet.start());
  return wallet;
}

describe('wallet crash safety (kill -9)', () => {
  it.each([['stake-journaled'], ['stake-sent']])(
    'a stake killed at %s lands exactly once after a restart',
    { timeout: 60_000 },
    async (point) => {
      const { bed, address } = await fundedBed();
      expect(await runChild(bed, 'stake', point)).toBe('SIGKILL');
      // What the killed process left: the signed bytes journaled as sent, before anything else.
      const journal = new WalletJournal(bed.dataDir);
      const [sent] = journal.signingIn(['sent']);
      journal.close();
      expect(sent?.wire).not.toBeNull();
      const status = await bed.connection.getSignatureStatus(sent!.request.signature!, {
        searchTransactionHistory: true,
      });
      expect(status.value === null).toBe(point === 'stake-journaled'); // journaled before the send, or sent

      const wallet = await restarted(bed);
      expect(wallet.journal.signing(sent!.requestId)?.request.state).toBe('confirmed');
      const stake = await wallet.staking.view();
      expect(await ioIn(bed.connection, stake.stake.vault!)).toBe(100n * IO);
      expect(await ioIn(bed.connection, ioAccount(bed, address))).toBe(900n * IO);
      expect(stake.stake.staked).toBe(String(100n * IO));
      // Reconciling again changes nothing: the same bytes are never sent as a second transfer.
      await wallet.reconcile();
      expect(await ioIn(bed.connection, stake.stake.vault!)).toBe(100n * IO);
    },
  );

  it.each([['claim-journaled'], ['claim-answered']])(
    'a claim killed at %s pays exactly once after a restart',
    { timeout: 60_000 },
    async (point) => {
      const { bed, address } = await fundedBed();
      await bed.device.heartbeat();
      await bed.net.coordinator.enqueue(Array.from({ length: 3 }, () => canaryJob(0)));
      let credited = 0n;
      for (const job of (await bed.device.lease(3)).body.jobs)
        credited += BigInt((await bed.device.submit(job)).body.credited);
      const treasuryBefore = await ioIn(bed.connection, bed.net.chain.treasury);
      const walletBefore = await ioIn(bed.connection, ioAccount(bed, address));

      expect(await runChild(bed, 'claim', point)).toBe('SIGKILL');
      const journal = new WalletJournal(bed.dataDir);
      const open = journal.openClaims();
      journal.close();
      expect(open).toHaveLength(1); // the claim id, journaled before the coordinator heard it
      const paidBefore = (await walletService(bed).o.client.payouts()).payouts.length;
      // Killed before asking, or after the coordinator paid but before this node recorded it.
      expect(paidBefore).toBe(point === 'claim-journaled' ? 0 : 1);

      const wallet = await restarted(bed);
      const view = await wallet.payouts.view();
      expect(view).toMatchObject({ claimable: '0', inFlight: null });
      expect(view.payouts).toHaveLength(1);
      expect(view.payouts[0]).toMatchObject({ state: 'paid', amount: String(credited) });
      expect(await ioIn(bed.connection, ioAccount(bed, address))).toBe(walletBefore + credited);
      expect(await ioIn(bed.connection, bed.net.chain.treasury)).toBe(treasuryBefore - credited);
      const ledgerPaid = (await wallet.o.client.ledger()).entries
        .filter((e) => e.state === 'paid')
        .reduce((sum, e) => sum + BigInt(e.amount), 0n);
      expect(ledgerPaid).toBe(credited);
      await expect(wallet.payouts.claim()).rejects.toThrow('nothing to claim');
    },
  );
});
