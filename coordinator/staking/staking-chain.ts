// The chain side of staking, from built-in programs only (SPL Token, associated token accounts,
// memo v3): per device a 2-of-2 SPL-Token multisig (the owner's wallet + the network's cosigner key)
// that owns an IO token account, the vault. Nothing leaves the vault without both signatures, so the
// cooldown holds as long as the network refuses to sign early.
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMultisigInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  MULTISIG_SIZE,
  MultisigLayout,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { PublicKey, SystemProgram, Transaction, type Connection, type Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { IO_DECIMALS } from '../../common/io-units.js';
import { sha256Hex } from '../../common/node/hash.js';
import { memoInstruction } from '../chain/io-token.js';
import { parseTokenAccount } from '../chain/token-accounts.js';

/** What the coordinator needs to run vaults: the chain, the IO mint and two network keys. */
export interface StakingChain {
  rpcUrl: string;
  ioMint: string;
  /** The network's staking key: every vault's second signer. Losing it locks every vault. */
  cosigner: Keypair;
  /** Pays the vaults' rent and the release fees (the sandbox: the treasury owner, topped up by the faucet). */
  payer: Keypair;
}

/** The memo a deposit carries: it files the transfer under the device in the vault's history. */
export const stakeMemo = (deviceId: string) => `io-stake:${deviceId}`;

export interface VaultKeys {
  seed: string;
  multisig: PublicKey;
  vault: PublicKey;
}

/**
 * The multisig's address derives from the cosigner and a seed (createAccountWithSeed), so it is known
 * before anything is sent and only the cosigner can create it; the seed is a hash of the device id
 * because seeds stop at 32 bytes. The vault is the multisig's associated IO account.
 */
export async function vaultKeys(chain: StakingChain, deviceId: string): Promise<VaultKeys> {
  const seed = sha256Hex(stakeMemo(deviceId)).slice(0, 32);
  const multisig = await PublicKey.createWithSeed(chain.cosigner.publicKey, seed, TOKEN_PROGRAM_ID);
  const vault = getAssociatedTokenAddressSync(new PublicKey(chain.ioMint), multisig, true);
  return { seed, multisig, vault };
}

/** One atomic transaction: the multisig (m = 2 of [wallet, cosigner]) and its vault, rent from the payer. */
export function createVaultTransaction(
  chain: StakingChain,
  wallet: PublicKey,
  keys: VaultKeys,
  rentLamports: number,
  blockhash: string,
): Transaction {
  const payer = chain.payer.publicKey;
  const cosigner = chain.cosigner.publicKey;
  const tx = new Transaction({ feePayer: payer, recentBlockhash: blockhash }).add(
    SystemProgram.createAccountWithSeed({
      fromPubkey: payer,
      newAccountPubkey: keys.multisig,
      basePubkey: cosigner,
      seed: keys.seed,
      lamports: rentLamports,
      space: MULTISIG_SIZE,
      programId: TOKEN_PROGRAM_ID,
    }),
    createInitializeMultisigInstruction(keys.multisig, [wallet, cosigner], 2),
    createAssociatedTokenAccountIdempotentInstruction(
      payer,
      keys.vault,
      keys.multisig,
      new PublicKey(chain.ioMint),
    ),
  );
  tx.sign(chain.payer, chain.cosigner);
  return tx;
}

/** Whether account data is the multisig this vault expects: initialised, 2 of exactly [wallet, cosigner]. */
export function isVaultMultisig(data: Buffer, wallet: PublicKey, cosigner: PublicKey): boolean {
  if (data.length !== MULTISIG_SIZE) return false;
  const m = MultisigLayout.decode(data);
  return m.isInitialized && m.m === 2 && m.n === 2 && m.signer1.equals(wallet) && m.signer2.equals(cosigner);
}

export interface ReleaseInput {
  wallet: PublicKey;
  multisig: PublicKey;
  vault: PublicKey;
  amount: bigint;
  memo: string;
  blockhash: string;
}

/**
 * The vault -> wallet transfer, signed by the network as fee payer and as the multisig's second
 * signer; the wallet's signature is the one missing. The fee payer's signature is the transaction's
 * id, so the network knows it before the wallet ever sends it and can settle from the chain alone.
 */
export function releaseTransaction(chain: StakingChain, r: ReleaseInput) {
  const mint = new PublicKey(chain.ioMint);
  const payer = chain.payer.publicKey;
  const destination = getAssociatedTokenAddressSync(mint, r.wallet);
  const tx = new Transaction({ feePayer: payer, recentBlockhash: r.blockhash }).add(
    createAssociatedTokenAccountIdempotentInstruction(payer, destination, r.wallet, mint),
    createTransferCheckedInstruction(r.vault, mint, destination, r.multisig, r.amount, IO_DECIMALS, [
      r.wallet,
      chain.cosigner.publicKey,
    ]),
    memoInstruction(r.memo),
  );
  tx.partialSign(chain.payer, chain.cosigner);
  return {
    signature: bs58.encode(tx.signature!),
    base64: tx.serialize({ requireAllSignatures: false }).toString('base64'),
  };
}

/** IO balances of token accounts (0 for one that does not exist), 100 accounts per RPC call. */
export async function readBalances(connection: Connection, accounts: string[]): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (let i = 0; i < accounts.length; i += 100) {
    const chunk = accounts.slice(i, i + 100);
    const infos = await connection.getMultipleAccountsInfo(chunk.map((a) => new PublicKey(a)));
    chunk.forEach((account, j) => {
      const info = infos[j];
      out.set(account, (info && parseTokenAccount(info.owner.toBase58(), info.data)?.amount) ?? 0n);
    });
  }
  return out;
}
