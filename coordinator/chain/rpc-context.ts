// What every RPC handler gets, and the response shapes they share.
import type { Address, EncodedAccount, MaybeEncodedAccount, ReadonlyUint8Array } from '@solana/kit';
import bs58 from 'bs58';
import type { Ledger } from './ledger.js';
import { invalidParams, optionalString, optionalUint } from './rpc-params.js';
import { jsonParsedToken } from './token-accounts.js';

export interface FaucetAmounts {
  /** Whole SOL (decimals allowed). */
  sol?: number | string;
  /** Whole IO (decimals allowed). */
  io?: number | string;
}

export interface FaucetResult {
  signature: string;
  /** The IO token account credited, when IO was asked for. */
  tokenAccount: string | null;
}

export interface RpcContext {
  ledger: Ledger;
  faucet(address: string, amounts: FaucetAmounts): Promise<FaucetResult>;
}

export type RpcHandler = (params: unknown[], ctx: RpcContext) => unknown;

export function withContext(ctx: RpcContext, value: unknown): { context: { slot: number }; value: unknown } {
  return { context: { slot: ctx.ledger.slot }, value };
}

export type AccountEncoding = 'base64' | 'base58' | 'jsonParsed';

export interface EncodeOptions {
  encoding: AccountEncoding;
  dataSlice?: { offset: number; length: number };
}

/** Reads encoding and dataSlice from a config object; Agave's default is base58, web3.js always says base64. */
export function encodeOptions(config: Record<string, unknown>): EncodeOptions {
  const encoding = optionalString(config, 'encoding') ?? 'base58';
  if (encoding !== 'base64' && encoding !== 'base58' && encoding !== 'jsonParsed') {
    throw invalidParams(`unsupported encoding ${encoding} (use base64, base58 or jsonParsed)`);
  }
  const slice = config.dataSlice;
  if (slice === undefined || slice === null) return { encoding };
  if (typeof slice !== 'object') throw invalidParams('dataSlice must be an object');
  const offset = optionalUint(slice as Record<string, unknown>, 'offset', 10 * 1024 * 1024) ?? 0;
  const length = optionalUint(slice as Record<string, unknown>, 'length', 10 * 1024 * 1024) ?? 0;
  return { encoding, dataSlice: { offset, length } };
}

const BASE58_DATA_LIMIT = 128;

function bytesOf(data: ReadonlyUint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** An account in the RPC's UiAccount shape, or null when it does not exist. */
export function encodeAccount(
  account: MaybeEncodedAccount | EncodedAccount,
  options: EncodeOptions,
  decimalsOf: (mint: string) => number | null,
): Record<string, unknown> | null {
  if ('exists' in account && !account.exists) return null;
  const full = account.data;
  const data = options.dataSlice
    ? full.subarray(options.dataSlice.offset, options.dataSlice.offset + options.dataSlice.length)
    : full;
  let encoded: unknown;
  const parsed =
    options.encoding === 'jsonParsed' ? jsonParsedToken(account.programAddress, full, decimalsOf) : null;
  if (parsed) {
    encoded = parsed;
  } else if (options.encoding === 'base58') {
    if (data.length > BASE58_DATA_LIMIT) {
      throw invalidParams(
        'Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.',
      );
    }
    encoded = [bs58.encode(bytesOf(data)), 'base58'];
  } else {
    // jsonParsed falls back to base64 for accounts it cannot parse, as Agave does.
    encoded = [bytesOf(data).toString('base64'), 'base64'];
  }
  return {
    data: encoded,
    executable: account.executable,
    lamports: Number(account.lamports),
    owner: account.programAddress,
    // Every account here is rent-exempt; Agave reports u64::MAX, which no JSON number can carry exactly.
    rentEpoch: 0,
    space: full.length,
  };
}

export function readAccount(ctx: RpcContext, address: Address): MaybeEncodedAccount {
  return ctx.ledger.svm.getAccount(address);
}
