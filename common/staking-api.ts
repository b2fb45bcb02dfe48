// The staking part of the device <-> coordinator contract (docs/staking.md): one zod schema per body.
// A device's stake lives in a 2-of-2 SPL-Token multisig vault (its owner's wallet + the network);
// deposits are plain transfers tagged with a memo, releases are co-signed by the network after the
// cooldown. Money crosses the wire as decimal strings of IO base units (9 decimals).
import { z } from 'zod';
import { base64Schema } from './job-spec.js';
import { baseUnitsSchema, payoutClaimRequestSchema } from './network-api.js';

// The same rules as a payout's wallet and claim id: one idea of an address and an idempotency key.
const addressSchema = payoutClaimRequestSchema.shape.wallet;
const requestIdSchema = payoutClaimRequestSchema.shape.claimId;
const isoTime = z.string();

export const stakeVaultRequestSchema = z.object({
  /** The owner's wallet: the multisig's first signer and the only address releases go to. Fixed once chosen. */
  wallet: addressSchema,
});
export type StakeVaultRequest = z.infer<typeof stakeVaultRequestSchema>;

export const unstakeRequestSchema = z.object({
  /** Chosen by the client and reused on every retry: one id is one request, whatever the retries. */
  requestId: requestIdSchema,
  // A string test, not BigInt(): zod runs refinements even after the digits check failed.
  amount: baseUnitsSchema.refine((units) => !/^0*$/.test(units), 'more than 0 base units'),
});
export type UnstakeRequest = z.infer<typeof unstakeRequestSchema>;

export const releaseRequestSchema = z.object({ requestId: requestIdSchema });
export type ReleaseRequest = z.infer<typeof releaseRequestSchema>;

/**
 * cooldown: waiting for releaseAt; releasable: ask POST /v1/stake/release; releasing: a release
 * transaction is signed by the network and may be on its way (ask again: the same one while it can
 * land, a fresh one once it cannot); released: the transfer is on chain.
 */
export const unstakeStateSchema = z.enum(['cooldown', 'releasable', 'releasing', 'released']);
export type UnstakeState = z.infer<typeof unstakeStateSchema>;

export const unstakeSchema = z.object({
  requestId: z.string(),
  amount: baseUnitsSchema,
  state: unstakeStateSchema,
  requestedAt: isoTime,
  releaseAt: isoTime,
  /** The release transaction's id (the network's fee-payer signature), once one was signed. */
  signature: z.string().nullable(),
  /** Why a release attempt did not land; empty otherwise. */
  reason: z.string(),
  releasedAt: isoTime.nullable(),
});
export type Unstake = z.infer<typeof unstakeSchema>;

export const stakeDepositSchema = z.object({
  signature: z.string(),
  amount: baseUnitsSchema,
  /** The owner of the token account the IO came from, when the transaction shows it. */
  from: z.string().nullable(),
  slot: z.number().int(),
  at: isoTime.nullable(),
});
export type StakeDeposit = z.infer<typeof stakeDepositSchema>;

export const stakeStatusSchema = z.object({
  deviceId: z.string(),
  /** null until POST /v1/stake/vault. */
  wallet: z.string().nullable(),
  multisig: z.string().nullable(),
  /** The IO token account (owned by the multisig) to deposit into. */
  vault: z.string().nullable(),
  /** The network's staking key, the multisig's second signer. */
  cosigner: z.string().nullable(),
  ioMint: z.string().nullable(),
  /** Put this memo (v3 memo program) in every deposit transaction: it files the deposit under this device's history. */
  memo: z.string(),
  /** The vault's IO balance on chain. */
  balance: baseUnitsSchema,
  /** Requested for release and not released yet: no longer counted as stake. */
  unstaking: baseUnitsSchema,
  /** balance - unstaking: what counts toward the minimum. */
  staked: baseUnitsSchema,
  /** 200 IO x max(1, class multiplier) x GPUs, needed to be cluster-ready. */
  minimum: baseUnitsSchema,
  cooldownMs: z.number().int(),
  unstakes: z.array(unstakeSchema),
  /** Memo-tagged deposits seen in the vault's history, oldest first. */
  deposits: z.array(stakeDepositSchema),
});
export type StakeStatus = z.infer<typeof stakeStatusSchema>;

export const releaseResponseSchema = z.object({
  unstake: unstakeSchema,
  /**
   * The release transaction (base64, legacy wire format), already signed by the network as fee payer
   * and as the multisig's second signer: the wallet adds its signature and sends it. null once released.
   */
  transaction: base64Schema.nullable(),
  /** Past this block height the transaction can never land; ask again for a fresh one. */
  lastValidBlockHeight: z.number().int().nullable(),
});
export type ReleaseResponse = z.infer<typeof releaseResponseSchema>;
