// Staking over real HTTP against the real local chain: a per-device 2-of-2 multisig vault, deposits
// tagged with the memo, the stake counted toward cluster-ready, unstake with its cooldown, the release
// co-signed by the network and paid to the original wallet only, bogus requests refused with no state
// change, and releases and vaults left half-done by a crash settled from the chain.
import { createTransferCheckedInstruction, getAccount, MultisigLayout } from '@solana/spl-token';
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../common/node/signed-request.js';
import { IO } from '../../coordinator/params.js';
import {
  COOLDOWN_MS,
  deposit,
  ioOf,
  provider,
  send,
  signAndSend,
  stakingDigest,
  start,
  stopAll,
  walletAta,
} from '../coordinator/staking-harness.js';
import { sampleRegistration, SimDevice } from '../coordinator/sim-device.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await stopAll();
});

describe('coordinator staking', () => {
  it(
    'vault, memo deposits, cluster-ready at the minimum, unstake cooldown, release to the original wallet',
    { timeout: 60_000 },
    async () => {
      const net = await start();
      const { device, stake, wallet } = await provider(net);
      expect((await device.heartbeat()).body.status).toBe('verified');

      // Before a vault: nothing staked, the minimum for one rtx-3060 (multiplier 1) is 200 IO.
      const empty = await stake.request('GET', '/v1/stake');
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({
        wallet: null,
        vault: null,
        staked: '0',
        minimum: String(200n * IO),
      });
      expect(empty.body.memo).toBe(`io-stake:${device.id}`);

      const opened = await stake.request('POST', '/v1/stake/vault', { wallet: wallet.publicKey.toBase58() });
      expect(opened.status).toBe(200);
      const v = opened.body;
      expect(v).toMatchObject({
        wallet: wallet.publicKey.toBase58(),
        cosigner: net.cosigner.publicKey.toBase58(),
        ioMint: net.chain.ioMint,
        memo: `io-stake:${device.id}`,
        balance: '0',
        staked: '0',
        cooldownMs: COOLDOWN_MS,
        unstakes: [],
        deposits: [],
      });
      // On chain: a 2-of-2 multisig of [wallet, network] owning an IO account, the vault.
      const multisig = MultisigLayout.decode(
        (await net.connection.getAccountInfo(new PublicKey(v.multisig)))!.data,
      );
      expect([multisig.m, multisig.n]).toEqual([2, 2]);
      expect([multisig.signer1.toBase58(), multisig.signer2.toBase58()]).toEqual([
        wallet.publicKey.toBase58(),
        net.cosigner.publicKey.toBase58(),
      ]);
      const vaultAccount = await getAccount(net.connection, new PublicKey(v.vault));
      expect([vaultAccount.owner.toBase58(), vaultAccount.mint.toBase58()]).toEqual([
        v.multisig,
        net.chain.ioMint,
      ]);
      // Idempotent for the same wallet; the wallet is fixed once chosen.
      expect(
        (await stake.request('POST', '/v1/stake/vault', { wallet: wallet.publicKey.toBase58() })).body,
      ).toEqual(v);
      const other = await stake.request('POST', '/v1/stake/vault', {
        wallet: Keypair.generate().publicKey.toBase58(),
      });
      expect(other.status).toBe(409);
      expect(other.body.error).toBe('wallet-fixed');

      // 150 IO with the memo, 100 IO without: both are stake, only the tagged one is in the history.
      const tagged = await deposit(net, wallet, v.vault, 150n * IO, v.memo);
      await deposit(net, wallet, v.vault, 100n * IO, null);
      const funded = (await stake.request('GET', '/v1/stake')).body;
      expect(funded).toMatchObject({ balance: String(250n * IO), staked: String(250n * IO), unstaking: '0' });
      expect(funded.deposits).toEqual([
        expect.objectContaining({
          signature: tagged,
          amount: String(150n * IO),
          from: wallet.publicKey.toBase58(),
        }),
      ]);
      const ready = await device.heartbeat();
      expect(ready.body.status).toBe('cluster-ready');

      // Unstaking 100 IO drops the stake below the minimum at once: no longer cluster-ready.
      const requested = await stake.request('POST', '/v1/stake/unstake', {
        requestId: 'u1',
        amount: String(100n * IO),
      });
      expect(requested.status).toBe(200);
      expect(requested.body).toMatchObject({
        requestId: 'u1',
        state: 'cooldown',
        signature: null,
        releasedAt: null,
      });
      const releaseAt = Date.parse(requested.body.releaseAt);
      expect(releaseAt - Date.parse(requested.body.requestedAt)).toBe(COOLDOWN_MS);
      const dropped = await device.heartbeat();
      expect(dropped.body.status).toBe('verified');
      expect(dropped.body.reason).toContain('a stake of 200 IO (staked: 150 IO)');
      expect(await net.staking.stakeOf(device.id)).toBe(150n * IO);
      // The same request again is the same request; the same id for another amount is refused.
      expect(
        (await stake.request('POST', '/v1/stake/unstake', { requestId: 'u1', amount: String(100n * IO) }))
          .body,
      ).toEqual(requested.body);
      const reused = await stake.request('POST', '/v1/stake/unstake', { requestId: 'u1', amount: '5' });
      expect([reused.status, reused.body.error]).toEqual([409, 'request-id-reused']);
      const tooMuch = await stake.request('POST', '/v1/stake/unstake', {
        requestId: 'u2',
        amount: String(151n * IO),
      });
      expect([tooMuch.status, tooMuch.body.error]).toEqual([409, 'insufficient-stake']);
      expect(tooMuch.body.message).toContain('the stake is 150 IO');

      // The network will not co-sign before the cooldown ends.
      const early = await stake.request('POST', '/v1/stake/release', { requestId: 'u1' });
      expect([early.status, early.body.error]).toEqual([409, 'cooldown']);
      expect(early.body.message).toContain(new Date(releaseAt).toISOString());
      // The wallet alone cannot move anything out of the vault either: the multisig needs both.
      const theft = new Transaction().add(
        createTransferCheckedInstruction(
          new PublicKey(v.vault),
          new PublicKey(net.chain.ioMint),
          walletAta(net, wallet.publicKey),
          new PublicKey(v.multisig),
          100n * IO,
          9,
          [wallet.publicKey],
        ),
      );
      await expect(send(net, theft, [wallet])).rejects.toThrow();

      net.skew.ms = COOLDOWN_MS;
      const release = await stake.request('POST', '/v1/stake/release', { requestId: 'u1' });
      expect(release.status).toBe(200);
      expect(release.body.unstake).toMatchObject({ state: 'releasing' });
      // Asked again while it can land: the very same transaction, never a second one.
      const again = await stake.request('POST', '/v1/stake/release', { requestId: 'u1' });
      expect(again.body.transaction).toBe(release.body.transaction);
      const tx = Transaction.from(Buffer.from(release.body.transaction, 'base64'));
      // Signed by the network as fee payer (first: the transaction's id) and as the multisig's
      // second signer; only the wallet's signature is missing.
      expect(tx.signatures[0]!.publicKey.equals(net.chain.authority.publicKey)).toBe(true);
      const signed = new Map(tx.signatures.map((s) => [s.publicKey.toBase58(), s.signature !== null]));
      expect(Object.fromEntries(signed)).toEqual({
        [net.chain.authority.publicKey.toBase58()]: true,
        [net.cosigner.publicKey.toBase58()]: true,
        [wallet.publicKey.toBase58()]: false,
      });
      const walletBefore = await ioOf(net.connection, walletAta(net, wallet.publicKey));
      const signature = await signAndSend(net, release.body.transaction, wallet);
      expect(signature).toBe(release.body.unstake.signature);
      expect(await ioOf(net.connection, walletAta(net, wallet.publicKey))).toBe(walletBefore + 100n * IO);
      expect(await ioOf(net.connection, v.vault)).toBe(150n * IO);

      const done = await stake.request('POST', '/v1/stake/release', { requestId: 'u1' });
      expect(done.body).toMatchObject({ transaction: null, unstake: { state: 'released', signature } });
      const after = (await stake.request('GET', '/v1/stake')).body;
      expect(after).toMatchObject({ balance: String(150n * IO), unstaking: '0', staked: String(150n * IO) });
      expect(after.deposits).toHaveLength(1); // the release is not a deposit
      expect(await net.staking.stakeOf(device.id)).toBe(150n * IO);
      expect(await net.staking.totals()).toEqual({ vaults: 1, staked: 150n * IO, unstaking: 0n });
    },
  );

  it('sizes the minimum by class multiplier and GPUs', { timeout: 30_000 }, async () => {
    const net = await start();
    const { stake } = await provider(net, { ...sampleRegistration('rtx-4090'), gpuCount: 2 });
    expect((await stake.request('GET', '/v1/stake')).body.minimum).toBe(String(480n * IO)); // 200 x 1.2 x 2
  });

  it(
    'refuses bogus, unsigned and out-of-turn requests with {error, message} and no state change',
    { timeout: 30_000 },
    async () => {
      const net = await start();
      const { stake, wallet } = await provider(net);
      const noVault = await stake.request('POST', '/v1/stake/unstake', { requestId: 'x', amount: '1' });
      expect([noVault.status, noVault.body.error]).toEqual([409, 'no-vault']);
      const v = (await stake.request('POST', '/v1/stake/vault', { wallet: wallet.publicKey.toBase58() }))
        .body;
      await deposit(net, wallet, v.vault, 300n * IO, v.memo);
      await stake.request('GET', '/v1/stake');
      const before = stakingDigest(net);

      const pda = PublicKey.findProgramAddressSync([Buffer.from('x')], new PublicKey(net.chain.ioMint))[0];
      const cases: [string, unknown, number, string][] = [
        ['/v1/stake/vault', { wallet: 'not-a-wallet' }, 400, 'invalid-body'],
        ['/v1/stake/vault', { wallet: pda.toBase58() }, 409, 'wallet-fixed'],
        ['/v1/stake/vault', {}, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'a', amount: '0' }, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'a', amount: 'abc' }, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'a', amount: -5 }, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'a', amount: '1e9' }, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'has space', amount: '1' }, 400, 'invalid-body'],
        ['/v1/stake/unstake', { requestId: 'a', amount: String(301n * IO) }, 409, 'insufficient-stake'],
        ['/v1/stake/release', { requestId: 'nope' }, 404, 'unknown-request'],
        ['/v1/stake/release', { requestId: 7 }, 400, 'invalid-body'],
      ];
      for (const [path, body, status, error] of cases) {
        const reply = await stake.request('POST', path, body);
        expect([path, reply.status, reply.body.error]).toEqual([path, status, error]);
        expect(typeof reply.body.message).toBe('string');
      }
      const raw = '{"requestId":';
      const malformed = await stake.request('POST', '/v1/stake/unstake', undefined, (init) => {
        init.headers = {
          ...signRequest(stake.identity, 'POST', '/v1/stake/unstake', raw),
          'content-type': 'application/json',
        };
        init.body = raw;
      });
      expect([malformed.status, malformed.body.error]).toEqual([400, 'malformed-json']);
      const unsigned = await fetch(`${net.stakeUrl}/v1/stake`);
      expect([unsigned.status, ((await unsigned.json()) as any).error]).toEqual([401, 'bad-signature']);
      const stranger = await new SimDevice(net.stakeUrl).request('GET', '/v1/stake');
      expect([stranger.status, stranger.body.error]).toEqual([401, 'unknown-device']);
      expect(stakingDigest(net)).toBe(before);

      // A fresh device with an off-curve wallet: refused before anything is recorded.
      const second = await provider(net);
      const offCurve = await second.stake.request('POST', '/v1/stake/vault', { wallet: pda.toBase58() });
      expect([offCurve.status, offCurve.body.error]).toEqual([400, 'invalid-wallet']);
      expect(net.coordinator.db.prepare('SELECT COUNT(*) AS n FROM stake_vaults').get()).toEqual({ n: 1 });
    },
  );

  it(
    'settles a release sent while the coordinator was down, and re-signs only once the first can never land',
    { timeout: 60_000 },
    async () => {
      const net = await start({ slotMs: 20 }); // a blockhash lives 150 slots: 3 s
      const { stake, wallet } = await provider(net);
      const v = (await stake.request('POST', '/v1/stake/vault', { wallet: wallet.publicKey.toBase58() }))
        .body;
      await deposit(net, wallet, v.vault, 300n * IO, v.memo);
      const unstake = (requestId: string, amount: bigint) =>
        stake.request('POST', '/v1/stake/unstake', { requestId, amount: String(amount) });
      expect((await unstake('u1', 100n * IO)).status).toBe(200);
      expect((await unstake('u2', 50n * IO)).status).toBe(200);
      net.skew.ms = COOLDOWN_MS;
      const walletBefore = await ioOf(net.connection, walletAta(net, wallet.publicKey));

      // Recorded before it is handed out; the wallet sends it; the coordinator goes down before it
      // hears of it. On restart it finds the signature on chain and records the release.
      const first = (await stake.request('POST', '/v1/stake/release', { requestId: 'u1' })).body;
      const row = net.coordinator.db
        .prepare(`SELECT state, signature FROM stake_unstakes WHERE request_id = 'u1'`)
        .get();
      expect(row).toEqual({ state: 'releasing', signature: first.unstake.signature });
      await signAndSend(net, first.transaction, wallet);
      const restarted = await net.restart();
      const settled = restarted.coordinator.db
        .prepare(`SELECT state, signature FROM stake_unstakes WHERE request_id = 'u1'`)
        .get();
      expect(settled).toEqual({ state: 'released', signature: first.unstake.signature });
      const client = new SimDevice(restarted.stakeUrl, stake.identity);
      restarted.skew.ms = COOLDOWN_MS;

      // A release never sent: handed out again while it can land, re-signed only after it cannot.
      const lost = (await client.request('POST', '/v1/stake/release', { requestId: 'u2' })).body;
      while ((await net.connection.getBlockHeight()) <= lost.lastValidBlockHeight)
        await new Promise((resolve) => setTimeout(resolve, 200));
      const fresh = (await client.request('POST', '/v1/stake/release', { requestId: 'u2' })).body;
      expect(fresh.unstake.state).toBe('releasing');
      expect(fresh.unstake.signature).not.toBe(lost.unstake.signature);
      const stale = Transaction.from(Buffer.from(lost.transaction, 'base64'));
      stale.partialSign(wallet);
      await expect(net.connection.sendRawTransaction(stale.serialize())).rejects.toThrow(
        /BlockhashNotFound|blockhash/i,
      );
      await signAndSend(net, fresh.transaction, wallet);

      const after = (await client.request('GET', '/v1/stake')).body;
      expect(after.unstakes.map((u: any) => [u.requestId, u.state])).toEqual([
        ['u1', 'released'],
        ['u2', 'released'],
      ]);
      expect(after).toMatchObject({ balance: String(150n * IO), staked: String(150n * IO), unstaking: '0' });
      expect(await ioOf(net.connection, walletAta(net, wallet.publicKey))).toBe(walletBefore + 150n * IO);
    },
  );

  it(
    'finishes a vault whose creation a crash or a lost send left half-done',
    { timeout: 60_000 },
    async () => {
      const net = await start();
      const { stake, wallet } = await provider(net);
      const owner = wallet.publicKey.toBase58();

      // The send is lost: 503, but the wallet is recorded and fixed; asking again creates the vault.
      const send = vi
        .spyOn(Connection.prototype, 'sendRawTransaction')
        .mockRejectedValueOnce(new Error('socket hang up'));
      const lost = await stake.request('POST', '/v1/stake/vault', { wallet: owner });
      expect([lost.status, lost.body.error]).toEqual([503, 'chain-unreachable']);
      expect(lost.body.message).toContain('socket hang up');
      const other = await stake.request('POST', '/v1/stake/vault', {
        wallet: Keypair.generate().publicKey.toBase58(),
      });
      expect([other.status, other.body.error]).toEqual([409, 'wallet-fixed']);
      const made = await stake.request('POST', '/v1/stake/vault', { wallet: owner });
      expect(made.status).toBe(200);
      expect(send).toHaveBeenCalledTimes(2);

      // Created on chain, not recorded (a crash right after the send): the restart records it, sends nothing.
      net.coordinator.db.prepare(`UPDATE stake_vaults SET state = 'creating'`).run();
      const lamports = await net.connection.getBalance(net.chain.authority.publicKey);
      const restarted = await net.restart();
      expect(restarted.coordinator.db.prepare('SELECT state FROM stake_vaults').get()).toEqual({
        state: 'ready',
      });
      expect(await net.connection.getBalance(net.chain.authority.publicKey)).toBe(lamports);
      expect(send).toHaveBeenCalledTimes(2);
      const again = await new SimDevice(restarted.stakeUrl, stake.identity).request('GET', '/v1/stake');
      expect(again.body).toMatchObject({
        wallet: owner,
        vault: made.body.vault,
        multisig: made.body.multisig,
      });
    },
  );
});
