// Decodes the exact message bytes a signer would sign into what the owner reads and what the signer
// policy checks: each instruction with its program, accounts and amount. Pure: no chain access. Only
// the four pinned programs are understood; anything else decodes as 'other' with its program id, so
// the policy can name it when refusing.
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  decodeTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_PROGRAM_ID,
  TokenInstruction,
} from '@solana/spl-token';
import { Message, PublicKey, SystemInstruction, SystemProgram, Transaction } from '@solana/web3.js';
import { formatUnits } from '../../common/io-units.js';
import { MEMO_PROGRAM_ID } from '../../common/node/solana-memo.js';

export type DecodedOp =
  | {
      type: 'transfer-checked';
      source: string;
      mint: string;
      destination: string;
      /** The source's owner: a wallet, or a multisig whose signers follow. */
      owner: string;
      multiSigners: string[];
      amount: bigint;
      decimals: number;
    }
  | { type: 'create-ata-idempotent'; payer: string; account: string; owner: string; mint: string }
  | { type: 'memo'; text: string; signers: string[] }
  | { type: 'sol-transfer'; from: string; to: string; lamports: bigint }
  /** A program outside the pins, or a pinned program's instruction the wallet never signs. */
  | { type: 'other'; what: string };

export interface DecodedInstructionView {
  program: string;
  programName: string;
  description: string;
  amount: string | null;
  asset: string | null;
  destination: string | null;
}

export interface DecodedMessage {
  feePayer: string;
  /** The accounts whose signatures the transaction needs, in the order the wire carries them. */
  signers: string[];
  recentBlockhash: string;
  ops: { program: string; op: DecodedOp }[];
}

const short = (address: string) => `${address.slice(0, 4)}…${address.slice(-4)}`;

export function decodeMessage(message: Uint8Array): DecodedMessage {
  let parsed: Message;
  try {
    parsed = Message.from(Buffer.from(message));
  } catch (error) {
    throw new Error(`the transaction cannot be read (${(error as Error).message}); nothing was signed`);
  }
  const tx = Transaction.populate(parsed);
  const signers = parsed.accountKeys.slice(0, parsed.header.numRequiredSignatures).map((k) => k.toBase58());
  return {
    feePayer: signers[0] ?? '',
    signers,
    recentBlockhash: parsed.recentBlockhash,
    ops: tx.instructions.map((ix) => ({ program: ix.programId.toBase58(), op: decodeInstruction(ix) })),
  };
}

function decodeInstruction(ix: Transaction['instructions'][number]): DecodedOp {
  const keys = ix.keys.map((k) => k.pubkey.toBase58());
  if (ix.programId.equals(TOKEN_PROGRAM_ID)) {
    const code = ix.data[0];
    const name =
      code === undefined ? 'an empty instruction' : (TokenInstruction[code] ?? `instruction ${code}`);
    if (code !== TokenInstruction.TransferChecked) return { type: 'other', what: `SPL Token ${name}` };
    try {
      const d = decodeTransferCheckedInstruction(ix);
      return {
        type: 'transfer-checked',
        source: d.keys.source.pubkey.toBase58(),
        mint: d.keys.mint.pubkey.toBase58(),
        destination: d.keys.destination.pubkey.toBase58(),
        owner: d.keys.owner.pubkey.toBase58(),
        multiSigners: d.keys.multiSigners.map((k) => k.pubkey.toBase58()),
        amount: d.data.amount,
        decimals: d.data.decimals,
      };
    } catch {
      return { type: 'other', what: 'a malformed SPL Token TransferChecked' };
    }
  }
  if (ix.programId.equals(ASSOCIATED_TOKEN_PROGRAM_ID)) {
    const [payer, account, owner, mint, system, token] = keys;
    const wellFormed =
      ix.data.length === 1 &&
      ix.data[0] === 1 &&
      keys.length === 6 &&
      system === SystemProgram.programId.toBase58() &&
      token === TOKEN_PROGRAM_ID.toBase58() &&
      // The account must be the owner's associated account for the mint, not any address.
      getAssociatedTokenAddressSync(new PublicKey(mint!), new PublicKey(owner!), true).toBase58() === account;
    if (!wellFormed)
      return { type: 'other', what: 'an associated-token instruction other than create-idempotent' };
    return { type: 'create-ata-idempotent', payer: payer!, account: account!, owner: owner!, mint: mint! };
  }
  if (ix.programId.equals(MEMO_PROGRAM_ID)) {
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      return { type: 'memo', text: text.decode(ix.data), signers: keys };
    } catch {
      return { type: 'other', what: 'a memo that is not UTF-8 text' };
    }
  }
  if (ix.programId.equals(SystemProgram.programId)) {
    try {
      if (SystemInstruction.decodeInstructionType(ix) === 'Transfer') {
        const t = SystemInstruction.decodeTransfer(ix);
        return {
          type: 'sol-transfer',
          from: t.fromPubkey.toBase58(),
          to: t.toPubkey.toBase58(),
          lamports: t.lamports,
        };
      }
      return { type: 'other', what: `System ${SystemInstruction.decodeInstructionType(ix)}` };
    } catch {
      return { type: 'other', what: 'a malformed System instruction' };
    }
  }
  return { type: 'other', what: `a call to the unknown program ${ix.programId.toBase58()}` };
}

const PROGRAM_NAMES: Record<string, string> = {
  [TOKEN_PROGRAM_ID.toBase58()]: 'token',
  [ASSOCIATED_TOKEN_PROGRAM_ID.toBase58()]: 'associated-token',
  [MEMO_PROGRAM_ID.toBase58()]: 'memo',
  [SystemProgram.programId.toBase58()]: 'system',
};

/**
 * The owner's reading of one instruction. `labels` names the addresses the owner knows ("your IO
 * account", "the stake vault of this device"); others are shown shortened. `ioMint` says which token
 * is IO: any other mint is shown as an unknown token, never as IO.
 */
export function describeOp(
  program: string,
  op: DecodedOp,
  labels: ReadonlyMap<string, string>,
  ioMint: string | null,
): DecodedInstructionView {
  const name = (a: string) => labels.get(a) ?? short(a);
  const base = { program, programName: PROGRAM_NAMES[program] ?? 'unknown' };
  switch (op.type) {
    case 'transfer-checked': {
      const io = op.mint === ioMint;
      const asset = io ? 'IO' : `token ${short(op.mint)}`;
      return {
        ...base,
        description: `Send ${formatUnits(op.amount, op.decimals)} ${asset} from ${name(op.source)} to ${name(op.destination)}`,
        amount: String(op.amount),
        asset: io ? 'IO' : null,
        destination: op.destination,
      };
    }
    case 'create-ata-idempotent':
      return {
        ...base,
        description: `Create ${name(op.account)} (the IO account of ${name(op.owner)}) if missing, rent paid by ${name(op.payer)}`,
        amount: null,
        asset: null,
        destination: op.account,
      };
    case 'memo':
      return { ...base, description: `Note "${op.text}"`, amount: null, asset: null, destination: null };
    case 'sol-transfer':
      return {
        ...base,
        description: `Send ${formatUnits(op.lamports, 9)} SOL from ${name(op.from)} to ${name(op.to)}`,
        amount: String(op.lamports),
        asset: 'SOL',
        destination: op.to,
      };
    case 'other':
      return { ...base, description: `Unknown: ${op.what}`, amount: null, asset: null, destination: null };
  }
  return assertNever(op);
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

export { short as shortAddress };
