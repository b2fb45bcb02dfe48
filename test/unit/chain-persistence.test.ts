// The chain's state survives a clean restart, a kill -9 mid-traffic and a torn log tail.
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  sendAndConfirmTransaction,
  SystemProgram,
  Transaction,
} from '@solana/web3.js';
import bs58 from 'bs58';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FILES } from '../../coordinator/chain/chain-files.js';
import { decodeLog, encodeEntry } from '../../coordinator/chain/chain-store.js';
import { startLocalChain } from '../../coordinator/chain/local-chain.js';
import { fundedKeypair, ioBalance, startChain, tempDir } from '../chain/chain-helpers.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});
function newDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
}

const transfer = (from: Keypair, to: PublicKey, lamports: number) =>
  new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }));

describe('local chain persistence', () => {
  it('keeps balances, the mint and transaction history across a clean restart', async () => {
    const dataDir = newDir();
    const first = await startChain(dataDir, { snapshotEvery: 3 });
    const wallet = Keypair.generate().publicKey.toBase58();
    const { tokenAccount } = await first.chain.faucet(wallet, { sol: 3, io: 42 });
    const from = await fundedKeypair(first.chain);
    const signature = await sendAndConfirmTransaction(
      first.connection,
      transfer(from, new PublicKey(wallet), LAMPORTS_PER_SOL),
      [from],
    );
    const treasury = await ioBalance(first.connection, first.chain.treasury);
    await first.chain.stop();

    const second = await startChain(dataDir);
    try {
      expect(second.chain.ioMint).toBe(first.chain.ioMint);
      expect(second.chain.genesisHash).toBe(first.chain.genesisHash);
      expect(await second.connection.getBalance(new PublicKey(wallet))).toBe(4 * LAMPORTS_PER_SOL);
      expect(await ioBalance(second.connection, tokenAccount!)).toBe(42_000_000_000n);
      expect(await ioBalance(second.connection, second.chain.treasury)).toBe(treasury);
      const tx = await second.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
      expect(tx?.meta?.err).toBeNull();
    } finally {
      await second.chain.stop();
    }
  });

  it('keeps every confirmed transfer when the chain process is killed with SIGKILL', async () => {
    const dataDir = newDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../chain/chain-child.ts', import.meta.url)), dataDir, '7'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { rpcUrl } = JSON.parse(line) as { rpcUrl: string };
      const connection = new Connection(rpcUrl, 'confirmed');
      const payer = Keypair.generate();
      await connection.confirmTransaction({
        signature: await connection.requestAirdrop(payer.publicKey, 100 * LAMPORTS_PER_SOL),
        ...(await connection.getLatestBlockhash()),
      });
      // 20 at once (group commit, a snapshot while some are in flight), then 3 more that stay in the
      // log tail after the last snapshot.
      const recipients = Array.from({ length: 23 }, () => Keypair.generate().publicKey);
      const pay = (i: number) =>
        sendAndConfirmTransaction(connection, transfer(payer, recipients[i]!, (i + 1) * 1_000_000), [payer]);
      const signatures = await Promise.all(recipients.slice(0, 20).map((_, i) => pay(i)));
      for (const i of [20, 21, 22]) signatures.push(await pay(i));
      // Let web3.js finish its housekeeping calls and close its idle WebSocket (after 500 ms), so the
      // kill leaves it nothing in flight to report as an unhandled rejection or to reconnect to.
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Unconfirmed transfers racing the kill: each may or may not have landed, but state and history
      // must agree about which did.
      const { blockhash } = await connection.getLatestBlockhash();
      const racing = Array.from({ length: 10 }, () => {
        const tx = transfer(payer, Keypair.generate().publicKey, 7_000_000);
        tx.recentBlockhash = blockhash;
        tx.sign(payer);
        return tx;
      });
      for (const tx of racing) connection.sendRawTransaction(tx.serialize()).catch(() => undefined);
      child.kill('SIGKILL');
      await exited;

      const restarted = await startChain(dataDir);
      try {
        const statuses = await restarted.connection.getSignatureStatuses(signatures);
        expect(statuses.value.map((status) => status?.err)).toEqual(signatures.map(() => null));
        const balances = await Promise.all(recipients.map((to) => restarted.connection.getBalance(to)));
        expect(balances).toEqual(recipients.map((_, i) => (i + 1) * 1_000_000));
        const raced = await restarted.connection.getSignatureStatuses(
          racing.map((tx) => bs58.encode(tx.signature!)),
        );
        const landed = raced.value.filter((status) => status !== null).length;
        expect(await restarted.connection.getBalance(payer.publicKey)).toBe(
          100 * LAMPORTS_PER_SOL - (23 + landed) * 5000 - 276 * 1_000_000 - landed * 7_000_000,
        );
      } finally {
        await restarted.chain.stop();
      }
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('cuts a torn log tail and keeps the records before it', async () => {
    const dataDir = newDir();
    const first = await startChain(dataDir);
    const wallet = Keypair.generate().publicKey;
    await first.chain.faucet(wallet.toBase58(), { sol: 2 });
    await first.chain.stop();
    // A record cut short by a crash, after the last intact one.
    const logPath = join(dataDir, FILES.log);
    const torn = encodeEntry({ seq: 999, slot: 1, timeMs: 1, wire: new Uint8Array(300) }).subarray(0, 100);
    appendFileSync(logPath, torn);

    const second = await startChain(dataDir);
    try {
      expect(await second.connection.getBalance(wallet)).toBe(2 * LAMPORTS_PER_SOL);
      expect(decodeLog(readFileSync(logPath)).validLength).toBe(statSync(logPath).size);
    } finally {
      await second.chain.stop();
    }
  });

  it('refuses a second chain on a data folder in use, and writes keypairs only the owner can read', async () => {
    const dataDir = newDir();
    const { chain } = await startChain(dataDir);
    try {
      await expect(startLocalChain({ dataDir })).rejects.toThrow(/in use by process/);
      for (const name of [FILES.authority, FILES.faucet, FILES.mint]) {
        expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
      }
    } finally {
      await chain.stop();
    }
  });
});
