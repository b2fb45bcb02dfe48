// The page's credentials: a one-time connect token (in the URL fragment, so it never reaches a
// Referer header or a server log) and, once the wallet proved its key, a session secret the page
// sends as a bearer. Both are 256 random bits; comparisons hash first so that timingSafeEqual always
// sees equal lengths and a wrong guess says nothing about the right one.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters). */
export const newSecret = () => randomBytes(32).toString('base64url');

/** A secret's shape, checked before anything else looks at it. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export interface ChallengeFields {
  appName: string;
  address: string;
  origin: string;
  nonce: string;
  expiresAt: number;
}

/**
 * What the wallet shows the owner and signs: who asks, for which address, from which page, a fresh
 * nonce and when it stops counting. Plain text (wallets display it as is); it asks for no
 * transaction, so signing it can move nothing.
 */
export function challengeText(f: ChallengeFields): string {
  return [
    `${f.appName} wants to connect this wallet.`,
    '',
    'Signing this message proves that you hold the key. It is not a transaction and costs nothing.',
    '',
    `Address: ${f.address}`,
    `Origin: ${f.origin}`,
    `Nonce: ${f.nonce}`,
    `Expires: ${new Date(f.expiresAt).toISOString()}`,
  ].join('\n');
}
