// Read-only JSON-RPC methods: accounts, tokens, clock and cluster facts. Shapes follow Agave's RPC
// as @solana/web3.js 1.99 validates them.
import { getCompiledTransactionMessageDecoder, type Address } from '@solana/kit';
import { SLOTS_PER_EPOCH } from './ledger.js';
import {
  encodeAccount,
  encodeOptions,
  readAccount,
  withContext,
  type RpcContext,
  type RpcHandler,
} from './rpc-context.js';
import { addressParam, configParam, invalidParams, stringParam, uintParam } from './rpc-params.js';
import { parseMint, parseTokenAccount, TOKEN_PROGRAM_NAMES, uiTokenAmount } from './token-accounts.js';

export const LAMPORTS_PER_SIGNATURE = 5000;
const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
const MAX_MULTIPLE_ACCOUNTS = 100;

function tokenAccountOrThrow(ctx: RpcContext, address: Address): { amount: bigint; mint: string } {
  const account = readAccount(ctx, address);
  const token = account.exists ? parseTokenAccount(account.programAddress, account.data) : null;
  if (!token) throw invalidParams('not a Token account');
  return token;
}

// Agave's fee: 5000 lamports per signature plus the priority fee (price x compute-unit limit, where an
// unset limit is 200k per non-compute-budget instruction, capped at 1.4M).
function feeForMessage(
  message: ReturnType<ReturnType<typeof getCompiledTransactionMessageDecoder>['decode']>,
): number {
  if (message.version === 1) return LAMPORTS_PER_SIGNATURE * message.header.numSignerAccounts;
  let limit: number | null = null;
  let microLamports = 0n;
  let others = 0;
  for (const ix of message.instructions) {
    const data = Buffer.from(ix.data ?? new Uint8Array());
    if (message.staticAccounts[ix.programAddressIndex] !== COMPUTE_BUDGET_PROGRAM) others += 1;
    else if (data[0] === 2 && data.length >= 5) limit = data.readUInt32LE(1);
    else if (data[0] === 3 && data.length >= 9) microLamports = data.readBigUInt64LE(1);
  }
  const units = BigInt(limit ?? Math.min(200_000 * others, 1_400_000));
  const priority = (microLamports * units + 999_999n) / 1_000_000n;
  return LAMPORTS_PER_SIGNATURE * message.header.numSignerAccounts + Number(priority);
}

export const readMethods: Record<string, RpcHandler> = {
  getHealth: () => 'ok',
  getVersion: () => ({ 'solana-core': 'litesvm-1.5.0', 'feature-set': 0 }),
  getGenesisHash: (_params, ctx) => ctx.ledger.genesisHash,
  getSlot: (_params, ctx) => ctx.ledger.slot,
  // One block per slot, none skipped.
  getBlockHeight: (_params, ctx) => ctx.ledger.slot,
  getTransactionCount: (_params, ctx) => ctx.ledger.transactionCount,
  getEpochInfo: (_params, ctx) => {
    const slot = ctx.ledger.slot;
    return {
      epoch: Math.floor(slot / SLOTS_PER_EPOCH),
      slotIndex: slot % SLOTS_PER_EPOCH,
      slotsInEpoch: SLOTS_PER_EPOCH,
      absoluteSlot: slot,
      blockHeight: slot,
      transactionCount: ctx.ledger.transactionCount,
    };
  },
  getEpochSchedule: () => ({
    slotsPerEpoch: SLOTS_PER_EPOCH,
    leaderScheduleSlotOffset: SLOTS_PER_EPOCH,
    warmup: false,
    firstNormalEpoch: 0,
    firstNormalSlot: 0,
  }),
  getLatestBlockhash: (_params, ctx) => withContext(ctx, ctx.ledger.blockhash()),
  // Removed from Agave 2.0 but still in web3.js 1.x (deprecated); cheap to keep answering.
  getRecentBlockhash: (_params, ctx) =>
    withContext(ctx, {
      blockhash: ctx.ledger.blockhash().blockhash,
      feeCalculator: { lamportsPerSignature: LAMPORTS_PER_SIGNATURE },
    }),
  isBlockhashValid: (params, ctx) =>
    withContext(ctx, ctx.ledger.isBlockhashValid(stringParam(params, 0, 'blockhash'))),
  // No fee market here: every transaction lands, so there are no recent priority fees to report.
  getRecentPrioritizationFees: () => [],
  getFeeForMessage: (params, ctx) => {
    let message;
    try {
      message = getCompiledTransactionMessageDecoder().decode(
        Buffer.from(stringParam(params, 0, 'message'), 'base64'),
      );
    } catch (error) {
      throw invalidParams(`failed to deserialize message: ${(error as Error).message}`);
    }
    // Agave answers null for a message whose blockhash has expired.
    const valid = 'lifetimeToken' in message && ctx.ledger.isBlockhashValid(message.lifetimeToken);
    return withContext(ctx, valid ? feeForMessage(message) : null);
  },
  getMinimumBalanceForRentExemption: (params, ctx) =>
    Number(
      ctx.ledger.svm.minimumBalanceForRentExemption(BigInt(uintParam(params, 0, 'data length', 10 << 20))),
    ),
  getBalance: (params, ctx) => {
    const account = readAccount(ctx, addressParam(params, 0));
    return withContext(ctx, account.exists ? Number(account.lamports) : 0);
  },
  getAccountInfo: (params, ctx) => {
    const options = encodeOptions(configParam(params, 1));
    return withContext(
      ctx,
      encodeAccount(readAccount(ctx, addressParam(params, 0)), options, ctx.ledger.decimalsOf),
    );
  },
  getMultipleAccounts: (params, ctx) => {
    const list = params[0];
    if (!Array.isArray(list) || list.length > MAX_MULTIPLE_ACCOUNTS) {
      throw invalidParams(`expected an array of at most ${MAX_MULTIPLE_ACCOUNTS} addresses`);
    }
    const options = encodeOptions(configParam(params, 1));
    const addresses = list.map((_, index) => addressParam(list, index, `address ${index}`));
    return withContext(
      ctx,
      addresses.map((address) => encodeAccount(readAccount(ctx, address), options, ctx.ledger.decimalsOf)),
    );
  },
  getTokenAccountBalance: (params, ctx) => {
    const token = tokenAccountOrThrow(ctx, addressParam(params, 0));
    const decimals = ctx.ledger.decimalsOf(token.mint);
    if (decimals === null) throw invalidParams('the token account has no valid mint');
    return withContext(ctx, uiTokenAmount(token.amount, decimals));
  },
  getTokenSupply: (params, ctx) => {
    const account = readAccount(ctx, addressParam(params, 0, 'mint'));
    const mint = account.exists ? parseMint(account.programAddress, account.data) : null;
    if (!mint) throw invalidParams('not a Token mint');
    return withContext(ctx, uiTokenAmount(mint.supply, mint.decimals));
  },
  getTokenAccountsByOwner: (params, ctx) => {
    const owner = addressParam(params, 0, 'owner');
    const filter = configParam(params, 1);
    const mint = typeof filter.mint === 'string' ? addressParam([filter.mint], 0, 'mint') : null;
    const programId =
      typeof filter.programId === 'string' ? addressParam([filter.programId], 0, 'programId') : null;
    if ((mint === null) === (programId === null))
      throw invalidParams('filter must name exactly one of mint, programId');
    const options = encodeOptions(configParam(params, 2));
    const programs = programId ? [programId] : [...TOKEN_PROGRAM_NAMES.keys()];
    const found = programs.flatMap((program) =>
      ctx.ledger.svm.getProgramAccounts(program as Address).filter((account) => {
        const token = parseTokenAccount(account.programAddress, account.data);
        return token !== null && token.owner === owner && (mint === null || token.mint === mint);
      }),
    );
    return withContext(
      ctx,
      found.map((account) => ({
        pubkey: account.address,
        account: encodeAccount(account, options, ctx.ledger.decimalsOf),
      })),
    );
  },
};
