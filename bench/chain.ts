// Local chain throughput: confirmed SOL and IO transfers per second through the JSON-RPC + WebSocket
// front with @solana/web3.js 1.99 (sendAndConfirmTransaction: send, signatureSubscribe, fsynced log),
// one at a time and with many in flight; and the bare LiteSVM cost of the same transfers for scale.
// Client and chain share this process (as in the embedded sandbox), so client time is included;
// durableTokenSendsPerSecond leaves out web3.js (pre-signed transactions, no confirmation round).
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import {
  Keypair,
  PublicKey,
  sendAndConfirmTransaction,
  SystemProgram,
  Transaction,
  type Connection,
} from '@solana/web3.js';
import { getTransactionDecoder, type Address } from '@solana/kit';
import { LiteSVM } from 'litesvm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IO_DECIMALS } from '../common/io-units.js';
import { genesisTransaction } from '../coordinator/chain/io-token.js';
import { startLocalChain } from '../coordinator/chain/local-chain.js';
import { startChain } from '../test/chain/chain-helpers.js';

export const description = 'confirmed SOL/IO transfers per second via web3.js, sequential and in flight';

const arg = (args: string[], name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const round = (value: number) => Math.round(value * 100) / 100;

type MakeTx = (i: number) => { tx: Transaction; signers: Keypair[] };

// Transfers i = 0..n-1, `inFlight` at a time; amounts differ so no two transactions are identical.
async function confirmedPerSecond(
  connection: Connection,
  n: number,
  inFlight: number,
  make: MakeTx,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const { tx, signers } = make(i);
      await sendAndConfirmTransaction(connection, tx, signers, { commitment: 'confirmed' });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return round(n / ((performance.now() - started) / 1000));
}

// The same two kinds of transfer straight into LiteSVM: no RPC, no log, no balance capture.
function litesvmMsPer(n: number): { sol: number; token: number } {
  const svm = new LiteSVM().withBlockhashCheck(false);
  const payer = Keypair.generate();
  const mint = Keypair.generate();
  svm.airdrop(payer.publicKey.toBase58() as Address, 1_000_000_000_000n as never);
  const blockhash = svm.latestBlockhash();
  const decode = (tx: Transaction) => getTransactionDecoder().decode(tx.serialize());
  const genesis = genesisTransaction({
    payer,
    mint,
    authority: payer,
    mintRentLamports: svm.minimumBalanceForRentExemption(82n),
    blockhash,
  });
  svm.sendTransaction(decode(genesis));
  const source = getAssociatedTokenAddressSync(mint.publicKey, payer.publicKey);
  const owner = Keypair.generate().publicKey;
  svm.airdrop(owner.toBase58() as Address, 1_000_000_000n as never); // rent-exempt before the transfers
  const target = getAssociatedTokenAddressSync(mint.publicKey, owner);
  const setup = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(
    createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, target, owner, mint.publicKey),
  );
  setup.sign(payer);
  svm.sendTransaction(decode(setup));
  const time = (build: (i: number) => Transaction) => {
    const txs = Array.from({ length: n }, (_, i) => {
      const tx = build(i);
      tx.sign(payer);
      return decode(tx);
    });
    const started = performance.now();
    for (const tx of txs) svm.sendTransaction(tx);
    return Math.round(((performance.now() - started) / n) * 10_000) / 10_000;
  };
  const base = () => new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash });
  return {
    sol: time((i) =>
      base().add(
        SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: owner, lamports: 1_000 + i }),
      ),
    ),
    token: time((i) =>
      base().add(
        createTransferCheckedInstruction(
          source,
          mint.publicKey,
          target,
          payer.publicKey,
          BigInt(1 + i),
          IO_DECIMALS,
        ),
      ),
    ),
  };
}

// Pre-signed transfers posted straight to sendTransaction, `inFlight` at a time: the chain's own
// capacity (each answer means executed and fsynced), without web3.js signing and confirming.
async function durableSendsPerSecond(rpcUrl: string, wires: Buffer[], inFlight: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < wires.length; i = next++) {
      const params = [wires[i]!.toString('base64'), { encoding: 'base64' }];
      const response = await fetch(rpcUrl, {
        method: 'POST',
        body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'sendTransaction', params }),
      });
      const body = (await response.json()) as { error?: { message: string } };
      if (body.error) throw new Error(body.error.message);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return round(wires.length / ((performance.now() - started) / 1000));
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const n = arg(args, 'n', 300);
  const inFlight = arg(args, 'inflight', 32);
  // First, while nothing else shares the event loop (it blocks for seconds of signing).
  const litesvmOnlyMsPerTransfer = litesvmMsPer(1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-chain-'));
  const startedAt = performance.now();
  const { chain, connection } = await startChain(dataDir);
  const startMs = round(performance.now() - startedAt);
  try {
    const payer = Keypair.generate();
    const { tokenAccount } = await chain.faucet(payer.publicKey.toBase58(), { sol: 1000, io: 1_000_000 });
    const mint = new PublicKey(chain.ioMint);
    const owner = Keypair.generate().publicKey;
    const target = getAssociatedTokenAddressSync(mint, owner);
    await chain.faucet(owner.toBase58(), { sol: 1, io: 1 }); // rent-exempt, and its IO account exists
    const sol: MakeTx = (i) => ({
      tx: new Transaction().add(
        SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: owner, lamports: 1_000 + i }),
      ),
      signers: [payer],
    });
    const token: MakeTx = (i) => ({
      tx: new Transaction().add(
        createTransferCheckedInstruction(
          new PublicKey(tokenAccount!),
          mint,
          target,
          payer.publicKey,
          BigInt(1 + i),
          IO_DECIMALS,
        ),
      ),
      signers: [payer],
    });
    // Warm-up: JIT, the web3.js WebSocket, LiteSVM's program cache.
    await confirmedPerSecond(connection, 20, 4, (i) => sol(n * 100 + i));
    const web3 = {
      solPerSecond: {
        sequential: await confirmedPerSecond(connection, n, 1, sol),
        inFlight: await confirmedPerSecond(connection, n * 4, inFlight, (i) => sol(n + i)),
      },
      tokenPerSecond: {
        sequential: await confirmedPerSecond(connection, n, 1, token),
        inFlight: await confirmedPerSecond(connection, n * 4, inFlight, (i) => token(n + i)),
      },
    };
    const { blockhash } = await connection.getLatestBlockhash();
    const wires = Array.from({ length: n * 4 }, (_, i) => {
      const { tx } = token(n * 10 + i);
      tx.recentBlockhash = blockhash;
      tx.feePayer = payer.publicKey;
      tx.sign(payer);
      return tx.serialize();
    });
    const durableTokenSendsPerSecond = await durableSendsPerSecond(chain.rpcUrl, wires, inFlight);
    // web3.js keeps polling a moment after each confirmation; let it finish before the chain goes.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await chain.stop();
    // A restart after a clean stop loads the final snapshot and replays nothing.
    const restartedAt = performance.now();
    const again = await startLocalChain({ dataDir });
    const restartMs = round(performance.now() - restartedAt);
    await again.stop();
    return {
      transfers: n,
      inFlight,
      ...web3,
      durableTokenSendsPerSecond,
      litesvmOnlyMsPerTransfer,
      startMs,
      restartMs,
    };
  } finally {
    await chain.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
