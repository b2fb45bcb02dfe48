// The browser-wallet page (served by the node at /wallet-connect/, opened from the app): lists the
// Solana wallets injected here, connects the one the owner picks by having it sign the node's
// challenge, then stays open to sign what the app asks, showing each request again before the
// wallet's prompt. The one-time code arrives in the URL fragment (never sent to any server) and
// moves to sessionStorage, so a reload keeps it but the address bar and history do not.
import { bridge, BridgeCallError, type PendingItem } from './bridge-client.js';
import { fromBase64, signatureAt, toBase64 } from './bytes.js';
import { el, requestCard, type RequestCard } from './request-view.js';
import * as wallets from './wallets.js';

const TOKEN_KEY = 'io-provider-wallet-connect';
const statusLine = document.getElementById('status')!;
const walletList = document.getElementById('wallets')!;
const requestList = document.getElementById('requests')!;

function say(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.className = error ? 'error' : '';
}
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

function takeToken(): string | null {
  const fromUrl = location.hash.slice(1);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Connected {
  wallet: wallets.SolanaWallet;
  account: Parameters<typeof wallets.signMessage>[1];
  secret: string;
  chain: string | null;
}

async function connectWith(token: string, wallet: wallets.SolanaWallet): Promise<Connected> {
  say(`Waiting for ${wallet.name} to share an account…`);
  const account = await wallets.connect(wallet);
  const challenge = await bridge.challenge(token, account.address);
  say(`Sign the message in ${wallet.name}: it proves you hold ${account.address} and moves nothing.`);
  const signature = await wallets.signMessage(wallet, account, new TextEncoder().encode(challenge.message));
  const done = await bridge.connect(token, account.address, toBase64(signature));
  sessionStorage.removeItem(TOKEN_KEY); // spent: the node accepts it once
  return { wallet, account, secret: done.sessionSecret, chain: done.chain };
}

async function signRequest(c: Connected, item: PendingItem, card: RequestCard): Promise<void> {
  card.sign.disabled = card.refuse.disabled = true;
  try {
    card.say(`Confirm in ${c.wallet.name}…`);
    const signed = await wallets.signTransaction(c.wallet, c.account, fromBase64(item.transaction), c.chain);
    await bridge.signed(c.secret, item.requestId, toBase64(signatureAt(signed, item.signerIndex)));
    card.say('Signed: the app sends it now.');
  } catch (error) {
    if (error instanceof BridgeCallError) {
      card.say(error.message, true); // the node refused the answer; the request still waits
      card.sign.disabled = card.refuse.disabled = false;
      return;
    }
    await bridge.refused(c.secret, item.requestId, reason(error)).catch(() => undefined);
    card.say(`Not signed: ${reason(error)}`, true);
  }
}

async function serve(c: Connected): Promise<void> {
  const cards = new Map<string, RequestCard>();
  let backoff = 1000;
  const sayConnected = () =>
    say(
      `Connected: ${c.account.address}. Keep this page open; the app asks here when it needs your signature.`,
    );
  sayConnected();
  for (;;) {
    let items: PendingItem[];
    try {
      items = (await bridge.pending(c.secret)).requests;
      backoff = 1000;
    } catch (error) {
      if (error instanceof BridgeCallError) return say(error.message, true);
      say('Lost contact with the app; trying again…', true);
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 10_000);
      continue;
    }
    sayConnected();
    const waiting = new Set(items.map((i) => i.requestId));
    for (const [id, card] of cards)
      if (!waiting.has(id) && !card.sign.disabled) {
        card.say('This request is no longer waiting (it was answered or timed out).');
        card.sign.disabled = card.refuse.disabled = true;
      }
    for (const item of items) {
      if (cards.has(item.requestId)) continue;
      const card = requestCard(item, c.wallet.name);
      cards.set(item.requestId, card);
      card.sign.addEventListener('click', () => void signRequest(c, item, card));
      card.refuse.addEventListener('click', () => {
        card.sign.disabled = card.refuse.disabled = true;
        void bridge.refused(c.secret, item.requestId, 'the owner refused on the page').then(
          () => card.say('Refused.'),
          (error: unknown) => card.say(reason(error), true),
        );
      });
      requestList.prepend(card.root);
    }
  }
}

function showWallets(token: string): void {
  let busy = false;
  const stop = wallets.watchWallets((found) => {
    walletList.replaceChildren();
    if (!found.length)
      return say(
        'No Solana wallet found in this browser. Install or unlock Phantom, Solflare or Backpack, then reload.',
      );
    say('Pick the wallet to connect to io-provider.');
    for (const wallet of found) {
      const button = el('button', undefined, { type: 'button', 'data-testid': 'wallet' });
      if (/^data:image\//.test(wallet.icon))
        button.append(el('img', undefined, { src: wallet.icon, alt: '' }));
      button.append(document.createTextNode(wallet.name));
      button.addEventListener('click', () => {
        if (busy) return;
        busy = true;
        connectWith(token, wallet).then(
          (c) => {
            stop();
            walletList.replaceChildren();
            void serve(c);
          },
          (error: unknown) => {
            busy = false;
            say(`Not connected: ${reason(error)}`, true);
          },
        );
      });
      const item = el('li');
      item.append(button);
      walletList.append(item);
    }
  });
}

const token = takeToken();
if (token) showWallets(token);
else say('Open this page from the app (Connect a browser wallet): its link carries a one-time code.', true);
