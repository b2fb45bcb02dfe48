// The signer policy on real web3.js transactions (pure: decoding and matching need no chain): the
// three shapes it signs pass, and every way of bending one is refused with a sentence that names the
// instruction and why.
import {
  createApproveInstruction,
  createAssociatedTokenAccountIdempotentInstruction,
  createCloseAccountInstruction,
  createSetAuthorityInstruction,
  createTransferCheckedInstruction,
  AuthorityType,
} from '@solana/spl-token';
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { memoInstruction } from '../../common/node/solana-memo.js';
import { checkPolicy, ioAccountOf, type SigningIntent } from '../../main/wallet/signer-policy.js';
import { decodeMessage, describeOp } from '../../main/wallet/tx-decode.js';

const key = () => Keypair.generate().publicKey;
const wallet = key();
const mint = key();
const fakeMint = key();
const vault = key();
const multisig = key();
const cosigner = key();
const networkPayer = key();
const stranger = key();
const deviceId = key().toBase58();
const blockhash = key().toBase58();
const walletIo = new PublicKey(ioAccountOf(mint.toBase58(), wallet.toBase58()));
const IO = 1_000_000_000n;

const message = (feePayer: PublicKey, ...ixs: TransactionInstruction[]) =>
  new Transaction({ feePayer, recentBlockhash: blockhash }).add(...ixs).serializeMessage();

const stakeIntent: SigningIntent = {
  kind: 'stake',
  wallet: wallet.toBase58(),
  ioMint: mint.toBase58(),
  vault: vault.toBase58(),
  deviceId,
  amount: String(200n * IO),
};
const deposit = (o: { amount?: bigint; to?: PublicKey; mint?: PublicKey; from?: PublicKey } = {}) =>
  createTransferCheckedInstruction(
    o.from ?? walletIo,
    o.mint ?? mint,
    o.to ?? vault,
    wallet,
    o.amount ?? 200n * IO,
    9,
  );
const stakeMemo = memoInstruction(`io-stake:${deviceId}`);

const check = (bytes: Uint8Array, intent: SigningIntent) => () => checkPolicy(decodeMessage(bytes), intent);

describe('signer policy', () => {
  it('signs a stake deposit of exactly the amount, to the vault, with the memo, paid by the wallet', () => {
    const bytes = message(wallet, deposit(), stakeMemo);
    expect(check(bytes, stakeIntent)).not.toThrow();
    const decoded = decodeMessage(bytes);
    const labels = new Map([
      [walletIo.toBase58(), 'your IO account'],
      [vault.toBase58(), "this device's stake vault"],
    ]);
    expect(decoded.ops.map((o) => describeOp(o.program, o.op, labels, mint.toBase58()))).toEqual([
      expect.objectContaining({
        programName: 'token',
        description: "Send 200 IO from your IO account to this device's stake vault",
        amount: String(200n * IO),
        asset: 'IO',
        destination: vault.toBase58(),
      }),
      expect.objectContaining({ programName: 'memo', description: `Note "io-stake:${deviceId}"` }),
    ]);
  });

  it.each([
    [
      'another destination',
      () => message(wallet, deposit({ to: stranger }), stakeMemo),
      /sends to .* not this device's stake vault/,
    ],
    ['a look-alike mint', () => message(wallet, deposit({ mint: fakeMint }), stakeMemo), /look-alike token/],
    [
      'another amount',
      () => message(wallet, deposit({ amount: 201n * IO }), stakeMemo),
      /not the 200000000000 asked for/,
    ],
    [
      'another memo',
      () => message(wallet, deposit(), memoInstruction('io-stake:someone-else')),
      /says "io-stake:someone-else"/,
    ],
    ['no memo', () => message(wallet, deposit()), /the memo is missing/],
    [
      'an extra instruction',
      () => message(wallet, deposit(), stakeMemo, stakeMemo),
      /instruction 3 \(memo\) is an extra instruction/,
    ],
    [
      'a foreign program',
      () =>
        message(
          wallet,
          new TransactionInstruction({ programId: stranger, keys: [], data: Buffer.from([1]) }),
          deposit(),
          stakeMemo,
        ),
      /instruction 1 is a call to the unknown program/,
    ],
    [
      'SetAuthority',
      () =>
        message(
          wallet,
          createSetAuthorityInstruction(walletIo, wallet, AuthorityType.AccountOwner, stranger),
          deposit(),
          stakeMemo,
        ),
      /SPL Token SetAuthority, which this wallet never signs/,
    ],
    [
      'CloseAccount',
      () => message(wallet, deposit(), stakeMemo, createCloseAccountInstruction(walletIo, stranger, wallet)),
      /instruction 3 is SPL Token CloseAccount/,
    ],
    [
      'Approve',
      () => message(wallet, createApproveInstruction(walletIo, stranger, wallet, 1n), deposit(), stakeMemo),
      /SPL Token Approve/,
    ],
    [
      'a System instruction other than transfer',
      () =>
        message(
          wallet,
          SystemProgram.assign({ accountPubkey: wallet, programId: stranger }),
          deposit(),
          stakeMemo,
        ),
      /System Assign/,
    ],
    [
      'someone else paying the fee',
      () => message(stranger, deposit(), stakeMemo),
      /the fee payer is .* not your wallet/,
    ],
    ['another source account', () => message(wallet, deposit({ from: key() }), stakeMemo), /takes from/],
  ])('refuses a stake with %s', (_name, build, reason) => {
    expect(check(build(), stakeIntent)).toThrow(reason);
    expect(check(build(), stakeIntent)).toThrow(/^Refused to sign this stake: .*\.$/);
  });

  const withdrawIntent: SigningIntent = {
    kind: 'withdraw',
    wallet: wallet.toBase58(),
    ioMint: mint.toBase58(),
    vault: vault.toBase58(),
    multisig: multisig.toBase58(),
    cosigner: cosigner.toBase58(),
    requestId: 'u1',
    amount: String(50n * IO),
  };
  const release = (o: { to?: PublicKey; amount?: bigint } = {}) =>
    createTransferCheckedInstruction(vault, mint, o.to ?? walletIo, multisig, o.amount ?? 50n * IO, 9, [
      wallet,
      cosigner,
    ]);
  const createWalletIo = createAssociatedTokenAccountIdempotentInstruction(
    networkPayer,
    walletIo,
    wallet,
    mint,
  );

  it("signs the network's release: vault -> the wallet's own IO account, the network paying", () => {
    const bytes = message(networkPayer, createWalletIo, release(), memoInstruction('io-unstake:u1'));
    expect(check(bytes, withdrawIntent)).not.toThrow();
    // The account creation is optional (the wallet's IO account may exist already).
    expect(
      check(message(networkPayer, release(), memoInstruction('io-unstake:u1')), withdrawIntent),
    ).not.toThrow();
  });

  it('refuses a release to another account, of another amount, or that makes the wallet pay', () => {
    const memo = memoInstruction('io-unstake:u1');
    const strangerIo = new PublicKey(ioAccountOf(mint.toBase58(), stranger.toBase58()));
    expect(check(message(networkPayer, release({ to: strangerIo }), memo), withdrawIntent)).toThrow(
      /sends to .* not your wallet's IO account/,
    );
    expect(check(message(networkPayer, release({ amount: 49n * IO }), memo), withdrawIntent)).toThrow(
      /moves 49000000000/,
    );
    expect(check(message(wallet, release(), memo), withdrawIntent)).toThrow(/wallet would pay the fee/);
    expect(check(message(networkPayer, release(), memoInstruction('io-unstake:u2')), withdrawIntent)).toThrow(
      /says "io-unstake:u2"/,
    );
  });

  it('signs a typed transfer to exactly the typed address and amount, SOL or IO', () => {
    const sol: SigningIntent = {
      kind: 'transfer',
      wallet: wallet.toBase58(),
      ioMint: mint.toBase58(),
      asset: 'SOL',
      to: stranger.toBase58(),
      amount: '1500000000',
    };
    const solIx = (to: PublicKey, lamports: number) =>
      SystemProgram.transfer({ fromPubkey: wallet, toPubkey: to, lamports });
    expect(check(message(wallet, solIx(stranger, 1_500_000_000)), sol)).not.toThrow();
    expect(check(message(wallet, solIx(key(), 1_500_000_000)), sol)).toThrow(/sends to/);
    expect(check(message(wallet, solIx(stranger, 1_500_000_001)), sol)).toThrow(/1500000001 lamports/);

    const io: SigningIntent = { ...sol, asset: 'IO', amount: String(3n * IO) };
    const strangerIo = new PublicKey(ioAccountOf(mint.toBase58(), stranger.toBase58()));
    const create = createAssociatedTokenAccountIdempotentInstruction(wallet, strangerIo, stranger, mint);
    const send = (to: PublicKey) => createTransferCheckedInstruction(walletIo, mint, to, wallet, 3n * IO, 9);
    expect(check(message(wallet, create, send(strangerIo)), io)).not.toThrow();
    expect(check(message(wallet, send(strangerIo)), io)).not.toThrow();
    expect(check(message(wallet, create, send(walletIo)), io)).toThrow(
      /sends to .* not the IO account of the address you typed/,
    );
    expect(check(message(wallet, send(strangerIo), solIx(stranger, 1)), io)).toThrow(/extra instruction/);
  });

  it('refuses bytes that are not a transaction message with a sentence', () => {
    expect(() => decodeMessage(new Uint8Array([1, 2, 3]))).toThrow(/cannot be read .*nothing was signed/);
  });
});
