// The KeyVault until main/wallet/keys/ (the passphrase-encrypted keystore) is merged: it holds no key
// and refuses every in-app operation with a sentence, so the rest of the wallet (watch-only, browser,
// payouts) works meanwhile. composeNode takes the real one as an option.
import type { KeyVault } from './key-vault.js';

const refuse = () =>
  Promise.reject(
    new Error('the in-app keystore is not in this build yet: watch an address or connect a browser wallet'),
  );

export const unavailableKeyVault: KeyVault = {
  info: () => null,
  create: refuse,
  import: refuse,
  unlock: refuse,
  changePassphrase: refuse,
  remove: () => undefined,
};
