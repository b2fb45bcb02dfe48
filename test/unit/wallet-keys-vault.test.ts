// The file keystore end to end: create, unlock, wrong passphrase, imports, passphrase change,
// permissions, and that no secret reaches the file or a log. The first test runs the app's scrypt
// cost; the rest use the smallest one a file may name (N = 2^14), so the suite stays quick.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyVaultError, WrongPassphraseError } from '../../main/wallet/key-vault.js';
import { seedFromMnemonic } from '../../main/wallet/keys/derive.js';
import { createFileKeyVault as createVault } from '../../main/wallet/keys/file-key-vault.js';
import { MIN_SCRYPT_N, SCRYPT } from '../../main/wallet/keys/keystore-file.js';

const keystorePath = () => join(mkdtempSync(join(tmpdir(), 'wallet-keys-')), 'wallet', 'keystore.json');
const PASS = 'correct horse battery staple';
const createFileKeyVault = ({ path }: { path: string }) =>
  createVault({ path, scrypt: { N: MIN_SCRYPT_N, r: 8, p: 1 } });

describe('file key vault', () => {
  afterEach(() => vi.restoreAllMocks());

  it('create then unlock gives the same address; the file and folder are owner-only', async () => {
    const path = keystorePath();
    const vault = createVault({ path }); // the app's own cost
    expect(vault.info()).toBeNull();
    const created = await vault.create(24, PASS);
    expect(created.mnemonic.split(' ')).toHaveLength(24);
    expect(created.info).toEqual({ address: created.signer.address, origin: 'created' });
    // the phrase answered once is the phrase the key came from
    expect(Keypair.fromSeed(seedFromMnemonic(created.mnemonic)).publicKey.toBase58()).toBe(
      created.info.address,
    );
    expect(vault.info()).toEqual(created.info);
    const signer = await createVault({ path }).unlock(PASS);
    expect(signer.address).toBe(created.info.address);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { kdf: object; cipher: object };
    expect(file.kdf).toMatchObject({ name: 'scrypt', ...SCRYPT });
    expect(SCRYPT).toEqual({ N: 65536, r: 8, p: 1 });
    expect(file.cipher).toMatchObject({ name: 'aes-256-gcm' });
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    }
  }, 20_000); // two runs at the app's scrypt cost, on a machine other suites share

  it('tightens an existing wallet folder to 0700', async () => {
    if (process.platform === 'win32') return;
    const path = keystorePath();
    mkdirSync(join(path, '..'), { mode: 0o755 });
    await createFileKeyVault({ path }).create(12, PASS);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });

  it('a wrong passphrase fails with WrongPassphraseError and changes nothing', async () => {
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    await vault.create(12, PASS);
    const before = readFileSync(path);
    await expect(vault.unlock('Correct horse battery staple')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(vault.changePassphrase('nope', 'new one')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect((await vault.unlock(PASS)).address).toBe(vault.info()!.address);
  });

  it('keeps no secret in the file: not the seed, the 64-byte key (hex, base58, base64) nor the words', async () => {
    const path = keystorePath();
    const { mnemonic } = await createFileKeyVault({ path }).create(12, PASS);
    const keypair = Keypair.fromSeed(seedFromMnemonic(mnemonic));
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    const seed = keypair.secretKey.slice(0, 32);
    expect(bytes.includes(Buffer.from(seed))).toBe(false);
    for (const form of ['hex', 'base64'] as const) {
      expect(text).not.toContain(Buffer.from(seed).toString(form));
      expect(text).not.toContain(Buffer.from(keypair.secretKey).toString(form));
    }
    expect(text).not.toContain(bs58.encode(keypair.secretKey));
    expect(text).not.toContain(bs58.encode(seed));
    // Single words may occur by chance (the list has "address"); any two in a row would be the phrase.
    const words = mnemonic.split(' ');
    for (let i = 1; i < words.length; i++) expect(text).not.toContain(`${words[i - 1]} ${words[i]}`);
    expect(text).not.toContain(PASS);
  });

  it.each([
    ['mnemonic', (k: Keypair, m: string) => m],
    ['secret-key', (k: Keypair) => bs58.encode(k.secretKey)],
    ['keypair-file', (k: Keypair) => JSON.stringify(Array.from(k.secretKey))],
  ] as const)('imports a %s as the address web3.js computes, and unlocks it', async (format, secretOf) => {
    const mnemonic =
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    const keypair = Keypair.fromSeed(seedFromMnemonic(mnemonic));
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    const { info, signer } = await vault.import(format, secretOf(keypair, mnemonic), PASS);
    expect(info).toEqual({ address: keypair.publicKey.toBase58(), origin: format });
    expect(signer.address).toBe(info.address);
    expect((await vault.unlock(PASS)).address).toBe(info.address);
    expect(vault.info()).toEqual(info);
  });

  it('refuses a malformed import or an empty passphrase with a sentence, and writes nothing', async () => {
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    await expect(vault.import('secret-key', 'not-base58-0OIl', PASS)).rejects.toThrow(/not base58/);
    await expect(vault.import('keypair-file', '[1,2,3]', PASS)).rejects.toThrow(/array of 3 numbers/);
    await expect(vault.create(12, '   ')).rejects.toThrow(/passphrase is empty/);
    await expect(vault.create(18 as 12, PASS)).rejects.toThrow(/12 or 24 words, not 18/);
    expect(existsSync(path)).toBe(false);
  });

  it('never overwrites an existing keystore', async () => {
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    const { info } = await vault.create(12, PASS);
    const before = readFileSync(path);
    await expect(vault.create(12, PASS)).rejects.toThrow(/already exists.*remove it first/);
    await expect(vault.import('secret-key', bs58.encode(Keypair.generate().secretKey), PASS)).rejects.toThrow(
      KeyVaultError,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    vault.remove();
    expect(existsSync(path)).toBe(false);
    expect(vault.info()).toBeNull();
    await expect(vault.unlock(PASS)).rejects.toThrow(/no keystore/);
    expect((await vault.create(12, PASS)).info.address).not.toBe(info.address);
  });

  it('changePassphrase: the old passphrase stops working, the new one opens the same address', async () => {
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    const { info } = await vault.create(12, PASS);
    const before = JSON.parse(readFileSync(path, 'utf8')) as {
      kdf: { salt: string };
      cipher: { iv: string };
    };
    await vault.changePassphrase(PASS, 'a new passphrase');
    const after = JSON.parse(readFileSync(path, 'utf8')) as typeof before;
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.cipher.iv).not.toBe(before.cipher.iv);
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    expect((await vault.unlock('a new passphrase')).address).toBe(info.address);
    expect(vault.info()).toEqual(info);
    await expect(vault.changePassphrase('a new passphrase', '')).rejects.toThrow(/passphrase is empty/);
    expect((await vault.unlock('a new passphrase')).address).toBe(info.address);
  });

  it('logs nothing and quotes no passphrase or phrase in its errors', async () => {
    const lines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    }
    const path = keystorePath();
    const vault = createFileKeyVault({ path });
    const { mnemonic } = await vault.create(12, PASS);
    const errors: string[] = [];
    const keep = (e: Error) => void errors.push(`${e.message}\n${e.stack ?? ''}`);
    await vault.unlock('hunter2-wrong').catch(keep);
    await vault.changePassphrase('hunter2-wrong', 'hunter3-next').catch(keep);
    await vault.changePassphrase(PASS, 'hunter3-next');
    await createFileKeyVault({ path: keystorePath() })
      .import('mnemonic', mnemonic.replace(/\S+$/, 'zzzz'), 'hunter4')
      .catch(keep);
    expect(errors).toHaveLength(3);
    expect(lines).toEqual([]);
    for (const text of errors) {
      for (const secret of [
        PASS,
        'hunter2-wrong',
        'hunter3-next',
        'hunter4',
        mnemonic.split(' ').slice(0, 2).join(' '),
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
