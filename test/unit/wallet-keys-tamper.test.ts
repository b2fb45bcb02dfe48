// Every part of the keystore file is bound to the passphrase: flip one bit or edit one header field
// and unlock fails with a clear error, never with a key for another address.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyVaultError, WrongPassphraseError } from '../../main/wallet/key-vault.js';
import { createFileKeyVault } from '../../main/wallet/keys/file-key-vault.js';
import { encryptSeed, MIN_SCRYPT_N } from '../../main/wallet/keys/keystore-file.js';

const PASS = 'tamper test passphrase';
const cost = { N: MIN_SCRYPT_N, r: 8, p: 1 };
type File = Record<string, unknown> & {
  kdf: Record<string, unknown>;
  cipher: Record<string, unknown>;
};

/** The base64 value with one bit of its first byte flipped. */
const flip = (b64: unknown) => {
  const bytes = Buffer.from(b64 as string, 'base64');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64');
};

let original: string;
let address: string;
beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'wallet-tamper-')), 'wallet', 'keystore.json');
  address = (await createFileKeyVault({ path, scrypt: cost }).create(12, PASS)).info.address;
  original = readFileSync(path, 'utf8');
});

async function unlockEdited(edit: (file: File) => void | string) {
  const path = join(mkdtempSync(join(tmpdir(), 'wallet-tamper-')), 'keystore.json');
  const file = JSON.parse(original) as File;
  const replaced = edit(file);
  writeFileSync(path, typeof replaced === 'string' ? replaced : JSON.stringify(file), { mode: 0o600 });
  return createFileKeyVault({ path, scrypt: cost }).unlock(PASS);
}

describe('a tampered keystore file', () => {
  it('opens when untouched (the table below starts from a good file)', async () => {
    expect((await unlockEdited(() => undefined)).address).toBe(address);
  });

  // What each edit can be told apart as: the header and the encrypted part are checked by GCM once
  // the passphrase is known right ("altered"); the salt and cost are inputs to the passphrase's key,
  // so an edit there is indistinguishable from a wrong passphrase, and says so.
  const other = 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk';
  it.each<[string, (f: File) => void | string, RegExp | typeof WrongPassphraseError]>([
    ['one bit of the ciphertext', (f) => void (f.ciphertext = flip(f.ciphertext)), /was altered/],
    ['one bit of the tag', (f) => void (f.tag = flip(f.tag)), /was altered/],
    ['one bit of the iv', (f) => void (f.cipher.iv = flip(f.cipher.iv)), /was altered/],
    ['one bit of the salt', (f) => void (f.kdf.salt = flip(f.kdf.salt)), WrongPassphraseError],
    ['one bit of the check value', (f) => void (f.check = flip(f.check)), WrongPassphraseError],
    ['the address', (f) => void (f.address = other), /was altered/],
    ['the origin', (f) => void (f.origin = 'secret-key'), /was altered/],
    ['scrypt N (a valid smaller cost)', (f) => void (f.kdf.N = MIN_SCRYPT_N * 2), WrongPassphraseError],
    ['scrypt r', (f) => void (f.kdf.r = 4), WrongPassphraseError],
    [
      'scrypt N (not a power of two)',
      (f) => void (f.kdf.N = 100_000),
      /scrypt parameters this app does not accept/,
    ],
    [
      'scrypt N (gigabytes of memory)',
      (f) => void (f.kdf.N = 2 ** 24),
      /scrypt parameters this app does not accept/,
    ],
    ['the kdf name', (f) => void (f.kdf.name = 'pbkdf2'), /damaged: kdf\.name/],
    ['the cipher name', (f) => void (f.cipher.name = 'aes-128-gcm'), /damaged: cipher\.name/],
    ['the version', (f) => void (f.version = 2), /version 2, which this app does not read/],
    ['a missing tag', (f) => void delete f.tag, /damaged: tag/],
    ['a short iv', (f) => void (f.cipher.iv = 'AAAA'), /damaged: cipher\.iv: expected 12 bytes/],
    ['an address that is no address', (f) => void (f.address = 'not an address'), /damaged: address/],
    ['text that is not JSON', () => '{"version":1,', /damaged: it is not JSON/],
  ])('%s fails with a clear error', async (_, edit, expected) => {
    const unlocking = unlockEdited(edit);
    if (expected instanceof RegExp) {
      await expect(unlocking).rejects.toBeInstanceOf(KeyVaultError);
      await expect(unlocking).rejects.toThrow(expected);
    } else {
      await expect(unlocking).rejects.toBeInstanceOf(expected);
    }
  });

  it('refuses a file whose key, though it decrypts, is not the address it names', async () => {
    // Only a writer that knows the passphrase can make this; the address check still catches it.
    const path = join(mkdtempSync(join(tmpdir(), 'wallet-tamper-')), 'keystore.json');
    const seed = new Uint8Array(32).fill(7);
    writeFileSync(path, JSON.stringify(await encryptSeed(seed, address, 'created', PASS, cost)));
    await expect(createFileKeyVault({ path }).unlock(PASS)).rejects.toThrow(
      /tampered with: its key does not belong to the address/,
    );
  });

  it('info() refuses a damaged file and reads a good one without the passphrase', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wallet-tamper-')), 'keystore.json');
    writeFileSync(path, original);
    expect(createFileKeyVault({ path }).info()).toEqual({ address, origin: 'created' });
    writeFileSync(path, original.replace('"origin": "created"', '"origin": "stolen"'));
    expect(() => createFileKeyVault({ path }).info()).toThrow(/damaged: origin/);
  });
});
