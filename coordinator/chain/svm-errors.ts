// LiteSVM reports transaction errors as napi objects and bare enum numbers; RPC clients expect the JSON
// shape an Agave node sends ("InsufficientFundsForFee", {"InstructionError":[0,{"Custom":1}]}). The
// name tables follow the order of the enums in litesvm's internal.d.ts (which mirror Agave's): those
// enums are ambient `const enum`s, which isolatedModules cannot read, so the names are listed here.
import type { FailedTransactionMetadata } from 'litesvm';

export type RpcTxError = string | Record<string, unknown>;
type SvmError = ReturnType<FailedTransactionMetadata['err']>;

const TRANSACTION_ERRORS = [
  'AccountInUse',
  'AccountLoadedTwice',
  'AccountNotFound',
  'ProgramAccountNotFound',
  'InsufficientFundsForFee',
  'InvalidAccountForFee',
  'AlreadyProcessed',
  'BlockhashNotFound',
  'CallChainTooDeep',
  'MissingSignatureForFee',
  'InvalidAccountIndex',
  'SignatureFailure',
  'InvalidProgramForExecution',
  'SanitizeFailure',
  'ClusterMaintenance',
  'AccountBorrowOutstanding',
  'WouldExceedMaxBlockCostLimit',
  'UnsupportedVersion',
  'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit',
  'WouldExceedAccountDataBlockLimit',
  'TooManyAccountLocks',
  'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner',
  'InvalidAddressLookupTableData',
  'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount',
  'WouldExceedMaxVoteCostLimit',
  'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded',
  'ResanitizationNeeded',
  'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction',
  'ProgramCacheHitMaxLimit',
  'CommitCancelled',
] as const;

const INSTRUCTION_ERRORS = [
  'GenericError',
  'InvalidArgument',
  'InvalidInstructionData',
  'InvalidAccountData',
  'AccountDataTooSmall',
  'InsufficientFunds',
  'IncorrectProgramId',
  'MissingRequiredSignature',
  'AccountAlreadyInitialized',
  'UninitializedAccount',
  'UnbalancedInstruction',
  'ModifiedProgramId',
  'ExternalAccountLamportSpend',
  'ExternalAccountDataModified',
  'ReadonlyLamportChange',
  'ReadonlyDataModified',
  'DuplicateAccountIndex',
  'ExecutableModified',
  'RentEpochModified',
  'NotEnoughAccountKeys',
  'AccountDataSizeChanged',
  'AccountNotExecutable',
  'AccountBorrowFailed',
  'AccountBorrowOutstanding',
  'DuplicateAccountOutOfSync',
  'InvalidError',
  'ExecutableDataModified',
  'ExecutableLamportChange',
  'ExecutableAccountNotRentExempt',
  'UnsupportedProgramId',
  'CallDepth',
  'MissingAccount',
  'ReentrancyNotAllowed',
  'MaxSeedLengthExceeded',
  'InvalidSeeds',
  'InvalidRealloc',
  'ComputationalBudgetExceeded',
  'PrivilegeEscalation',
  'ProgramEnvironmentSetupFailure',
  'ProgramFailedToComplete',
  'ProgramFailedToCompile',
  'Immutable',
  'IncorrectAuthority',
  'AccountNotRentExempt',
  'InvalidAccountOwner',
  'ArithmeticOverflow',
  'UnsupportedSysvar',
  'IllegalOwner',
  'MaxAccountsDataAllocationsExceeded',
  'MaxAccountsExceeded',
  'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits',
  'BorshIoError',
] as const;

export const ALREADY_PROCESSED = 'AlreadyProcessed';
export const BLOCKHASH_NOT_FOUND = 'BlockhashNotFound';

function instructionError(inner: unknown): RpcTxError {
  if (typeof inner === 'number') return INSTRUCTION_ERRORS[inner] ?? `InstructionError${inner}`;
  if (inner && typeof inner === 'object' && 'code' in inner) return { Custom: Number(inner.code) };
  return 'BorshIoError';
}

/** The Agave JSON form of a LiteSVM transaction error. */
export function toRpcTxError(err: SvmError): RpcTxError {
  if (typeof err === 'number') return TRANSACTION_ERRORS[err] ?? `TransactionError${err}`;
  if ('err' in err && typeof err.err === 'function') {
    return { InstructionError: [err.index, instructionError(err.err())] };
  }
  if ('index' in err) return { DuplicateInstruction: err.index };
  // The two remaining variants carry only an account index; napi names their classes after them.
  const name = err.constructor.name.replace(/^TransactionError/, '');
  return { [name]: { account_index: err.accountIndex } };
}

/** A one-line reason for RPC error messages ("custom program error: 0x1"), as Agave words them. */
export function describeTxError(err: RpcTxError): string {
  if (typeof err === 'string') return err;
  const ix = err.InstructionError;
  if (Array.isArray(ix)) {
    const [index, inner] = ix as [number, RpcTxError];
    const reason =
      typeof inner === 'object' && typeof inner.Custom === 'number'
        ? `custom program error: 0x${inner.Custom.toString(16)}`
        : String(inner);
    return `Error processing Instruction ${index}: ${reason}`;
  }
  const rent = err.InsufficientFundsForRent as { account_index?: number } | undefined;
  if (rent)
    return `Transaction results in an account (${rent.account_index}) with insufficient funds for rent`;
  return JSON.stringify(err);
}

/** The `value` of a simulation that failed before or while running: what web3.js expects to read. */
export function simulationFailure(err: unknown, logs: string[]) {
  return { err, logs, accounts: null, unitsConsumed: 0, returnData: null, innerInstructions: null };
}
