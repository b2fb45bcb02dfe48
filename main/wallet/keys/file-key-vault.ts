// The KeyVault port over one passphrase-encrypted file (<dataDir>/wallet/keystore.json; the service
// passes the path). Writes are atomic (temp + fsync + rename), so a failed create or passphrase
// change leaves the previous file as it was; nothing here logs, and no error quotes a secret.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../../common/node/atomic-file.js';
import {
  KeyVaultError,
  type KeyOrigin,
  type KeyVault,
  type KeyVaultInfo,
  type UnlockedSigner,
} from '../key-vault.js';
import { newMnemonic, seedFromMnemonic } from './derive.js';
import { addressOf } from './ed25519-seed.js';
import { seedFromImport, type ImportFormat } from './import-formats.js';
import {
  decryptSeed,
  encryptSeed,
  parseKeystore,
  SCRYPT,
  type KeystoreFile,
  type ScryptCost,
} from './keystore-file.js';
import { createUnlockedSigner } from './unlocked-signer.js';

export interface FileKeyVaultOptions {
  /** The keystore file; its folder is made owner-only (0700). */
  path: string;
  /** scrypt's cost for new files; the app leaves the default (SCRYPT), tests lower N to stay quick. */
  scrypt?: ScryptCost;
}

function requireNewPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.trim() === '') {
    throw new KeyVaultError('The passphrase is empty; choose one to encrypt the key with.');
  }
}

export function createFileKeyVault({ path, scrypt = SCRYPT }: FileKeyVaultOptions): KeyVault {
  // One operation at a time: two passphrase changes racing would each write a file the other's
  // passphrase cannot open. remove() bumps the generation so a change in flight does not resurrect it.
  let queue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const read = (): KeystoreFile | null => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new KeyVaultError(`The keystore file ${path} cannot be read: ${(error as Error).message}.`);
    }
    return parseKeystore(text, path);
  };
  const readExisting = (): KeystoreFile => {
    const file = read();
    if (!file) throw new KeyVaultError(`There is no keystore at ${path}: create or import a key first.`);
    return file;
  };
  const write = (file: KeystoreFile) => {
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
    // mkdir's mode only applies to a folder it creates; an existing one is tightened here.
    if (process.platform !== 'win32') chmodSync(dirname(path), 0o700);
  };

  /** Decrypts and checks that the key is the one the file names; the caller owns the seed. */
  const open = async (file: KeystoreFile, passphrase: string): Promise<Uint8Array> => {
    if (typeof passphrase !== 'string') throw new KeyVaultError('The passphrase must be text.');
    const seed = await decryptSeed(file, passphrase, path);
    if (addressOf(seed) !== file.address) {
      seed.fill(0);
      throw new KeyVaultError(
        `The keystore file ${path} was tampered with: its key does not belong to the address ${file.address}.`,
      );
    }
    return seed;
  };

  /** Encrypts `seed` (consumed) into a new keystore; never replaces an existing one. */
  const store = async (seed: Uint8Array, origin: KeyOrigin, passphrase: string) => {
    try {
      refuseOverwrite();
      const address = addressOf(seed);
      const file = await encryptSeed(seed, address, origin, passphrase, scrypt);
      refuseOverwrite(); // another process may have written one while scrypt ran
      write(file);
      const info: KeyVaultInfo = { address, origin };
      return { info, signer: createUnlockedSigner(seed) };
    } catch (error) {
      seed.fill(0);
      throw error;
    }
  };
  const refuseOverwrite = () => {
    const existing = read();
    if (existing) {
      throw new KeyVaultError(
        `A keystore for ${existing.address} already exists at ${path}; remove it first so no key is overwritten.`,
      );
    }
  };

  return {
    info() {
      const file = read();
      return file && { address: file.address, origin: file.origin };
    },

    create(words, passphrase) {
      return serial(async () => {
        if (words !== 12 && words !== 24) {
          throw new KeyVaultError(`A new recovery phrase has 12 or 24 words, not ${String(words)}.`);
        }
        requireNewPassphrase(passphrase);
        refuseOverwrite();
        const mnemonic = newMnemonic(words);
        const { info, signer } = await store(seedFromMnemonic(mnemonic), 'created', passphrase);
        return { info, mnemonic, signer };
      });
    },

    import(format: ImportFormat, secret: string, passphrase: string) {
      return serial(async () => {
        requireNewPassphrase(passphrase);
        refuseOverwrite();
        return store(seedFromImport(format, secret), format, passphrase);
      });
    },

    unlock(passphrase): Promise<UnlockedSigner> {
      return serial(async () => createUnlockedSigner(await open(readExisting(), passphrase)));
    },

    changePassphrase(current, next) {
      return serial(async () => {
        requireNewPassphrase(next);
        const at = generation;
        const file = readExisting();
        const seed = await open(file, current);
        try {
          const replacement = await encryptSeed(seed, file.address, file.origin, next, scrypt);
          if (at !== generation)
            throw new KeyVaultError('The keystore was removed while its passphrase was being changed.');
          write(replacement);
        } finally {
          seed.fill(0);
        }
      });
    },

    remove() {
      generation++;
      rmSync(path, { force: true });
    },
  };
}
