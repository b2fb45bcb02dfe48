// A Wallet Standard wallet for Playwright, injected before any page script (context.addInitScript)
// the way Phantom, Solflare or Backpack inject theirs: it registers through the standard's window
// events, holds a real ed25519 key (WebCrypto, from a JWK made in Node), and supports
// standard:connect, standard:events, solana:signMessage and solana:signTransaction.
// window.__testWallet.mode switches it: 'honest', 'forger' (signs with another key) or 'refuse'
// (throws as a wallet does when the owner rejects).
import { generateKeyPairSync } from 'node:crypto';
import bs58 from 'bs58';
import type { BrowserContext, Page } from '@playwright/test';

export type TestWalletMode = 'honest' | 'forger' | 'refuse';

export interface TestWalletKeys {
  name: string;
  address: string;
  publicKey: number[];
  ownerJwk: JsonWebKey;
  forgerJwk: JsonWebKey;
}

function jwkPair() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey;
  return { jwk, publicKey: Buffer.from(jwk.x!, 'base64url') };
}

export function testWalletKeys(name = 'Test Wallet'): TestWalletKeys {
  const owner = jwkPair();
  return {
    name,
    address: bs58.encode(owner.publicKey),
    publicKey: [...owner.publicKey],
    ownerJwk: owner.jwk,
    forgerJwk: jwkPair().jwk,
  };
}

/** Runs in the page, before its scripts: everything it needs is inside. */
function installWallet(k: TestWalletKeys): void {
  const state = { mode: 'honest' as TestWalletMode, signed: [] as string[] };
  (window as any).__testWallet = state;
  const imported = Promise.all(
    [k.ownerJwk, k.forgerJwk].map((jwk) =>
      crypto.subtle.importKey('jwk', { ...jwk, key_ops: ['sign'] }, { name: 'Ed25519' }, false, ['sign']),
    ),
  );
  const sign = async (bytes: Uint8Array) => {
    if (state.mode === 'refuse') throw new Error('User rejected the request.');
    const [own, forger] = await imported;
    return new Uint8Array(
      await crypto.subtle.sign('Ed25519', state.mode === 'forger' ? forger! : own!, new Uint8Array(bytes)),
    );
  };
  const shortVec = (b: Uint8Array, at: number) => {
    let value = 0;
    let size = 0;
    for (;;) {
      const byte = b[at + size]!;
      value |= (byte & 0x7f) << (7 * size++);
      if (!(byte & 0x80)) return { value, size };
    }
  };
  const chains = ['solana:mainnet', 'solana:devnet', 'solana:localnet'];
  const account = {
    address: k.address,
    publicKey: new Uint8Array(k.publicKey),
    chains,
    features: ['solana:signMessage', 'solana:signTransaction'],
  };
  const listeners = new Set<(p: unknown) => void>();
  let accounts: (typeof account)[] = [];
  const wallet = {
    version: '1.0.0',
    name: k.name,
    icon: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
    chains,
    get accounts() {
      return accounts;
    },
    features: {
      'standard:connect': {
        version: '1.0.0',
        connect: async () => {
          if (state.mode === 'refuse') throw new Error('User rejected the request.');
          accounts = [account];
          listeners.forEach((l) => l({ accounts }));
          return { accounts };
        },
      },
      'standard:events': {
        version: '1.0.0',
        on: (_event: string, listener: (p: unknown) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      'solana:signMessage': {
        version: '1.1.0',
        signMessage: (...inputs: { message: Uint8Array }[]) =>
          Promise.all(
            inputs.map(async ({ message }) => {
              const signature = await sign(message);
              state.signed.push('message');
              return { signedMessage: message, signature };
            }),
          ),
      },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        // Signs the message inside the wire transaction and fills this key's signature slot.
        signTransaction: (...inputs: { transaction: Uint8Array }[]) =>
          Promise.all(
            inputs.map(async ({ transaction }) => {
              const sigs = shortVec(transaction, 0);
              const message = transaction.subarray(sigs.size + 64 * sigs.value);
              const header = message[0]! & 0x80 ? 1 : 0;
              const keys = shortVec(message, header + 3);
              let slot = -1;
              for (let i = 0; i < message[header]!; i++) {
                const key = message.subarray(
                  header + 3 + keys.size + 32 * i,
                  header + 3 + keys.size + 32 * (i + 1),
                );
                if (key.every((b, j) => b === k.publicKey[j])) slot = i;
              }
              if (slot < 0) throw new Error('this account does not sign the transaction');
              const signed = transaction.slice();
              signed.set(await sign(message), sigs.size + 64 * slot);
              state.signed.push('transaction');
              return { signedTransaction: signed };
            }),
          ),
      },
    },
  };
  // The standard's two-way handshake: announce now, and answer an app that becomes ready later.
  const callback = ({ register }: { register: (w: unknown) => void }) => register(wallet);
  window.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: callback }));
  window.addEventListener('wallet-standard:app-ready', (e) => callback((e as CustomEvent).detail));
}

export async function installTestWallet(context: BrowserContext, keys: TestWalletKeys): Promise<void> {
  await context.addInitScript(installWallet, keys);
}

export async function setWalletMode(page: Page, mode: TestWalletMode): Promise<void> {
  await page.evaluate((m) => ((window as any).__testWallet.mode = m), mode);
}
