// A Solana transaction on the wire is shortvec(signature count) + 64 bytes per signature + the
// message, and ed25519 covers the message alone. The page hands the wallet a whole transaction
// (wallets' solana:signTransaction takes nothing less) and the node checks that it carries exactly
// the message the owner approved, so a wallet never sees one transaction while the node verifies another.
import { VersionedMessage } from '@solana/web3.js';

/** Reads a shortvec (compact-u16) at `offset`: its value and the bytes it took; null if malformed. */
export function readShortVec(bytes: Uint8Array, offset = 0): { value: number; size: number } | null {
  let value = 0;
  for (let i = 0; i < 3; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return null;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value, size: i + 1 };
  }
  return null;
}

function shortVec(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>= 7;
    if (rest) byte |= 0x80;
    out.push(byte);
  } while (rest);
  return Uint8Array.from(out);
}

export interface MessageSigners {
  /** The message's required signers, in signature order (base58). */
  signers: string[];
}

/** Parses a serialized message (legacy or v0); throws a clear error for anything else. */
export function messageSigners(message: Uint8Array): MessageSigners {
  let parsed: VersionedMessage;
  try {
    parsed = VersionedMessage.deserialize(message);
  } catch (error) {
    throw new Error(`not a Solana transaction message: ${(error as Error).message}`);
  }
  const count = parsed.header.numRequiredSignatures;
  return { signers: parsed.staticAccountKeys.slice(0, count).map((key) => key.toBase58()) };
}

/** Where `address` signs in `message`; throws when it is not one of the message's signers. */
export function signerIndex(message: Uint8Array, address: string): number {
  const index = messageSigners(message).signers.indexOf(address);
  if (index < 0) throw new Error(`the connected wallet ${address} is not a signer of this transaction`);
  return index;
}

/**
 * The wire transaction to give the page: `wire` when the caller has one (with the other signatures
 * it already holds), after checking that its message is exactly `message`; otherwise one built
 * from the message with every signature slot empty (zeros), which wallets sign just the same.
 */
export function wireTransaction(message: Uint8Array, wire?: Uint8Array): Uint8Array {
  const count = messageSigners(message).signers.length;
  if (!wire) {
    const head = shortVec(count);
    const out = new Uint8Array(head.length + 64 * count + message.length);
    out.set(head, 0);
    out.set(message, head.length + 64 * count);
    return out;
  }
  const sigs = readShortVec(wire);
  if (!sigs || sigs.value !== count)
    throw new Error(`the transaction has ${sigs?.value ?? 'no'} signature slots; its message needs ${count}`);
  const body = wire.subarray(sigs.size + 64 * count);
  if (body.length !== message.length || !body.every((byte, i) => byte === message[i]))
    throw new Error('the transaction does not carry the message being signed');
  return wire;
}
