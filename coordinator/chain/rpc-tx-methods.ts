// JSON-RPC methods that send, simulate and look up transactions, plus the sandbox faucet.
import { getBase58Decoder, type Address } from '@solana/kit';
import bs58 from 'bs58';
import { FailedTransactionMetadata } from 'litesvm';
import { encodeAccount, encodeOptions, readAccount, withContext, type RpcHandler } from './rpc-context.js';
import {
  addressParam,
  configParam,
  invalidParams,
  optionalBool,
  optionalString,
  optionalUint,
  RpcError,
  stringParam,
  TX_SIGNATURE_VERIFICATION_FAILURE,
  uintParam,
} from './rpc-params.js';
import { BLOCKHASH_NOT_FOUND, simulationFailure, toRpcTxError } from './svm-errors.js';
import { formatUnits } from '../../common/io-units.js';
import { decodeWire, transactionResult, type TxRecord } from './tx-record.js';

// Agave's limits: a packet is 1232 bytes, so its text forms are at most these many characters.
const MAX_BASE58_TX = 1683;
const MAX_BASE64_TX = 1644;
const MAX_SIGNATURE_STATUSES = 256;
const MAX_SIGNATURES_FOR_ADDRESS = 1000;
const base58 = getBase58Decoder();

function wireParam(params: unknown[], config: Record<string, unknown>): Uint8Array {
  const text = stringParam(params, 0, 'transaction');
  const encoding = optionalString(config, 'encoding') ?? 'base58';
  if (encoding === 'base64') {
    if (text.length > MAX_BASE64_TX)
      throw invalidParams(`base64 transaction too large (max ${MAX_BASE64_TX})`);
    return Buffer.from(text, 'base64');
  }
  if (encoding !== 'base58') throw invalidParams(`unsupported encoding ${encoding} (use base58 or base64)`);
  if (text.length > MAX_BASE58_TX) throw invalidParams(`base58 transaction too large (max ${MAX_BASE58_TX})`);
  try {
    return bs58.decode(text);
  } catch {
    throw invalidParams('transaction is not valid base58');
  }
}

function status(record: TxRecord): Record<string, unknown> {
  // One node with an fsynced log: a transaction that is reported at all cannot be rolled back.
  return {
    slot: record.slot,
    confirmations: null,
    err: record.err,
    status: record.err === null ? { Ok: null } : { Err: record.err },
    confirmationStatus: 'finalized',
  };
}

export const txMethods: Record<string, RpcHandler> = {
  sendTransaction: async (params, ctx) => {
    const config = configParam(params, 1);
    const wire = wireParam(params, config);
    const record = await ctx.ledger.submit(wire, {
      skipPreflight: optionalBool(config, 'skipPreflight') ?? false,
    });
    return record.signature;
  },

  simulateTransaction: (params, ctx) => {
    const config = configParam(params, 1);
    const decoded = decodeWire(wireParam(params, config));
    const sigVerify = optionalBool(config, 'sigVerify') ?? false;
    const replace = optionalBool(config, 'replaceRecentBlockhash') ?? false;
    if (sigVerify && replace) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
    const { svm } = ctx.ledger;
    const failure = (err: unknown, logs: string[]): unknown => withContext(ctx, simulationFailure(err, logs));
    if (!replace && !ctx.ledger.isBlockhashValid(decoded.message.lifetimeToken)) {
      return failure(BLOCKHASH_NOT_FOUND, []);
    }
    let result;
    try {
      svm.withSigverify(sigVerify);
      result = svm.simulateTransaction(decoded.tx);
    } catch (error) {
      // LiteSVM's wrapper refuses an unsigned transaction when signatures are checked.
      throw new RpcError(TX_SIGNATURE_VERIFICATION_FAILURE, `Transaction signature verification failure`, {
        reason: (error as Error).message,
      });
    } finally {
      svm.withSigverify(true);
    }
    if (result instanceof FailedTransactionMetadata) {
      return failure(toRpcTxError(result.err()), result.meta().logs());
    }
    const meta = result.meta();
    const accountsConfig = configParam([config.accounts], 0);
    let accounts: unknown = null;
    if (Array.isArray(accountsConfig.addresses)) {
      const list = accountsConfig.addresses as unknown[];
      const options = encodeOptions({ encoding: 'base64', ...accountsConfig });
      const post = new Map(result.postAccounts().map((account) => [account.address as string, account]));
      accounts = list.map((_, index) => {
        const address = addressParam(list, index, `accounts.addresses[${index}]`);
        const account = post.get(address);
        return encodeAccount(account ?? readAccount(ctx, address), options, () => null);
      });
    }
    const returned = meta.returnData();
    const returnData =
      returned.data().length > 0
        ? {
            programId: base58.decode(returned.programId()),
            data: [Buffer.from(returned.data()).toString('base64'), 'base64'],
          }
        : null;
    return withContext(ctx, {
      err: null,
      logs: meta.logs(),
      accounts,
      unitsConsumed: Number(meta.computeUnitsConsumed()),
      returnData,
      innerInstructions: null,
      ...(replace ? { replacementBlockhash: ctx.ledger.blockhash() } : {}),
    });
  },

  getSignatureStatuses: (params, ctx) => {
    const list = params[0];
    if (!Array.isArray(list) || list.length > MAX_SIGNATURE_STATUSES) {
      throw invalidParams(`expected an array of at most ${MAX_SIGNATURE_STATUSES} signatures`);
    }
    configParam(params, 1);
    return withContext(
      ctx,
      list.map((_, index) => {
        const record = ctx.ledger.getRecord(stringParam(list, index, `signature ${index}`));
        return record ? status(record) : null;
      }),
    );
  },

  getTransaction: (params, ctx) => {
    const signature = stringParam(params, 0, 'signature');
    // The second parameter may be a bare encoding string (the older form) or a config object.
    const config = typeof params[1] === 'string' ? { encoding: params[1] } : configParam(params, 1);
    const encoding = optionalString(config, 'encoding') ?? 'json';
    if (encoding !== 'json' && encoding !== 'base64') {
      throw invalidParams(`unsupported encoding ${encoding}: the local chain answers json or base64`);
    }
    const record = ctx.ledger.getRecord(signature);
    if (!record) return null;
    return transactionResult(record, encoding, optionalUint(config, 'maxSupportedTransactionVersion', 0));
  },

  getSignaturesForAddress: (params, ctx) => {
    const address = addressParam(params, 0);
    const config = configParam(params, 1);
    const limit = optionalUint(config, 'limit', MAX_SIGNATURES_FOR_ADDRESS) ?? MAX_SIGNATURES_FOR_ADDRESS;
    const before = optionalString(config, 'before');
    const until = optionalString(config, 'until');
    const found: unknown[] = [];
    let started = before === undefined;
    for (const record of ctx.ledger.recentRecords()) {
      if (found.length >= limit || record.signature === until) break;
      if (!started) {
        started = record.signature === before;
        continue;
      }
      if (!record.accounts.includes(address)) continue;
      found.push({
        signature: record.signature,
        slot: record.slot,
        err: record.err,
        memo: record.memo,
        blockTime: record.blockTime,
        confirmationStatus: 'finalized',
      });
    }
    return found;
  },

  requestAirdrop: async (params, ctx) => {
    const address = addressParam(params, 0);
    const lamports = uintParam(params, 1, 'lamports');
    return (await ctx.faucet(address, { sol: formatUnits(BigInt(lamports), 9) })).signature;
  },

  /** Sandbox only: SOL and IO from the faucet and treasury. Params: [address, { sol?, io? }] in whole units. */
  sandboxFaucet: async (params, ctx) => {
    const address: Address = addressParam(params, 0);
    const config = configParam(params, 1);
    const amount = (key: string): number | string | undefined => {
      const value = config[key];
      if (value === undefined || typeof value === 'number' || typeof value === 'string') return value;
      throw invalidParams(`${key} must be a number or a decimal string`);
    };
    return ctx.faucet(address, { sol: amount('sol'), io: amount('io') });
  },
};
