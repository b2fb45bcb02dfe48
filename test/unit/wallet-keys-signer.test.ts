// The unlocked signer: its signatures verify for its address with web3.js and noble, lock() wipes it
// for good, and neither JSON nor util.inspect shows anything but the address.
import { inspect } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519';
import { Keypair, PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import type { SigningRequest } from '../../common/wallet-api.js';
import { createUnlockedSigner, SignerLockedError } from '../../main/wallet/keys/unlocked-signer.js';

const request = {} as SigningRequest; // the in-app signer does not show it again

describe('unlocked signer', () => {
  it('signs a transaction message so web3.js and noble verify it for the address', async () => {
    const keypair = Keypair.generate();
    const signer = createUnlockedSigner(keypair.secretKey.slice(0, 32));
    expect(signer.kind).toBe('in-app');
    expect(signer.address).toBe(keypair.publicKey.toBase58());
    const payer = new PublicKey(signer.address);
    const tx = new Transaction({
      feePayer: payer,
      recentBlockhash: bs58.encode(new Uint8Array(32).fill(9)),
    }).add(
      SystemProgram.transfer({ fromPubkey: payer, toPubkey: Keypair.generate().publicKey, lamports: 5 }),
    );
    const message = tx.serializeMessage();
    const signature = await signer.signMessage(message, request);
    tx.addSignature(payer, Buffer.from(signature));
    expect(tx.verifySignatures()).toBe(true);
    expect(ed25519.verify(signature, message, keypair.publicKey.toBytes())).toBe(true);
    // the same bytes web3.js's own key would produce (ed25519 is deterministic)
    tx.sign(keypair);
    expect(Buffer.from(tx.signature!)).toEqual(Buffer.from(signature));
    message[0]! ^= 1;
    expect(ed25519.verify(signature, message, keypair.publicKey.toBytes())).toBe(false);
  });

  it('after lock() the seed is wiped and signing is refused', async () => {
    const seed = Keypair.generate().secretKey.slice(0, 32);
    const signer = createUnlockedSigner(seed);
    await expect(signer.signMessage(new Uint8Array([1, 2, 3]), request)).resolves.toHaveLength(64);
    signer.lock();
    expect(seed.every((b) => b === 0)).toBe(true);
    await expect(signer.signMessage(new Uint8Array([1, 2, 3]), request)).rejects.toBeInstanceOf(
      SignerLockedError,
    );
    await expect(signer.signMessage(new Uint8Array([1, 2, 3]), request)).rejects.toThrow(/locked: unlock it/);
    signer.lock(); // twice is harmless
  });

  it('refuses a message that is not bytes', async () => {
    const signer = createUnlockedSigner(Keypair.generate().secretKey.slice(0, 32));
    await expect(signer.signMessage('hello' as unknown as Uint8Array, request)).rejects.toThrow(
      /must be bytes/,
    );
  });

  it('shows no secret through JSON.stringify, util.inspect or its own keys', () => {
    const keypair = Keypair.generate();
    const seed = keypair.secretKey.slice(0, 32);
    const forms = [
      Buffer.from(seed).toString('hex'),
      Buffer.from(seed).toString('base64'),
      bs58.encode(seed),
      bs58.encode(keypair.secretKey),
      Buffer.from(keypair.secretKey).toString('hex'),
      Buffer.from(keypair.secretKey).toString('base64'),
      Array.from(seed).slice(0, 8).join(', '),
    ];
    const signer = createUnlockedSigner(seed);
    const shown = [
      JSON.stringify(signer),
      inspect(signer, { depth: Infinity, showHidden: true, getters: true }),
      String(signer),
      JSON.stringify(Object.getOwnPropertyNames(signer).map((k) => [k, String((signer as never)[k])])),
    ];
    expect(JSON.parse(shown[0]!)).toEqual({ kind: 'in-app', address: keypair.publicKey.toBase58() });
    for (const text of shown) for (const form of forms) expect(text).not.toContain(form);
    expect(Object.isFrozen(signer)).toBe(true);
  });
});
