// The staking routes, for coordinator/routes.ts to append to its table (the OpenAPI document is
// generated from the same entries). Every one is signed by the device: a vault is per device.
import {
  releaseRequestSchema,
  releaseResponseSchema,
  stakeStatusSchema,
  stakeVaultRequestSchema,
  unstakeRequestSchema,
  unstakeSchema,
} from '../../common/staking-api.js';
import { API_PREFIX } from '../../common/network-api.js';
import type { Route } from '../http/router.js';
import type { StakingService } from './staking-service.js';

export interface StakeRouteDeps {
  staking: StakingService;
}

const route = <B>(r: Route<B>) => r as unknown as Route<never>;

export function stakeRoutes(d: StakeRouteDeps): Route<never>[] {
  return [
    route({
      method: 'GET',
      path: `${API_PREFIX}/stake`,
      auth: 'signed',
      summary:
        "This device's vault, balance, stake (balance minus unstaking), minimum, unstake requests and memo-tagged deposits.",
      response: stakeStatusSchema,
      moreErrors: [503],
      handle: ({ deviceId }) => d.staking.status(deviceId!),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/stake/vault`,
      auth: 'signed',
      summary:
        "Create (once) this device's vault: an IO account owned by a 2-of-2 SPL multisig of `wallet` and the network. Deposit into `vault` with `memo`. Another wallet later: 409 wallet-fixed.",
      body: stakeVaultRequestSchema,
      response: stakeStatusSchema,
      moreErrors: [503],
      handle: ({ deviceId, body }) => d.staking.openVault(deviceId!, body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/stake/unstake`,
      auth: 'signed',
      summary:
        'Ask for `amount` back: it stops counting as stake now and is releasable after the cooldown. The same `requestId` is the same request.',
      body: unstakeRequestSchema,
      response: unstakeSchema,
      moreErrors: [503],
      handle: ({ deviceId, body }) => d.staking.unstake(deviceId!, body),
    }),
    route({
      method: 'POST',
      path: `${API_PREFIX}/stake/release`,
      auth: 'signed',
      summary:
        'After the cooldown: the release transaction to the original wallet, signed by the network; the wallet signs and sends it. Before: 409 cooldown.',
      body: releaseRequestSchema,
      response: releaseResponseSchema,
      moreErrors: [503],
      handle: ({ deviceId, body }) => d.staking.release(deviceId!, body),
    }),
  ];
}
