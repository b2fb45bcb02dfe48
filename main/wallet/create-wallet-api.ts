// The contract's wallet calls (common/wallet-api.ts) answered by the wallet service. Transports have
// validated the input against the contract's schemas before any of this runs.
import type { WalletApi } from '../../common/dashboard-api.js';
import { parseUnits } from '../../common/io-units.js';
import type { WalletService } from './wallet-service.js';

export function createWalletApi(s: WalletService): WalletApi {
  const now = <T>(f: () => T) => Promise.resolve().then(f);
  return {
    getWallet: () => now(() => s.state()),
    createWallet: ({ words, passphrase }) => s.create(words, passphrase),
    importWallet: ({ format, secret, passphrase }) => s.import(format, secret, passphrase),
    watchWallet: ({ address }) => now(() => s.watch(address)),
    unlockWallet: ({ passphrase }) => s.unlock(passphrase),
    lockWallet: () => now(() => s.lock()),
    changePassphrase: ({ current, next }) => s.changePassphrase(current, next),
    forgetWallet: ({ address }) => now(() => s.forget(address)),
    connectBrowserWallet: () => now(() => s.connectBrowser()),
    getBalances: () => s.balances(),
    getWalletHistory: async ({ limit }) => ({ entries: await s.history(limit ?? 25) }),
    sandboxFaucet: () => s.faucet(),
    getStaking: () => s.staking.view(),
    prepareStake: ({ amount }) => s.staking.prepareStake(amount),
    unstake: ({ amount }) => s.staking.unstake(amount),
    prepareWithdraw: ({ requestId }) => s.staking.prepareWithdraw(requestId),
    prepareTransfer: ({ to, asset, amount }) => s.prepareTransfer(to, asset, amount),
    confirmSigning: ({ requestId }) => s.signing.confirm(requestId),
    cancelSigning: ({ requestId }) => now(() => s.signing.cancel(requestId)),
    getPayouts: () => s.payouts.view(),
    claim: () => s.payouts.claim(),
    setAutoClaim: ({ enabled, threshold }) => now(() => s.setAutoClaim(enabled, parseUnits(threshold, 9))),
  };
}
