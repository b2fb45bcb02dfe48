// The local chain through the real @solana/web3.js 1.99 Connection over loopback HTTP + WebSocket.
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAccount,
  getAssociatedTokenAddressSync,
  getMint,
} from '@solana/spl-token';
import {
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  sendAndConfirmTransaction,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  type Connection,
} from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IO_DECIMALS } from '../../common/io-units.js';
import { IO_MAX_SUPPLY, memoInstruction } from '../../coordinator/chain/io-token.js';
import type { LocalChain } from '../../coordinator/chain/local-chain.js';
import { fundedKeypair, ioBalance, rawRpc, startChain, tempDir } from '../chain/chain-helpers.js';

const IO = 10n ** BigInt(IO_DECIMALS);
let dir: ReturnType<typeof tempDir>;
let chain: LocalChain;
let connection: Connection;

beforeAll(async () => {
  dir = tempDir();
  ({ chain, connection } = await startChain(dir.path));
});

afterAll(async () => {
  await chain.stop();
  dir.remove();
});

function transfer(from: Keypair, to: PublicKey, lamports: number): Transaction {
  return new Transaction().add(
    SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }),
  );
}

describe('local chain over web3.js', () => {
  it('airdrops SOL and reports the balance', async () => {
    const wallet = Keypair.generate();
    const signature = await connection.requestAirdrop(wallet.publicKey, 2 * LAMPORTS_PER_SOL);
    const blockhash = await connection.getLatestBlockhash();
    const confirmed = await connection.confirmTransaction({ signature, ...blockhash });
    expect(confirmed.value.err).toBeNull();
    expect(await connection.getBalance(wallet.publicKey)).toBe(2 * LAMPORTS_PER_SOL);
  });

  it('confirms a SOL transfer through signatureSubscribe and serves its transaction', async () => {
    const from = await fundedKeypair(chain);
    const to = Keypair.generate().publicKey;
    const signature = await sendAndConfirmTransaction(connection, transfer(from, to, LAMPORTS_PER_SOL), [
      from,
    ]);
    expect(await connection.getBalance(to)).toBe(LAMPORTS_PER_SOL);
    expect(await connection.getBalance(from.publicKey)).toBe(9 * LAMPORTS_PER_SOL - 5000);

    const status = await connection.getSignatureStatus(signature);
    expect(status.value).toMatchObject({ err: null, confirmationStatus: 'finalized' });
    const tx = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.fee).toBe(5000);
    expect(tx?.meta?.preBalances.slice(0, 2)).toEqual([10 * LAMPORTS_PER_SOL, 0]);
    expect(tx?.meta?.postBalances.slice(0, 2)).toEqual([9 * LAMPORTS_PER_SOL - 5000, LAMPORTS_PER_SOL]);
    expect(tx?.transaction.message.staticAccountKeys.map(String)).toContain(to.toBase58());
    expect(tx?.version).toBe('legacy');
  });

  it('holds the whole IO supply in the treasury at genesis', async () => {
    const mint = await getMint(connection, new PublicKey(chain.ioMint));
    expect(mint.decimals).toBe(IO_DECIMALS);
    expect(mint.supply).toBe(IO_MAX_SUPPLY);
    expect(mint.mintAuthority?.toBase58()).toBe(chain.authority.publicKey.toBase58());
    const treasury = await getAccount(connection, new PublicKey(chain.treasury));
    expect(treasury.owner.toBase58()).toBe(chain.authority.publicKey.toBase58());
  });

  it('creates a token account and pays IO out of the treasury', async () => {
    const mint = new PublicKey(chain.ioMint);
    const payer = await fundedKeypair(chain);
    const owner = Keypair.generate().publicKey;
    const account = getAssociatedTokenAddressSync(mint, owner);
    const before = await ioBalance(connection, chain.treasury);
    const tx = new Transaction().add(
      createAssociatedTokenAccountIdempotentInstruction(payer.publicKey, account, owner, mint),
      createTransferCheckedInstruction(
        new PublicKey(chain.treasury),
        mint,
        account,
        chain.authority.publicKey,
        1234n * IO,
        IO_DECIMALS,
      ),
    );
    const signature = await sendAndConfirmTransaction(connection, tx, [payer, chain.authority]);

    expect(await ioBalance(connection, account)).toBe(1234n * IO);
    expect(await ioBalance(connection, chain.treasury)).toBe(before - 1234n * IO);
    const parsed = await connection.getParsedTokenAccountsByOwner(owner, { mint });
    expect(parsed.value).toHaveLength(1);
    expect(parsed.value[0]?.account.data.parsed.info.tokenAmount.uiAmountString).toBe('1234');
    const raw = await connection.getTokenAccountsByOwner(owner, {
      programId: parsed.value[0]!.account.owner,
    });
    expect(raw.value[0]?.pubkey.toBase58()).toBe(account.toBase58());
    const meta = (await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 }))?.meta;
    const post = meta?.postTokenBalances?.find((b) => b.owner === owner.toBase58());
    expect(post?.uiTokenAmount.amount).toBe((1234n * IO).toString());
  });

  it('records a memo-tagged transfer with its memo', async () => {
    const from = await fundedKeypair(chain);
    const to = Keypair.generate().publicKey;
    const tx = transfer(from, to, LAMPORTS_PER_SOL).add(memoInstruction('stake deposit device-42'));
    const signature = await sendAndConfirmTransaction(connection, tx, [from]);
    const logs = (await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 }))?.meta
      ?.logMessages;
    expect(logs).toContain('Program log: stake deposit device-42');
    const [latest] = await connection.getSignaturesForAddress(to);
    expect(latest).toMatchObject({ signature, memo: '[23] stake deposit device-42', err: null });
  });

  it('refuses a failing transaction at preflight without charging, and charges it when preflight is skipped', async () => {
    const from = await fundedKeypair(chain, 1);
    const tooMuch = transfer(from, Keypair.generate().publicKey, 5 * LAMPORTS_PER_SOL);
    const error = await sendAndConfirmTransaction(connection, tooMuch, [from]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendTransactionError);
    expect((error as SendTransactionError).transactionError.logs?.join('\n')).toContain(
      'insufficient lamports',
    );
    expect(await connection.getBalance(from.publicKey)).toBe(LAMPORTS_PER_SOL);

    const signature = await connection.sendTransaction(tooMuch, [from], { skipPreflight: true });
    const blockhash = await connection.getLatestBlockhash();
    const result = await connection.confirmTransaction({ signature, ...blockhash });
    expect(result.value.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(await connection.getBalance(from.publicKey)).toBe(LAMPORTS_PER_SOL - 5000);
  });

  it('rejects the same signed transaction twice', async () => {
    const from = await fundedKeypair(chain);
    const tx = transfer(from, Keypair.generate().publicKey, LAMPORTS_PER_SOL);
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    tx.sign(from);
    const wire = tx.serialize();
    await connection.sendRawTransaction(wire);
    await expect(connection.sendRawTransaction(wire)).rejects.toThrow(/AlreadyProcessed/);
  });

  it('takes v0 and base58 transactions and serves v0 history only to clients that ask for it', async () => {
    const from = await fundedKeypair(chain);
    const to = Keypair.generate().publicKey;
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: from.publicKey,
      recentBlockhash: blockhash,
      instructions: [
        SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL }),
      ],
    }).compileToV0Message();
    const v0 = new VersionedTransaction(message);
    v0.sign([from]);
    const signature = await connection.sendTransaction(v0);
    await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight });
    expect((await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 }))?.version).toBe(
      0,
    );
    await expect(connection.getTransaction(signature)).rejects.toThrow(/maxSupportedTransactionVersion/);
    const asBase64 = await rawRpc(
      chain.rpcUrl,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getTransaction',
        params: [signature, { encoding: 'base64', maxSupportedTransactionVersion: 0 }],
      }),
    );
    expect(asBase64.json.result.transaction).toEqual([
      Buffer.from(v0.serialize()).toString('base64'),
      'base64',
    ]);

    const legacy = transfer(from, to, LAMPORTS_PER_SOL);
    legacy.recentBlockhash = blockhash;
    legacy.sign(from);
    const body = {
      jsonrpc: '2.0',
      id: 2,
      method: 'sendTransaction',
      params: [bs58.encode(legacy.serialize())],
    };
    const sent = await rawRpc(chain.rpcUrl, JSON.stringify(body));
    expect(sent.json.result).toBe(bs58.encode(legacy.signature!));
    expect(await connection.getBalance(to)).toBe(2 * LAMPORTS_PER_SOL);
  });

  it('reads accounts as base64, base58, jsonParsed and slices', async () => {
    const mint = new PublicKey(chain.ioMint);
    const parsed = await connection.getParsedAccountInfo(mint);
    expect(parsed.value?.data).toMatchObject({
      program: 'spl-token',
      parsed: { type: 'mint', info: { decimals: 9, supply: IO_MAX_SUPPLY.toString() } },
    });
    const sliced = await connection.getAccountInfo(mint, { dataSlice: { offset: 44, length: 1 } });
    expect([...(sliced?.data ?? [])]).toEqual([IO_DECIMALS]);
    const base58 = await rawRpc(
      chain.rpcUrl,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getAccountInfo',
        params: [chain.ioMint, { encoding: 'base58' }],
      }),
    );
    const raw = (await connection.getAccountInfo(mint))!.data;
    expect(bs58.decode(base58.json.result.value.data[0])).toEqual(new Uint8Array(raw));
  });

  it('notifies account and slot subscribers', async () => {
    const from = await fundedKeypair(chain);
    const to = Keypair.generate().publicKey;
    const changed = new Promise<number>((resolve) => {
      const id = connection.onAccountChange(to, (info) => {
        void connection.removeAccountChangeListener(id);
        resolve(info.lamports);
      });
    });
    const slot = new Promise<number>((resolve) => {
      const id = connection.onSlotChange((info) => {
        void connection.removeSlotChangeListener(id);
        resolve(info.slot);
      });
    });
    // The subscription must be in place before the transfer commits; give the socket a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sendAndConfirmTransaction(connection, transfer(from, to, 2 * LAMPORTS_PER_SOL), [from]);
    expect(await changed).toBe(2 * LAMPORTS_PER_SOL);
    expect(await slot).toBeGreaterThanOrEqual(0);
  });

  it('simulates an unsigned transaction and prices a message', async () => {
    const from = await fundedKeypair(chain);
    const tx = transfer(from, Keypair.generate().publicKey, LAMPORTS_PER_SOL);
    tx.feePayer = from.publicKey;
    const simulated = await connection.simulateTransaction(tx);
    expect(simulated.value.err).toBeNull();
    expect(simulated.value.logs?.[0]).toContain('invoke [1]');
    expect(simulated.value.unitsConsumed).toBeGreaterThan(0);
    expect(await connection.getBalance(from.publicKey)).toBe(10 * LAMPORTS_PER_SOL);

    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    expect((await connection.getFeeForMessage(tx.compileMessage())).value).toBe(5000);
  });

  it('answers the cluster queries wallets make', async () => {
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
    const height = await connection.getBlockHeight();
    expect(lastValidBlockHeight - height).toBeGreaterThan(140);
    expect((await connection.isBlockhashValid(blockhash)).value).toBe(true);
    expect((await connection.isBlockhashValid(Keypair.generate().publicKey.toBase58())).value).toBe(false);
    expect(await connection.getMinimumBalanceForRentExemption(165)).toBe(2_039_280);
    expect(await connection.getGenesisHash()).toBe(chain.genesisHash);
    expect((await connection.getEpochInfo()).slotsInEpoch).toBe(432_000);
    expect((await connection.getVersion())['solana-core']).toMatch(/litesvm/);
    const [mint, missing] = await connection.getMultipleAccountsInfo([
      new PublicKey(chain.ioMint),
      Keypair.generate().publicKey,
    ]);
    expect(mint?.data.length).toBe(82);
    expect(missing).toBeNull();
    expect((await rawRpc(chain.rpcUrl, '{"jsonrpc":"2.0","id":1,"method":"getHealth"}')).json.result).toBe(
      'ok',
    );
  });

  it('serves the faucet as a helper and as an RPC method, within its limits', async () => {
    const owner = Keypair.generate().publicKey.toBase58();
    const { tokenAccount } = await chain.faucet(owner, { sol: 0.5, io: '12.5' });
    expect(await connection.getBalance(new PublicKey(owner))).toBe(LAMPORTS_PER_SOL / 2);
    expect(await ioBalance(connection, tokenAccount!)).toBe(12_500_000_000n);

    const body = { jsonrpc: '2.0', id: 7, method: 'sandboxFaucet', params: [owner, { io: 1 }] };
    const { json } = await rawRpc(chain.rpcUrl, JSON.stringify(body));
    expect(json.result.tokenAccount).toBe(tokenAccount);
    expect(await ioBalance(connection, tokenAccount!)).toBe(13_500_000_000n);

    await expect(chain.faucet(owner, { sol: 1_000_001 })).rejects.toThrow(/at most 1000 per request/);
    await expect(chain.faucet(owner, { io: -1 })).rejects.toThrow(/non-negative/);
  });
});
