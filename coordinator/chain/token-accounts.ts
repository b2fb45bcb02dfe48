// Reading SPL Token accounts and mints out of raw account data, for the token RPC methods, the
// pre/post token balances of a transaction, and the "jsonParsed" encoding wallets ask for.
import type { ReadonlyUint8Array } from '@solana/kit';
import { AccountLayout, AccountState, ACCOUNT_SIZE, MINT_SIZE, MintLayout } from '@solana/spl-token';
import { formatUnits } from '../../common/io-units.js';

// Token-2022 accounts start with the same layouts; their extensions are not parsed here.
export const TOKEN_PROGRAM_NAMES: ReadonlyMap<string, string> = new Map([
  ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'spl-token'],
  ['TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', 'spl-token-2022'],
]);

export interface TokenAccountView {
  mint: string;
  owner: string;
  amount: bigint;
  state: 'initialized' | 'frozen';
  delegate: string | null;
  delegatedAmount: bigint;
  isNative: boolean;
  closeAuthority: string | null;
}

export interface MintView {
  supply: bigint;
  decimals: number;
  mintAuthority: string | null;
  freezeAuthority: string | null;
}

export interface UiTokenAmount {
  amount: string;
  decimals: number;
  uiAmount: number | null;
  uiAmountString: string;
}

const MULTISIG_SIZE = 355;
const TOKEN_2022_ACCOUNT_TYPE_OFFSET = ACCOUNT_SIZE;

// Which kind of token-program account the data is, by Agave's rules: exact sizes for SPL Token; for
// Token-2022 a multisig keeps its size and extended accounts carry a type byte after the base layout.
function tokenAccountKind(programId: string, data: ReadonlyUint8Array): 'account' | 'mint' | null {
  const program = TOKEN_PROGRAM_NAMES.get(programId);
  if (!program) return null;
  if (data.length === ACCOUNT_SIZE) return 'account';
  if (data.length === MINT_SIZE) return 'mint';
  if (program !== 'spl-token-2022' || data.length <= ACCOUNT_SIZE || data.length === MULTISIG_SIZE)
    return null;
  const type = data[TOKEN_2022_ACCOUNT_TYPE_OFFSET];
  return type === 2 ? 'account' : type === 1 ? 'mint' : null;
}

function asBuffer(data: ReadonlyUint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A token account's fields, or null when the data is not an initialised token account. */
export function parseTokenAccount(programId: string, data: ReadonlyUint8Array): TokenAccountView | null {
  if (tokenAccountKind(programId, data) !== 'account') return null;
  const raw = AccountLayout.decode(asBuffer(data));
  if (raw.state === AccountState.Uninitialized) return null;
  return {
    mint: raw.mint.toBase58(),
    owner: raw.owner.toBase58(),
    amount: raw.amount,
    state: raw.state === AccountState.Frozen ? 'frozen' : 'initialized',
    delegate: raw.delegateOption ? raw.delegate.toBase58() : null,
    delegatedAmount: raw.delegatedAmount,
    isNative: raw.isNativeOption === 1,
    closeAuthority: raw.closeAuthorityOption ? raw.closeAuthority.toBase58() : null,
  };
}

/** A mint's fields, or null when the data is not an initialised mint. */
export function parseMint(programId: string, data: ReadonlyUint8Array): MintView | null {
  if (tokenAccountKind(programId, data) !== 'mint') return null;
  const raw = MintLayout.decode(asBuffer(data));
  if (!raw.isInitialized) return null;
  return {
    supply: raw.supply,
    decimals: raw.decimals,
    mintAuthority: raw.mintAuthorityOption ? raw.mintAuthority.toBase58() : null,
    freezeAuthority: raw.freezeAuthorityOption ? raw.freezeAuthority.toBase58() : null,
  };
}

export function uiTokenAmount(amount: bigint, decimals: number): UiTokenAmount {
  const uiAmountString = formatUnits(amount, decimals);
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

/** The "jsonParsed" data of a token account or mint, as Agave's account decoder shapes it. */
export function jsonParsedToken(
  programId: string,
  data: ReadonlyUint8Array,
  decimalsOf: (mint: string) => number | null,
): { program: string; parsed: unknown; space: number } | null {
  const program = TOKEN_PROGRAM_NAMES.get(programId);
  if (!program) return null;
  const account = parseTokenAccount(programId, data);
  if (account) {
    const decimals = decimalsOf(account.mint);
    if (decimals === null) return null;
    const info: Record<string, unknown> = {
      isNative: account.isNative,
      mint: account.mint,
      owner: account.owner,
      state: account.state,
      tokenAmount: uiTokenAmount(account.amount, decimals),
    };
    if (account.delegate) {
      info.delegate = account.delegate;
      info.delegatedAmount = uiTokenAmount(account.delegatedAmount, decimals);
    }
    if (account.closeAuthority) info.closeAuthority = account.closeAuthority;
    return { program, parsed: { info, type: 'account' }, space: data.length };
  }
  const mint = parseMint(programId, data);
  if (!mint) return null;
  const info = {
    decimals: mint.decimals,
    freezeAuthority: mint.freezeAuthority,
    isInitialized: true,
    mintAuthority: mint.mintAuthority,
    supply: mint.supply.toString(),
  };
  return { program, parsed: { info, type: 'mint' }, space: data.length };
}
