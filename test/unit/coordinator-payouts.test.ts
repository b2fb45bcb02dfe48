// Payouts over real HTTP on loopback against the real local chain: verified earnings claimed and paid
// by an SPL transfer from the treasury, idempotent by claim id (also across a crash between sending
// and recording), the minimum threshold, forged claims refused, and ledger totals equal to the chain.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCoordinator, type Coordinator } from '../../coordinator/coordinator.js';
import { startNetwork, type SandboxNetwork } from '../../coordinator/start-network.js';
import { openDatabase } from '../../coordinator/store/database.js';
import { canaryJob } from '../../coordinator/workload/generator.js';
import { snapshot, tempDir } from '../coordinator/harness.js';
import { SimDevice } from '../coordinator/sim-device.js';

let network: SandboxNetwork | undefined;
let restarted: Coordinator | undefined;
let chain: SandboxNetwork['chain'] | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await restarted?.stop();
  restarted = undefined;
  await chain?.stop();
  chain = undefined;
  await network?.stop();
  network = undefined;
});

const MIN = 100n; // base units; a 64^3 canary earns 26 on an rtx-3060

async function start(dataDir = tempDir()) {
  // Payouts are what is tested here: devices skip the proof of GPU (coordinator-proof.test.ts).
  network = await startNetwork({
    dataDir,
    params: { workload: null, minPayout: MIN, trustClaimedClass: true },
  });
  return { network, connection: new Connection(network.rpcUrl, 'confirmed') };
}

/** A device (claims trusted) that has earned `jobs` verified canaries; returns its credit. */
async function earn(net: SandboxNetwork, device: SimDevice, jobs: number): Promise<bigint> {
  await net.coordinator.enqueue(Array.from({ length: jobs }, () => canaryJob(0)));
  const { body } = await device.lease(jobs);
  expect(body.jobs).toHaveLength(jobs);
  let credited = 0n;
  for (const job of body.jobs) {
    const reply = await device.submit(job);
    expect(reply.body.outcome).toBe('accepted');
    credited += BigInt(reply.body.credited);
  }
  return credited;
}

async function readyDevice(net: SandboxNetwork) {
  const device = new SimDevice(net.coordinatorUrl);
  expect((await device.register()).body.status).toBe('verified');
  await device.heartbeat();
  return device;
}

const claim = (device: SimDevice, claimId: string, wallet: string) =>
  device.request('POST', '/v1/payouts/claim', { claimId, wallet });

async function ioBalance(connection: Connection, account: string | PublicKey): Promise<bigint> {
  const { value } = await connection.getTokenAccountBalance(new PublicKey(account));
  return BigInt(value.amount);
}

const walletAccount = (net: SandboxNetwork, wallet: PublicKey) =>
  getAssociatedTokenAddressSync(new PublicKey(net.chain.ioMint), wallet);

const paidTotal = (c: Coordinator) =>
  (c.db.prepare(`SELECT amount FROM ledger WHERE state = 'paid'`).all() as { amount: string }[]).reduce(
    (total, r) => total + BigInt(r.amount),
    0n,
  );

describe('coordinator payouts', () => {
  it(
    'pays verified earnings on chain once per claim id, and the ledger matches the chain',
    { timeout: 30_000 },
    async () => {
      const { network: net, connection } = await start();
      const treasuryBefore = await ioBalance(connection, net.chain.treasury);
      const device = await readyDevice(net);
      const credited = await earn(net, device, 5);
      expect(credited).toBeGreaterThanOrEqual(MIN);
      const wallet = Keypair.generate().publicKey;

      const first = await claim(device, 'claim-1', wallet.toBase58());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        claimId: 'claim-1',
        wallet: wallet.toBase58(),
        tokenAccount: walletAccount(net, wallet).toBase58(),
        amount: String(credited),
        state: 'paid',
        reason: '',
      });
      // The signature is the chain's: the transfer is there, succeeded, and moved exactly that much.
      const status = (await connection.getSignatureStatus(first.body.signature)).value;
      expect(status?.err).toBeNull();
      expect(await ioBalance(connection, walletAccount(net, wallet))).toBe(credited);
      expect((await device.earnings()).body).toMatchObject({
        verified: '0',
        paid: String(credited),
        jobsCredited: 5,
      });
      const entries = net.coordinator.db.prepare('SELECT state, payout_id FROM ledger').all() as any[];
      expect(entries.every((e) => e.state === 'paid' && e.payout_id === first.body.payoutId)).toBe(true);

      // The same claim id again: the same answer, no second transfer.
      const again = await claim(device, 'claim-1', wallet.toBase58());
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await ioBalance(connection, walletAccount(net, wallet))).toBe(credited);
      // ...and for another wallet it is refused rather than silently answered.
      const other = await claim(device, 'claim-1', Keypair.generate().publicKey.toBase58());
      expect(other.status).toBe(409);
      expect(other.body.error).toBe('claim-id-reused');

      // More work, a second claim to the now existing token account.
      const more = await earn(net, device, 4);
      const second = await claim(device, 'claim-2', wallet.toBase58());
      expect(second.body).toMatchObject({ amount: String(more), state: 'paid' });
      expect(second.body.signature).not.toBe(first.body.signature);
      expect(await ioBalance(connection, walletAccount(net, wallet))).toBe(credited + more);

      const list = await device.request('GET', '/v1/payouts');
      expect(list.status).toBe(200);
      expect(list.body.payouts.map((p: any) => p.claimId)).toEqual(['claim-1', 'claim-2']);
      expect(list.body.payouts[0]).toEqual(first.body);

      // Ledger totals equal what left the treasury on chain.
      const moved = treasuryBefore - (await ioBalance(connection, net.chain.treasury));
      expect(moved).toBe(credited + more);
      expect(paidTotal(net.coordinator)).toBe(moved);
      const stats = (await (await fetch(`${net.coordinatorUrl}/v1/stats`)).json()) as any;
      expect(stats.paid).toBe(String(moved));

      const doc = (await (await fetch(`${net.coordinatorUrl}/openapi.json`)).json()) as any;
      const claimDoc = doc.paths['/v1/payouts/claim'].post;
      expect(claimDoc.requestBody.content['application/json'].schema.required).toEqual(['claimId', 'wallet']);
      expect(Object.keys(claimDoc.responses)).toContain('503');
      expect(doc.paths['/v1/payouts'].get.responses['200']).toBeDefined();
    },
  );

  it(
    'refuses a claim below the minimum, naming both amounts, and changes nothing',
    { timeout: 20_000 },
    async () => {
      const { network: net, connection } = await start();
      const treasuryBefore = await ioBalance(connection, net.chain.treasury);
      const device = await readyDevice(net);
      const credited = await earn(net, device, 2);
      expect(credited).toBeLessThan(MIN);
      const before = snapshot(net.coordinator, false);
      const reply = await claim(device, 'too-early', Keypair.generate().publicKey.toBase58());
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('below-threshold');
      expect(reply.body.message).toContain(`(${credited} base units)`);
      expect(reply.body.message).toContain(`(${MIN} base units)`);
      expect(snapshot(net.coordinator, false)).toBe(before);
      expect(await ioBalance(connection, net.chain.treasury)).toBe(treasuryBefore);
      expect((await device.earnings()).body).toMatchObject({ verified: String(credited), paid: '0' });
    },
  );

  it('refuses forged, unsigned and malformed claims with no state change', { timeout: 20_000 }, async () => {
    const { network: net, connection } = await start();
    const treasuryBefore = await ioBalance(connection, net.chain.treasury);
    const device = await readyDevice(net);
    await earn(net, device, 5);
    const wallet = Keypair.generate().publicKey.toBase58();
    const before = snapshot(net.coordinator, false);

    // Signed by another key while claiming to be this device.
    const forger = new SimDevice(net.coordinatorUrl);
    const forged = await forger.request('POST', '/v1/payouts/claim', { claimId: 'x', wallet }, (init) => {
      init.headers['x-io-device'] = device.id;
    });
    expect(forged.status).toBe(401);
    // A signed body changed afterwards (another wallet).
    const swapped = await device.request('POST', '/v1/payouts/claim', { claimId: 'y', wallet }, (init) => {
      init.body = JSON.stringify({ claimId: 'y', wallet: Keypair.generate().publicKey.toBase58() });
    });
    expect(swapped.status).toBe(401);
    // No signature at all.
    const unsigned = await fetch(`${net.coordinatorUrl}/v1/payouts/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ claimId: 'z', wallet }),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as any).error).toBe('bad-signature');
    // An unknown (unregistered) device.
    expect((await new SimDevice(net.coordinatorUrl).request('GET', '/v1/payouts')).status).toBe(401);
    // Not an address / off the curve.
    const bad = await claim(device, 'w', 'not-a-wallet');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid-body');
    const pda = PublicKey.findProgramAddressSync([Buffer.from('x')], new PublicKey(net.chain.ioMint))[0];
    const offCurve = await claim(device, 'w', pda.toBase58());
    expect(offCurve.status).toBe(400);
    expect(offCurve.body.error).toBe('invalid-wallet');

    expect(snapshot(net.coordinator, false)).toBe(before);
    expect(await ioBalance(connection, net.chain.treasury)).toBe(treasuryBefore);
    expect((await device.request('GET', '/v1/payouts')).body).toEqual({ payouts: [] });
  });

  it('never pays twice when it crashed between sending and recording', { timeout: 30_000 }, async () => {
    const dataDir = tempDir();
    const { network: net, connection } = await start(dataDir);
    const treasuryBefore = await ioBalance(connection, net.chain.treasury);
    const device = await readyDevice(net);
    const credited = await earn(net, device, 5);
    const wallet = Keypair.generate().publicKey;
    const paid = await claim(device, 'crash', wallet.toBase58());
    expect(paid.body.state).toBe('paid');

    // What a crash right after the send leaves on disk: the payout 'sending', its entries reserved.
    await net.coordinator.stop();
    chain = net.chain; // stopped by afterEach; the network's coordinator is gone
    network = undefined;
    const db = openDatabase(join(dataDir, 'coordinator'));
    db.prepare(`UPDATE payouts SET state = 'sending', settled_at = NULL`).run();
    db.prepare(`UPDATE ledger SET state = 'verified'`).run();
    db.close();

    // Restart: the payout is settled from the chain (the signature is there), nothing is resent.
    restarted = await startCoordinator({
      dataDir: join(dataDir, 'coordinator'),
      params: { workload: null, minPayout: MIN, trustClaimedClass: true },
      chain: {
        rpcUrl: net.rpcUrl,
        ioMint: net.chain.ioMint,
        treasury: net.chain.treasury,
        authority: net.chain.authority,
      },
    });
    await restarted.payouts.drain();
    const client = new SimDevice(restarted.url, device.identity);
    const list = (await client.request('GET', '/v1/payouts')).body.payouts;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'paid', signature: paid.body.signature });
    expect((await client.earnings()).body).toMatchObject({ verified: '0', paid: String(credited) });

    // The same again, left 'sending', settled by a retried claim instead of the restart.
    restarted.db.prepare(`UPDATE payouts SET state = 'sending', settled_at = NULL`).run();
    restarted.db.prepare(`UPDATE ledger SET state = 'verified'`).run();
    const retried = await claim(client, 'crash', wallet.toBase58());
    expect(retried.body).toMatchObject({ state: 'paid', signature: paid.body.signature });

    expect(await ioBalance(connection, walletAccount(net, wallet))).toBe(credited);
    expect(treasuryBefore - (await ioBalance(connection, net.chain.treasury))).toBe(credited);
    expect(paidTotal(restarted)).toBe(credited);
  });

  it(
    'records the transaction before sending it, and a retry sends it (or a re-signed one) once',
    { timeout: 30_000 },
    async () => {
      const { network: net, connection } = await start();
      const treasuryBefore = await ioBalance(connection, net.chain.treasury);
      const device = await readyDevice(net);
      const credited = await earn(net, device, 5);
      const wallet = Keypair.generate().publicKey.toBase58();

      // The send never reaches the chain (what a crash right after recording looks like from outside).
      const send = vi
        .spyOn(Connection.prototype, 'sendRawTransaction')
        .mockRejectedValueOnce(new Error('socket hang up'));
      const first = await claim(device, 'lost', wallet);
      expect(first.status).toBe(200);
      expect(first.body.state).toBe('sending');
      expect(first.body.reason).toMatch(/same claimId/);
      const stored = net.coordinator.db.prepare('SELECT signature, state FROM payouts').get() as any;
      expect(stored).toEqual({ signature: first.body.signature, state: 'sending' });
      expect(await ioBalance(connection, net.chain.treasury)).toBe(treasuryBefore);
      // Reserved: a second claim id finds nothing left to claim.
      expect((await claim(device, 'other', wallet)).body.error).toBe('below-threshold');

      // Retry while its blockhash lives: the very same transaction goes out.
      const retried = await claim(device, 'lost', wallet);
      expect(retried.body).toMatchObject({ state: 'paid', signature: first.body.signature });
      expect(send).toHaveBeenCalledTimes(2);

      // Again with the blockhash expired: a fresh transaction, recorded first, paid once.
      const more = await earn(net, device, 5);
      send.mockRejectedValueOnce(new Error('socket hang up'));
      const lost = await claim(device, 'expired', wallet);
      expect(lost.body.state).toBe('sending');
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a later slot: a new latest blockhash
      // As if the chain were past the transaction's last valid block height.
      net.coordinator.db.prepare(`UPDATE payouts SET last_valid_height = 0 WHERE claim_id = 'expired'`).run();
      const resigned = await claim(device, 'expired', wallet);
      expect(resigned.body.state).toBe('paid');
      expect(resigned.body.signature).not.toBe(lost.body.signature);

      expect(await ioBalance(connection, walletAccount(net, new PublicKey(wallet)))).toBe(credited + more);
      expect(treasuryBefore - (await ioBalance(connection, net.chain.treasury))).toBe(credited + more);
      expect(paidTotal(net.coordinator)).toBe(credited + more);
    },
  );
});
