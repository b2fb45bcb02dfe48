// The keystore file's format: the ed25519 seed (never the phrase) under AES-256-GCM with a key
// stretched from the passphrase by scrypt. The header (version, address, origin, kdf, cipher) is
// GCM's additional data, so editing any of it breaks the tag. A separate check value (HMAC of a fixed
// label under a second scrypt-derived key, as Ethereum's v3 keystore keeps a MAC) tells a wrong
// passphrase apart from a tampered file; it offers an attacker nothing the GCM tag does not, since
// both cost one scrypt per guess.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import bs58 from 'bs58';
import { z } from 'zod';
import { describeZodError } from '../../../common/zod-errors.js';
import { KeyVaultError, WrongPassphraseError, type KeyOrigin } from '../key-vault.js';

export const KEYSTORE_VERSION = 1;
/**
 * N = 2^16, r = 8: 64 MiB and ~0.33 s per unlock on the 2-core build machine when it is quiet
 * (0.17 s at 2^15, 0.66 s at 2^17; 0.5-0.8 s at 2^16 while five other jobs share it), measured with
 * node:crypto scrypt: inside the 0.2-0.5 s an owner does not notice, and costly for a guesser.
 */
export const SCRYPT = { N: 1 << 16, r: 8, p: 1 } as const;
// What a file may ask for: a tampered or foreign file must not make us allocate gigabytes.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const CHECK_LABEL = 'io-provider keystore passphrase check';

const b64 = (bytes: number) =>
  z.string().refine((s) => /^[A-Za-z0-9+/]*={0,2}$/u.test(s) && Buffer.from(s, 'base64').length === bytes, {
    message: `expected ${bytes} bytes in base64`,
  });

const fileSchema = z.object({
  version: z.number(),
  address: z.string().refine((s) => {
    try {
      return bs58.decode(s).length === 32;
    } catch {
      return false;
    }
  }, 'not a base58 Solana address'),
  origin: z.enum(['created', 'mnemonic', 'secret-key', 'keypair-file']),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: b64(32),
  }),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: b64(12) }),
  check: b64(32),
  ciphertext: b64(32),
  tag: b64(16),
});
export type KeystoreFile = z.infer<typeof fileSchema>;

/** Parses and validates the file's text; every defect is a KeyVaultError naming what is wrong. */
export function parseKeystore(text: string, path: string): KeystoreFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyVaultError(`The keystore file ${path} is damaged: it is not JSON.`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== KEYSTORE_VERSION) {
    throw new KeyVaultError(
      `The keystore file ${path} has version ${version}, which this app does not read (it reads version ${KEYSTORE_VERSION}); update the app.`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new KeyVaultError(`The keystore file ${path} is damaged: ${describeZodError(parsed.error)}.`);
  }
  const { N, r, p } = parsed.data.kdf;
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (
    !powerOfTwo ||
    N < MIN_SCRYPT_N ||
    r < 1 ||
    r > 32 ||
    p < 1 ||
    p > 16 ||
    128 * N * r > MAX_SCRYPT_MEMORY
  ) {
    throw new KeyVaultError(
      `The keystore file ${path} asks for scrypt parameters this app does not accept (N=${N}, r=${r}, p=${p}).`,
    );
  }
  return parsed.data;
}

function header(file: Omit<KeystoreFile, 'check' | 'ciphertext' | 'tag'>): Buffer {
  // Fixed field order: these bytes are authenticated, so they must come out the same every time.
  const { version, address, origin, kdf, cipher } = file;
  const kdfPart = { name: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt };
  return Buffer.from(
    JSON.stringify({ version, address, origin, kdf: kdfPart, cipher: { name: cipher.name, iv: cipher.iv } }),
  );
}

/** 64 bytes from scrypt: the first half encrypts, the second half keys the passphrase check. */
function stretch(passphrase: string, kdf: KeystoreFile['kdf']): Promise<Buffer> {
  // NFKC: the same passphrase typed on two systems may arrive composed or decomposed.
  const secret = Buffer.from(passphrase.normalize('NFKC'), 'utf8');
  const maxmem = 2 * 128 * kdf.N * kdf.r * kdf.p + 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      secret,
      Buffer.from(kdf.salt, 'base64'),
      64,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  ).finally(() => secret.fill(0));
}

const checkOf = (key: Buffer) => createHmac('sha256', key.subarray(32)).update(CHECK_LABEL).digest();

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
/** The smallest N a file may name: what the tests use to stay quick. */
export const MIN_SCRYPT_N = 1 << 14;

export async function encryptSeed(
  seed: Uint8Array,
  address: string,
  origin: KeyOrigin,
  passphrase: string,
  cost: ScryptCost = SCRYPT,
): Promise<KeystoreFile> {
  const { N, r, p } = cost;
  const kdf = { name: 'scrypt' as const, N, r, p, salt: randomBytes(32).toString('base64') };
  const iv = randomBytes(12);
  const head = {
    version: KEYSTORE_VERSION,
    address,
    origin,
    kdf,
    cipher: { name: 'aes-256-gcm' as const, iv: iv.toString('base64') },
  };
  const key = await stretch(passphrase, kdf);
  try {
    const cipher = createCipheriv('aes-256-gcm', key.subarray(0, 32), iv);
    cipher.setAAD(header(head));
    const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
    return {
      ...head,
      check: checkOf(key).toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  } finally {
    key.fill(0);
  }
}

/** The 32-byte seed; WrongPassphraseError when the check fails, KeyVaultError when the file was altered. */
export async function decryptSeed(file: KeystoreFile, passphrase: string, path: string): Promise<Uint8Array> {
  const key = await stretch(passphrase, file.kdf);
  try {
    if (!timingSafeEqual(checkOf(key), Buffer.from(file.check, 'base64'))) throw new WrongPassphraseError();
    const decipher = createDecipheriv(
      'aes-256-gcm',
      key.subarray(0, 32),
      Buffer.from(file.cipher.iv, 'base64'),
    );
    decipher.setAAD(header(file));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    const seed = decipher.update(Buffer.from(file.ciphertext, 'base64'));
    try {
      decipher.final();
    } catch {
      seed.fill(0);
      throw new KeyVaultError(
        `The keystore file ${path} was altered: the passphrase is right but its address, origin or encrypted key does not match what was stored.`,
      );
    }
    // A copy of its own: Node may hand back a view into a shared pool slab.
    const own = Uint8Array.from(seed);
    seed.fill(0);
    return own;
  } finally {
    key.fill(0);
  }
}
