// Keys, transactions and requests for the browser-wallet tests: real ed25519 keys and real Solana
// messages (web3.js), so the node's checks run on exactly what a wallet would sign.
import { ed25519 } from '@noble/curves/ed25519';
import { Keypair, PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import type { SigningRequest } from '../../common/wallet-api.js';

export interface TestKey {
  address: string;
  publicKey: PublicKey;
  sign(message: Uint8Array | string): Uint8Array;
}

export function testKey(): TestKey {
  const pair = Keypair.generate();
  const seed = pair.secretKey.slice(0, 32);
  return {
    address: pair.publicKey.toBase58(),
    publicKey: pair.publicKey,
    sign: (m) => ed25519.sign(typeof m === 'string' ? new TextEncoder().encode(m) : m, seed),
  };
}

const BLOCKHASH = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';

/** A transfer from `from` (fee payer) with `coSigner` as a second required signer when given. */
export function transferTx(from: PublicKey, lamports = 5000, coSigner?: PublicKey): Transaction {
  const tx = new Transaction({ feePayer: from, recentBlockhash: BLOCKHASH });
  tx.add(SystemProgram.transfer({ fromPubkey: from, toPubkey: PublicKey.unique(), lamports }));
  if (coSigner) tx.add(SystemProgram.transfer({ fromPubkey: coSigner, toPubkey: from, lamports: 1 }));
  return tx;
}

export const messageOf = (tx: Transaction) => new Uint8Array(tx.serializeMessage());

export function signingRequest(requestId: string, o: Partial<SigningRequest> = {}): SigningRequest {
  return {
    requestId,
    kind: 'stake',
    title: 'Stake 200 IO on this device',
    rules: ['Unstaking takes 14 days', 'Stake returns to this wallet only'],
    feePayer: '11111111111111111111111111111111',
    feeLamports: '5000',
    instructions: [
      {
        program: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
        programName: 'token',
        description: 'Send 200 IO from your IO account to the stake vault of this device',
        amount: '200000000000',
        asset: 'IO',
        destination: null,
      },
    ],
    expiresAt: Date.now() + 10 * 60_000,
    state: 'signing',
    signature: null,
    reason: '',
    ...o,
  };
}
