// The contract's wallet calls (common/wallet-api.ts) answered by the wallet service. Transports have
// validated the input against the contract's schemas before any of this runs.
import type { WalletApi } from '../../common/dashboard-api.js';
import { IO_DECIMALS, parseUnits } from '../../common/io-units.js';
import { CoordinatorRefusedError } from '../network/coordinator-client.js';
import type { WalletService } from './wallet-service.js';

/** The network's refusal of a device it does not know yet (it registers after its first benchmark), in the owner's words. */
function inOwnersWords(error: unknown): never {
  if (error instanceof CoordinatorRefusedError && error.code === 'unknown-device')
    throw new Error(
      'this device is not registered with the network yet: it registers after its first benchmark (a minute or two on first start); staking and payouts open then',
    );
  throw error;
}

export function createWalletApi(s: WalletService): WalletApi {
  const now = <T>(f: () => T) => Promise.resolve().then(f);
  const api: WalletApi = {
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
    setAutoClaim: ({ enabled, threshold }) =>
      now(() => s.setAutoClaim(enabled, parseUnits(threshold, IO_DECIMALS))),
  };
  const calls = Object.entries(api) as [string, (input: unknown) => Promise<unknown>][];
  return Object.fromEntries(
    calls.map(([name, call]) => [name, (input: unknown) => call(input).catch(inOwnersWords)]),
  ) as WalletApi;
}
