// The owner's typing checked before it is sent, each with a sentence saying what to fix. The node
// checks everything again with the contract's schemas (test/unit/renderer-wallet.test.ts keeps these
// in step with them); checking here keeps the schemas (zod) out of the UI's bundles.
import { IO_DECIMALS, parseUnits } from '../../../common/io-units.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** The contract's amountInputSchema: up to 12 whole digits and 9 decimals. */
const AMOUNT = /^\d{1,12}(\.\d{1,9})?$/;

/** A positive IO amount typed by the owner, optionally at most `max` base units (what is there). */
export function checkAmount(text: string, o: { max?: bigint; maxLabel?: string } = {}): Checked<bigint> {
  const trimmed = text.trim();
  if (!trimmed) return fail('Enter an amount.');
  if (/,/.test(trimmed)) return fail('Use a dot for decimals, such as 12.5.');
  if (!AMOUNT.test(trimmed)) return fail('Enter a positive amount such as 12.5 (at most 9 decimals).');
  const units = parseUnits(trimmed, IO_DECIMALS);
  if (units === 0n) return fail('Enter more than 0.');
  if (o.max !== undefined && units > o.max) return fail(`That is more than ${o.maxLabel ?? 'you have'}.`);
  return { ok: true, value: units };
}

export const MIN_PASSPHRASE = 8;

export interface Strength {
  /** 0 too short, 1 weak, 2 fair, 3 strong. */
  score: 0 | 1 | 2 | 3;
  label: string;
  hint: string;
}

/**
 * A rough strength hint, not a guarantee: length counts most (four or five random words beat any
 * symbol soup), variety of characters a little, and repeated or sequential characters count against.
 */
export function passphraseStrength(p: string): Strength {
  if (p.length < MIN_PASSPHRASE)
    return { score: 0, label: 'Too short', hint: `Use at least ${MIN_PASSPHRASE} characters.` };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  const distinct = new Set(p.toLowerCase()).size;
  let points = p.length >= 20 ? 3 : p.length >= 14 ? 2 : 1;
  if (classes >= 3) points += 1;
  if (distinct < p.length / 3 || /^(.)\1+$/.test(p) || /(0123|1234|abcd|qwer|pass)/i.test(p)) points -= 1;
  if (points >= 3)
    return { score: 3, label: 'Strong', hint: 'Good. Keep it somewhere safe: it cannot be recovered.' };
  if (points === 2)
    return { score: 2, label: 'Fair', hint: 'Longer is stronger: a few random words work well.' };
  return { score: 1, label: 'Weak', hint: 'Easy to guess. Try four random words or 14+ characters.' };
}

/** A new passphrase typed twice. */
export function checkNewPassphrase(p: string, again: string): string | null {
  if (p.length < MIN_PASSPHRASE) return `The passphrase needs at least ${MIN_PASSPHRASE} characters.`;
  if (p.length > 1024) return 'The passphrase is longer than 1024 characters.';
  if (p !== again) return 'The two passphrases differ.';
  return null;
}

/** The contract's address rule: base58, 32 to 44 characters. */
export function checkAddress(text: string): Checked<string> {
  const a = text.trim();
  if (!a) return fail('Enter a Solana address.');
  if (/[0OIl]/.test(a) && /^[0-9A-Za-z]{32,44}$/.test(a))
    return fail('A Solana address never contains 0, O, I or l: check for a typo.');
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(a))
    return fail('That is not a Solana address (32 to 44 letters and digits, base58).');
  return { ok: true, value: a };
}

/** A recovery phrase: 12 or 24 words, spaces normalised; the node checks the words and checksum. */
export function checkMnemonic(text: string): Checked<string> {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return fail('Enter your recovery phrase.');
  if (words.length !== 12 && words.length !== 24)
    return fail(`A recovery phrase has 12 or 24 words; this has ${words.length}.`);
  if (words.some((w) => !/^[a-z]+$/.test(w)))
    return fail('A recovery phrase has only lowercase words, separated by spaces.');
  return { ok: true, value: words.join(' ') };
}

/** A base58 secret key as wallets export it (64 bytes: 86 to 88 characters). */
export function checkSecretKey(text: string): Checked<string> {
  const k = text.trim();
  if (!k) return fail('Paste your secret key.');
  if (k.startsWith('[')) return fail('That looks like a keypair file: choose “Keypair file” instead.');
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(k)) return fail('A secret key is base58: letters and digits only.');
  if (k.length < 86 || k.length > 88)
    return fail(`A 64-byte secret key is 86 to 88 characters long; this one has ${k.length}.`);
  return { ok: true, value: k };
}

/** The Solana CLI's keypair file (id.json): a JSON array of 64 numbers 0..255. */
export function checkKeypairFile(text: string): Checked<string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('This file is not JSON: a Solana CLI keypair file holds a list of 64 numbers.');
  }
  if (!Array.isArray(value) || value.length !== 64)
    return fail('This is not a Solana CLI keypair file: expected a list of 64 numbers.');
  if (!value.every((n) => Number.isInteger(n) && n >= 0 && n <= 255))
    return fail('This keypair file has numbers outside 0..255: it is damaged or not a keypair.');
  return { ok: true, value: JSON.stringify(value) };
}
