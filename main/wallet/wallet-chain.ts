// The wallet's reads and writes on the chain, over the RPC the network announced: balances, history
// classified for the owner, blockhashes, sending signed bytes and reading what became of them. Nothing
// here decides anything; the service does.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, Message, PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Balances, ChainPins, HistoryEntry } from '../../common/wallet-api.js';
import { signatureStatus, type SentStatus } from '../../common/node/signature-status.js';
import { MEMO_PROGRAM_ID } from '../../common/node/solana-memo.js';
import { explorerUrl } from './chain-pins.js';

export class WalletChain {
  readonly connection: Connection;

  constructor(
    readonly pins: ChainPins & { rpcUrl: string; ioMint: string },
    private readonly now: () => number = Date.now,
  ) {
    this.connection = new Connection(pins.rpcUrl, 'confirmed');
  }

  ioAccount(owner: string): PublicKey {
    return getAssociatedTokenAddressSync(new PublicKey(this.pins.ioMint), new PublicKey(owner), true);
  }

  async balances(address: string): Promise<Balances> {
    const owner = new PublicKey(address);
    const account = this.ioAccount(address);
    const [lamports, info] = await Promise.all([
      this.connection.getBalance(owner),
      this.connection.getAccountInfo(account),
    ]);
    const io = info ? BigInt((await this.connection.getTokenAccountBalance(account)).value.amount) : 0n;
    return {
      address,
      lamports: String(lamports),
      io: String(io),
      ioAccount: info ? account.toBase58() : null,
      at: this.now(),
    };
  }

  /** The wallet's and its IO account's transactions, newest first, with the wallet's own deltas. */
  async history(address: string, limit: number): Promise<HistoryEntry[]> {
    const owner = new PublicKey(address);
    const lists = await Promise.all([
      this.connection.getSignaturesForAddress(owner, { limit }),
      this.connection.getSignaturesForAddress(this.ioAccount(address), { limit }),
    ]);
    const seen = new Map(lists.flat().map((s) => [s.signature, s]));
    const newest = [...seen.values()].sort((a, b) => b.slot - a.slot).slice(0, limit);
    const entries: HistoryEntry[] = [];
    for (const s of newest) {
      const tx = await this.connection.getTransaction(s.signature, { maxSupportedTransactionVersion: 0 });
      if (!tx?.meta) continue;
      const keys = tx.transaction.message.staticAccountKeys.map((k) => k.toBase58());
      const at = keys.indexOf(address);
      const lamportsChange =
        at < 0 ? 0n : BigInt(tx.meta.postBalances[at]!) - BigInt(tx.meta.preBalances[at]!);
      const ioOf = (list: typeof tx.meta.preTokenBalances) =>
        (list ?? [])
          .filter((b) => b.owner === address && b.mint === this.pins.ioMint)
          .reduce((sum, b) => sum + BigInt(b.uiTokenAmount.amount), 0n);
      const ioChange = ioOf(tx.meta.postTokenBalances) - ioOf(tx.meta.preTokenBalances);
      const memoIndex = keys.indexOf(MEMO_PROGRAM_ID.toBase58());
      const memo =
        tx.transaction.message.compiledInstructions
          .filter((ix) => ix.programIdIndex === memoIndex)
          .map((ix) => Buffer.from(ix.data).toString('utf8'))
          .join('; ') || null;
      entries.push({
        signature: s.signature,
        kind: classify(memo, ioChange, lamportsChange),
        ioChange: ioChange === 0n ? null : String(ioChange),
        lamportsChange: String(lamportsChange),
        memo,
        slot: s.slot,
        at: s.blockTime ? s.blockTime * 1000 : null,
        error: tx.meta.err ? JSON.stringify(tx.meta.err) : null,
        explorerUrl: explorerUrl(this.pins, 'tx', s.signature),
      });
    }
    return entries;
  }

  latestBlockhash() {
    return this.connection.getLatestBlockhash('confirmed');
  }

  blockHeight(): Promise<number> {
    return this.connection.getBlockHeight('confirmed');
  }

  /** The network fee of a message in lamports; 5000 per signature when the RPC will not say. */
  async feeFor(message: Uint8Array, signatures: number): Promise<bigint> {
    const fee = await this.connection
      .getFeeForMessage(Message.from(Buffer.from(message)), 'confirmed')
      .then((r) => r.value)
      .catch(() => null);
    return BigInt(fee ?? 5000 * signatures);
  }

  /** Sends signed bytes; the RPC's preflight refusal throws (the transaction did not land). */
  send(wire: Uint8Array): Promise<string> {
    return this.connection.sendRawTransaction(wire, { preflightCommitment: 'confirmed' });
  }

  status(signature: string): Promise<SentStatus | null> {
    return signatureStatus(this.connection, signature);
  }

  /** Sandbox only: the local chain's faucet (RPC sandboxFaucet). */
  async faucet(address: string, amounts: { sol: number; io: number }): Promise<string> {
    const response = await fetch(this.pins.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sandboxFaucet', params: [address, amounts] }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { result?: { signature: string }; error?: { message: string } };
    if (!body.result)
      throw new Error(`the sandbox faucet refused: ${body.error?.message ?? response.status}`);
    return body.result.signature;
  }
}

/** By the memo the network and this app tag transactions with, else by the direction of the money. */
export function classify(memo: string | null, io: bigint, lamports: bigint): HistoryEntry['kind'] {
  if (memo?.startsWith('io-stake:')) return 'stake';
  if (memo?.startsWith('io-unstake:')) return 'withdraw';
  if (memo?.startsWith('io-payout:')) return 'payout';
  if (memo?.startsWith('io local chain faucet')) return 'faucet';
  const change = io !== 0n ? io : lamports;
  if (change > 0n) return 'transfer-in';
  if (change < 0n) return 'transfer-out';
  return 'other';
}

/** The wire form: the signature count (compact-u16), each 64-byte signature (zeros when missing), the message. */
export function assembleWire(message: Uint8Array, signatures: (Uint8Array | null)[]): Uint8Array {
  const count = signatures.length;
  const prefix = count < 0x80 ? [count] : [(count & 0x7f) | 0x80, count >> 7];
  const out = new Uint8Array(prefix.length + 64 * count + message.length);
  out.set(prefix, 0);
  signatures.forEach((s, i) => s && out.set(s, prefix.length + 64 * i));
  out.set(message, prefix.length + 64 * count);
  return out;
}

export const signatureText = (bytes: Uint8Array) => bs58.encode(bytes);

/** The inverse of assembleWire: the message bytes and the signatures already there (null when zero). */
export function splitWire(wire: Uint8Array): { message: Uint8Array; signatures: (Uint8Array | null)[] } {
  const first = wire[0] ?? 0;
  const [count, skip] = first < 0x80 ? [first, 1] : [(first & 0x7f) | ((wire[1] ?? 0) << 7), 2];
  const signatures = Array.from({ length: count }, (_, i) => {
    const s = wire.slice(skip + 64 * i, skip + 64 * (i + 1));
    return s.every((b) => b === 0) ? null : s;
  });
  return { message: wire.slice(skip + 64 * count), signatures };
}
