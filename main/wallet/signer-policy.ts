// The signer policy: the only transactions this app signs, matched instruction by instruction against
// what the owner asked for. It runs on the decoded message bytes, at prepare time (to show the owner)
// and again right before signing (the bytes that are signed are the bytes that were checked). Three
// shapes exist (docs/wallet.md); anything else is refused with one sentence naming the instruction.
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { PublicKey } from '@solana/web3.js';
import type { DecodedMessage, DecodedOp } from './tx-decode.js';
import { IO_DECIMALS } from '../../common/io-units.js';

/** What the owner asked for; amounts are base units as decimal strings (kept in the journal as JSON). */
export type SigningIntent =
  | { kind: 'stake'; wallet: string; ioMint: string; vault: string; deviceId: string; amount: string }
  | {
      kind: 'withdraw';
      wallet: string;
      ioMint: string;
      vault: string;
      multisig: string;
      cosigner: string;
      requestId: string;
      amount: string;
    }
  | { kind: 'transfer'; wallet: string; ioMint: string; asset: 'IO' | 'SOL'; to: string; amount: string };

export class PolicyRefusal extends Error {
  override readonly name = 'PolicyRefusal';
}

/** The wallet's associated IO account: where its IO is, and the only IO account it sends from. */
export function ioAccountOf(ioMint: string, owner: string): string {
  return getAssociatedTokenAddressSync(new PublicKey(ioMint), new PublicKey(owner), true).toBase58();
}

interface Slot {
  label: string;
  optional?: boolean;
  type: DecodedOp['type'];
  /** null when the instruction is the one expected, else why not (a clause: "sends to X, not Y"). */
  check(op: DecodedOp): string | null;
}

const differs = (what: string, got: string, want: string) =>
  got === want ? null : `${what} ${got}, not ${want}`;

function transferSlot(
  label: string,
  want: {
    source: string;
    destination: string;
    owner: string;
    mint: string;
    amount: bigint;
    signers: string[];
  },
  names: { destination: string },
): Slot {
  return {
    label,
    type: 'transfer-checked',
    check: (op) => {
      if (op.type !== 'transfer-checked') return 'is not a token transfer';
      if (op.mint !== want.mint)
        return `moves the token ${op.mint}, not the pinned IO mint ${want.mint} (a look-alike token)`;
      if (op.decimals !== IO_DECIMALS) return `says ${op.decimals} decimals, IO has ${IO_DECIMALS}`;
      if (op.destination !== want.destination)
        return `sends to ${op.destination}, not ${names.destination} ${want.destination}`;
      if (op.amount !== want.amount) return `moves ${op.amount} base units, not the ${want.amount} asked for`;
      const signers = [...op.multiSigners].sort().join(',');
      return (
        differs('takes from', op.source, want.source) ??
        differs('is authorised by', op.owner, want.owner) ??
        (signers === [...want.signers].sort().join(',') ? null : `asks the signers ${signers || 'none'}`)
      );
    },
  };
}

function memoSlot(text: string, wallet: string): Slot {
  return {
    label: 'the memo',
    type: 'memo',
    check: (op) => {
      if (op.type !== 'memo') return 'is not a memo';
      if (op.text !== text) return `says "${op.text}", not "${text}"`;
      return op.signers.every((s) => s === wallet) ? null : 'asks a signature from another account';
    },
  };
}

function createAtaSlot(payer: string, owner: string, mint: string): Slot {
  return {
    label: "the destination's IO account creation",
    optional: true,
    type: 'create-ata-idempotent',
    check: (op) => {
      if (op.type !== 'create-ata-idempotent') return 'is not an account creation';
      return (
        differs('creates an account of', op.mint, mint) ??
        differs('for', op.owner, owner) ??
        differs('paid by', op.payer, payer)
      );
    },
  };
}

function slotsFor(intent: SigningIntent, feePayer: string): Slot[] {
  const mint = intent.ioMint;
  const walletIo = ioAccountOf(mint, intent.wallet);
  const amount = BigInt(intent.amount);
  if (intent.kind === 'stake')
    return [
      transferSlot(
        'the stake deposit',
        { source: walletIo, destination: intent.vault, owner: intent.wallet, mint, amount, signers: [] },
        { destination: "this device's stake vault" },
      ),
      memoSlot(`io-stake:${intent.deviceId}`, intent.wallet),
    ];
  if (intent.kind === 'withdraw')
    return [
      createAtaSlot(feePayer, intent.wallet, mint),
      transferSlot(
        'the release from the vault',
        {
          source: intent.vault,
          destination: walletIo,
          owner: intent.multisig,
          mint,
          amount,
          signers: [intent.wallet, intent.cosigner],
        },
        { destination: "your wallet's IO account" },
      ),
      memoSlot(`io-unstake:${intent.requestId}`, intent.wallet),
    ];
  if (intent.asset === 'SOL')
    return [
      {
        label: 'the SOL transfer',
        type: 'sol-transfer',
        check: (op) => {
          if (op.type !== 'sol-transfer') return 'is not a SOL transfer';
          return (
            differs('sends to', op.to, intent.to) ??
            differs('sends from', op.from, intent.wallet) ??
            (op.lamports === amount ? null : `moves ${op.lamports} lamports, not the ${amount} asked for`)
          );
        },
      },
    ];
  return [
    createAtaSlot(intent.wallet, intent.to, mint),
    transferSlot(
      'the IO transfer',
      {
        source: walletIo,
        destination: ioAccountOf(mint, intent.to),
        owner: intent.wallet,
        mint,
        amount,
        signers: [],
      },
      { destination: 'the IO account of the address you typed' },
    ),
  ];
}

/** Throws PolicyRefusal (one sentence) unless the message is exactly what `intent` allows. */
export function checkPolicy(message: DecodedMessage, intent: SigningIntent): void {
  const refuse = (why: string): never => {
    throw new PolicyRefusal(`Refused to sign this ${intent.kind}: ${why}.`);
  };
  const networkPays = intent.kind === 'withdraw';
  if (networkPays && message.feePayer === intent.wallet)
    refuse('the wallet would pay the fee, which for a withdraw is the network’s');
  if (!networkPays && message.feePayer !== intent.wallet)
    refuse(`the fee payer is ${message.feePayer}, not your wallet`);
  if (!message.signers.includes(intent.wallet)) refuse('it does not ask your wallet to sign');
  if (!networkPays && message.signers.length !== 1) refuse('it asks other accounts to sign as well');
  const slots = slotsFor(intent, message.feePayer);
  let next = 0;
  message.ops.forEach(({ op }, i) => {
    const at = `instruction ${i + 1}`;
    if (op.type === 'other') refuse(`${at} is ${op.what}, which this wallet never signs`);
    for (;;) {
      const slot = slots[next];
      if (!slot) return refuse(`${at} (${op.type}) is an extra instruction`);
      if (slot.optional && slot.type !== op.type) {
        next += 1;
        continue;
      }
      const why = slot.check(op);
      if (why) refuse(`${at}, ${slot.label}, ${why}`);
      next += 1;
      return;
    }
  });
  const missing = slots.slice(next).find((s) => !s.optional);
  if (missing) refuse(`${missing.label} is missing`);
}
