// The sandbox faucet: SOL from the faucet keypair and IO from the treasury, in one signed transaction
// that goes through the ledger like any other (so it is logged, replayed and confirmable).
import { PublicKey } from '@solana/web3.js';
import type { Address } from '@solana/kit';
import { randomBytes } from 'node:crypto';
import type { ChainKeys } from './chain-files.js';
import { IO_DECIMALS, parseUnits } from '../../common/io-units.js';
import { FAUCET_MAX_IO, FAUCET_MAX_LAMPORTS, faucetTransaction } from './io-token.js';
import type { Ledger } from './ledger.js';
import type { FaucetAmounts, FaucetResult } from './rpc-context.js';
import { invalidParams } from './rpc-params.js';
import { parseTokenAccount } from './token-accounts.js';

const SOL_DECIMALS = 9;

function amount(value: number | string | undefined, decimals: number, max: bigint, name: string): bigint {
  if (value === undefined) return 0n;
  let units: bigint;
  try {
    units = parseUnits(value, decimals);
  } catch (error) {
    throw invalidParams(`${name}: ${(error as Error).message}`);
  }
  if (units > max) throw invalidParams(`${name}: at most ${max / 10n ** BigInt(decimals)} per request`);
  return units;
}

export function createFaucet(ledger: Ledger, keys: ChainKeys) {
  return async (address: string, amounts: FaucetAmounts): Promise<FaucetResult> => {
    let to: PublicKey;
    try {
      to = new PublicKey(address);
    } catch {
      throw invalidParams('address must be a base-58 public key');
    }
    const lamports = amount(amounts.sol, SOL_DECIMALS, FAUCET_MAX_LAMPORTS, 'sol');
    const io = amount(amounts.io, IO_DECIMALS, FAUCET_MAX_IO, 'io');
    if (lamports === 0n && io === 0n) throw invalidParams('ask for some sol or io');
    // An IO token account (a staking vault, say) is credited directly; any other address is an owner.
    const existing = ledger.svm.getAccount(address as Address);
    const token = existing.exists ? parseTokenAccount(existing.programAddress, existing.data) : null;
    const mint = keys.mint.publicKey;
    const { tx, tokenAccount } = faucetTransaction({
      faucet: keys.faucet,
      authority: keys.authority,
      mint,
      to,
      lamports,
      io,
      tokenAccount: token?.mint === mint.toBase58() ? to : null,
      blockhash: ledger.blockhash().blockhash,
      nonce: randomBytes(8).toString('hex'),
    });
    const record = await ledger.submit(tx.serialize(), { skipPreflight: false });
    return { signature: record.signature, tokenAccount: tokenAccount?.toBase58() ?? null };
  };
}
