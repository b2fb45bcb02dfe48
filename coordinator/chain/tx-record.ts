// What the chain remembers about a committed transaction, and its getTransaction JSON. LiteSVM's own
// metadata has no slot, fee or balances, so the ledger captures them around each execution.
import {
  getBase58Decoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  type Transaction,
} from '@solana/kit';
import type { LiteSVM, TransactionMetadata } from 'litesvm';
import { MEMO_PROGRAM_ID, MEMO_PROGRAM_V1_ID } from './io-token.js';
import { invalidParams, RpcError, UNSUPPORTED_TX_VERSION } from './rpc-params.js';
import type { RpcTxError } from './svm-errors.js';
import { parseTokenAccount, uiTokenAmount, type UiTokenAmount } from './token-accounts.js';

type CompiledMessage = ReturnType<ReturnType<typeof getCompiledTransactionMessageDecoder>['decode']>;
export type LegacyOrV0Message = Extract<CompiledMessage, { version: 'legacy' | 0 }>;

export interface DecodedTx {
  tx: Transaction;
  message: LegacyOrV0Message;
  /** The fee payer's signature, base-58: the transaction's id. */
  signature: string;
}

export interface TokenBalance {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  uiTokenAmount: UiTokenAmount;
}

interface RpcInnerInstructions {
  index: number;
  instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[];
}

/** Plain JSON: kept in memory, written into snapshots, rebuilt by replaying the log. */
export interface TxRecord {
  signature: string;
  slot: number;
  blockTime: number;
  wire: string;
  accounts: string[];
  err: RpcTxError | null;
  fee: number;
  preBalances: number[];
  postBalances: number[];
  preTokenBalances: TokenBalance[];
  postTokenBalances: TokenBalance[];
  logs: string[];
  unitsConsumed: number;
  innerInstructions: RpcInnerInstructions[];
  memo: string | null;
}

const base58 = getBase58Decoder();
const MEMO_PROGRAMS = new Set([MEMO_PROGRAM_ID.toBase58(), MEMO_PROGRAM_V1_ID.toBase58()]);

export function decodeWire(wire: Uint8Array): DecodedTx {
  let tx: Transaction;
  let message: CompiledMessage;
  try {
    tx = getTransactionDecoder().decode(wire);
    message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
  } catch (error) {
    throw invalidParams(`failed to deserialize transaction: ${(error as Error).message}`);
  }
  if (message.version !== 'legacy' && message.version !== 0) {
    throw new RpcError(UNSUPPORTED_TX_VERSION, `Transaction version (${message.version}) is not supported`);
  }
  const first = Object.values(tx.signatures)[0];
  const signature = base58.decode(first ?? new Uint8Array(64));
  return { tx, message, signature };
}

export interface BalanceCapture {
  lamports: number[];
  tokens: TokenBalance[];
}

export function captureBalances(
  svm: LiteSVM,
  message: LegacyOrV0Message,
  decimalsOf: (mint: string) => number | null,
): BalanceCapture {
  // Programs are read by balance only: getAccount would copy a program's whole ELF twice per transaction.
  const programs = new Set(message.instructions.map((ix) => ix.programAddressIndex));
  const lamports: number[] = [];
  const tokens: TokenBalance[] = [];
  message.staticAccounts.forEach((key, accountIndex) => {
    if (programs.has(accountIndex)) {
      lamports.push(Number(svm.getBalance(key) ?? 0n));
      return;
    }
    const account = svm.getAccount(key);
    lamports.push(account.exists ? Number(account.lamports) : 0);
    if (!account.exists) return;
    const token = parseTokenAccount(account.programAddress, account.data);
    const decimals = token && decimalsOf(token.mint);
    if (!token || decimals === null) return;
    tokens.push({
      accountIndex,
      mint: token.mint,
      owner: token.owner,
      programId: account.programAddress,
      uiTokenAmount: uiTokenAmount(token.amount, decimals),
    });
  });
  return { lamports, tokens };
}

// Agave's memo column: each memo as "[length] text", joined by "; ".
function memoOf(message: LegacyOrV0Message): string | null {
  const memos = message.instructions
    .filter((ix) => MEMO_PROGRAMS.has(message.staticAccounts[ix.programAddressIndex] ?? ''))
    .map((ix) => Buffer.from(ix.data ?? new Uint8Array()).toString('utf8'))
    .map((text) => `[${Buffer.byteLength(text)}] ${text}`);
  return memos.length > 0 ? memos.join('; ') : null;
}

export interface RecordInput {
  decoded: DecodedTx;
  wire: Uint8Array;
  slot: number;
  timeMs: number;
  meta: TransactionMetadata;
  err: RpcTxError | null;
  pre: BalanceCapture;
  post: BalanceCapture;
}

export function buildRecord(input: RecordInput): TxRecord {
  const { decoded, meta, pre, post } = input;
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  return {
    signature: decoded.signature,
    slot: input.slot,
    blockTime: Math.floor(input.timeMs / 1000),
    wire: Buffer.from(input.wire).toString('base64'),
    accounts: [...decoded.message.staticAccounts],
    err: input.err,
    // Every lamport that left the transaction's accounts went to fees (LiteSVM credits no collector
    // among them), which counts priority fees exactly without re-deriving the fee schedule.
    fee: sum(pre.lamports) - sum(post.lamports),
    preBalances: pre.lamports,
    postBalances: post.lamports,
    preTokenBalances: pre.tokens,
    postTokenBalances: post.tokens,
    logs: meta.logs(),
    unitsConsumed: Number(meta.computeUnitsConsumed()),
    innerInstructions: meta
      .innerInstructions()
      .map((list, index) => ({
        index,
        instructions: list.map((inner) => {
          const ix = inner.instruction();
          return {
            programIdIndex: ix.programIdIndex(),
            accounts: Array.from(ix.accounts()),
            data: base58.decode(ix.data()),
            stackHeight: inner.stackHeight(),
          };
        }),
      }))
      .filter((entry) => entry.instructions.length > 0),
    memo: memoOf(decoded.message),
  };
}

/** getTransaction's result for the "json" and "base64" encodings. */
export function transactionResult(
  record: TxRecord,
  encoding: 'json' | 'base64',
  maxSupportedVersion: number | undefined,
): Record<string, unknown> {
  const { tx, message } = decodeWire(Buffer.from(record.wire, 'base64'));
  if (message.version === 0 && maxSupportedVersion === undefined) {
    throw new RpcError(
      UNSUPPORTED_TX_VERSION,
      'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  const transaction =
    encoding === 'base64'
      ? [record.wire, 'base64']
      : {
          signatures: Object.values(tx.signatures).map((sig) => base58.decode(sig ?? new Uint8Array(64))),
          message: {
            accountKeys: record.accounts,
            header: {
              numRequiredSignatures: message.header.numSignerAccounts,
              numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
              numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
            },
            instructions: message.instructions.map((ix) => ({
              programIdIndex: ix.programAddressIndex,
              accounts: ix.accountIndices ?? [],
              data: base58.decode(ix.data ?? new Uint8Array()),
              stackHeight: null,
            })),
            recentBlockhash: message.lifetimeToken,
            ...(message.version === 0 ? { addressTableLookups: message.addressTableLookups ?? [] } : {}),
          },
        };
  return {
    slot: record.slot,
    blockTime: record.blockTime,
    transaction,
    meta: {
      err: record.err,
      status: record.err === null ? { Ok: null } : { Err: record.err },
      fee: record.fee,
      preBalances: record.preBalances,
      postBalances: record.postBalances,
      innerInstructions: record.innerInstructions,
      logMessages: record.logs,
      preTokenBalances: record.preTokenBalances,
      postTokenBalances: record.postTokenBalances,
      rewards: [],
      loadedAddresses: { writable: [], readonly: [] },
      computeUnitsConsumed: record.unitsConsumed,
    },
    ...(maxSupportedVersion === undefined ? {} : { version: message.version }),
  };
}
