// Key derivation and the import formats, checked against published vectors and @solana/web3.js.
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import {
  newMnemonic,
  normalizeMnemonic,
  seedFromMnemonic,
  slip10PrivateKey,
} from '../../main/wallet/keys/derive.js';
import { addressOf } from '../../main/wallet/keys/ed25519-seed.js';
import { seedFromImport } from '../../main/wallet/keys/import-formats.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('SLIP-0010 ed25519 derivation', () => {
  // SLIP-0010, "Test vector 1 for ed25519" (github.com/satoshilabs/slips/blob/master/slip-0010.md).
  const seed = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  it.each([
    ['m', '2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7'],
    ["m/0'", '68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3'],
    ["m/0'/1'", 'b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2'],
    ["m/0'/1'/2'", '92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9'],
    ["m/0'/1'/2'/2'", '30d1dc7e5fc04c31219ab25a27ae00b50f6fd66622f6e9c913253d6511d1e662'],
    ["m/0'/1'/2'/2'/1000000000'", '8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793'],
  ])('%s gives the published private key', (path, expected) => {
    expect(hex(slip10PrivateKey(seed, path))).toBe(expected);
  });

  it("derives the browser wallets' address for the BIP39 test phrase", () => {
    // The all-"abandon" BIP39 test vector (entropy 0, no passphrase) at m/44'/501'/0'/0': the
    // address Phantom/Solflare show for it, asserted as the expected value by several independent
    // wallet test suites (found with a code search, e.g. Rust and TypeScript Solana key tools).
    expect(addressOf(seedFromMnemonic(ABANDON))).toBe('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
    // and web3.js builds the same account from that seed
    expect(Keypair.fromSeed(seedFromMnemonic(ABANDON)).publicKey.toBase58()).toBe(
      'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk',
    );
  });
});

describe('recovery phrases', () => {
  it('makes fresh 12- and 24-word phrases that pass their own checksum', () => {
    const twelve = newMnemonic(12);
    expect(twelve.split(' ')).toHaveLength(12);
    expect(newMnemonic(24).split(' ')).toHaveLength(24);
    expect(normalizeMnemonic(twelve)).toBe(twelve);
    expect(newMnemonic(12)).not.toBe(twelve);
  });

  it('accepts any case and spacing as the same phrase', () => {
    const messy = `  ${ABANDON.toUpperCase().replaceAll(' ', ' \n\t ')}  `;
    expect(normalizeMnemonic(messy)).toBe(ABANDON);
    expect(addressOf(seedFromImport('mnemonic', messy))).toBe('HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk');
  });

  it.each([
    [
      'a wrong word count',
      ABANDON.split(' ').slice(0, 11).join(' '),
      /12, 15, 18, 21 or 24 words; this one has 11/,
    ],
    [
      'a word not in the list',
      ABANDON.replace('about', 'abuot'),
      /Word 12 is not in the BIP39 English word list/,
    ],
    ['two unknown words', `zzz ${ABANDON.split(' ').slice(1, 11).join(' ')} qqq`, /Words 1, 12 are not in/],
    ['a bad checksum', ABANDON.replace('about', 'abandon'), /checksum does not match/],
  ])('refuses %s with a sentence that does not quote the phrase', (_, phrase, message) => {
    let error: unknown;
    try {
      normalizeMnemonic(phrase);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    for (const word of ['abandon', 'abuot', 'zzz', 'qqq'])
      expect((error as Error).message).not.toContain(word);
  });
});

describe('import formats', () => {
  const keypair = Keypair.generate();
  const expected = keypair.publicKey.toBase58();

  it('a base58 64-byte secret key and a 32-byte seed give the web3.js address', () => {
    expect(addressOf(seedFromImport('secret-key', bs58.encode(keypair.secretKey)))).toBe(expected);
    expect(addressOf(seedFromImport('secret-key', ` ${bs58.encode(keypair.secretKey.slice(0, 32))}\n`))).toBe(
      expected,
    );
    // the kept seed rebuilds the very keypair web3.js made
    const seed = seedFromImport('secret-key', bs58.encode(keypair.secretKey));
    expect(Keypair.fromSeed(seed).secretKey).toEqual(keypair.secretKey);
  });

  it('a Solana CLI keypair file gives the web3.js address', () => {
    const file = JSON.stringify(Array.from(keypair.secretKey));
    const seed = seedFromImport('keypair-file', file);
    expect(addressOf(seed)).toBe(expected);
    expect(Keypair.fromSeed(seed).publicKey.toBase58()).toBe(expected);
  });

  const other = Keypair.generate();
  const spliced = new Uint8Array([...keypair.secretKey.slice(0, 32), ...other.publicKey.toBytes()]);
  const secret58 = bs58.encode(keypair.secretKey);
  it.each([
    ['secret-key', '', /secret key is empty/],
    ['secret-key', `${secret58.slice(0, 10)}0${secret58.slice(11)}`, /not base58: character 11/],
    ['secret-key', bs58.encode(keypair.secretKey.slice(0, 40)), /decodes to 40 bytes; expected 64/],
    ['secret-key', bs58.encode(spliced), /public-key half does not belong/],
    ['keypair-file', '[1,2,', /not JSON/],
    ['keypair-file', '{"secretKey":[]}', /holds a JSON object; expected an array of 64/],
    ['keypair-file', JSON.stringify(Array.from(keypair.secretKey.slice(0, 63))), /array of 63 numbers/],
    [
      'keypair-file',
      JSON.stringify([...Array.from(keypair.secretKey.slice(0, 63)), 256]),
      /entry 64 is not a whole number/,
    ],
    ['keypair-file', JSON.stringify(Array.from(spliced)), /public-key half does not belong/],
    ['seed-phrase', ABANDON, /Unknown import format "seed-phrase"/],
  ] as const)('%s: refuses %j with a sentence', (format, secret, message) => {
    expect(() => seedFromImport(format as never, secret)).toThrow(message);
    try {
      seedFromImport(format as never, secret);
    } catch (e) {
      if (secret.length > 8) expect((e as Error).message).not.toContain(secret);
      expect((e as Error).message).not.toContain(secret58);
    }
  });
});
