// The wallet part of the dashboard contract (merged into dashboardCalls in dashboard-api.ts): the
// owner's wallet, balances read on chain, staking on this device, payouts, and signing requests.
// Secrets cross this contract in one direction only, into the main process (an imported phrase or
// key, a passphrase); a created recovery phrase is answered once, by createWallet, and never again.
// Keys stay in the main process; every transaction is built or checked there, decoded for the owner
// and signed only when the signer policy (main/wallet/) allows it.
import { z } from 'zod';
import { stakeStatusSchema } from './staking-api.js';
import { baseUnitsSchema, payoutClaimRequestSchema, payoutSchema } from './network-api.js';

const address = payoutClaimRequestSchema.shape.wallet;
/** A passphrase for the keystore: long enough to be worth deriving a key from, short enough to type. */
export const passphraseSchema = z.string().min(8, 'at least 8 characters').max(1024);
/** An amount typed by the owner: a decimal number of whole units ("12.5"); converted with parseUnits. */
export const amountInputSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,9})?$/, 'a positive amount such as 12.5 (at most 9 decimals)');

/**
 * none: no wallet yet. in-app: keys in this app's keystore (locked until the passphrase is given).
 * browser: a wallet in the owner's browser (Phantom, Solflare, Backpack) signs through a loopback
 * page. watch-only: an address that receives payouts and cannot sign.
 */
export const walletKindSchema = z.enum(['none', 'in-app', 'browser', 'watch-only']);
export type WalletKind = z.infer<typeof walletKindSchema>;

/** What the app trusts on this network: shown so that a look-alike token or program fools nobody. */
export const chainPinsSchema = z.object({
  /** 'sandbox' (the embedded local chain), 'devnet', 'mainnet-beta' or 'custom'. */
  cluster: z.string(),
  rpcUrl: z.string().nullable(),
  ioMint: z.string().nullable(),
  decimals: z.number().int(),
  /** Program ids the signer accepts, by name: token, associated-token, memo, system. */
  programs: z.record(z.string(), z.string()),
  /** Explorer link for a transaction or an address: `{kind}` is 'tx' or 'address', `{id}` the base58 id. */
  explorerPattern: z.string().nullable(),
});
export type ChainPins = z.infer<typeof chainPinsSchema>;

export const walletStateSchema = z.object({
  kind: walletKindSchema,
  address: z.string().nullable(),
  /** in-app only: the keystore is on disk but its key is not in memory. */
  locked: z.boolean(),
  /** Whether a transaction can be signed now (in-app unlocked, or a browser wallet connected). */
  canSign: z.boolean(),
  /** in-app: how it was made ('created', 'mnemonic', 'secret-key', 'keypair-file'); null otherwise. */
  origin: z.string().nullable(),
  /** in-app: whether an OS keychain copy of the passphrase exists (opt-in; never Linux basic_text). */
  keychain: z.boolean(),
  pins: chainPinsSchema,
  autoClaim: z.object({ enabled: z.boolean(), threshold: baseUnitsSchema }),
});
export type WalletState = z.infer<typeof walletStateSchema>;

export const balancesSchema = z.object({
  address: z.string(),
  lamports: baseUnitsSchema,
  io: baseUnitsSchema,
  /** The wallet's associated IO token account; null until one exists on chain. */
  ioAccount: z.string().nullable(),
  at: z.number().int(),
});
export type Balances = z.infer<typeof balancesSchema>;

export const historyKindSchema = z.enum([
  'stake',
  'withdraw',
  'payout',
  'transfer-in',
  'transfer-out',
  'faucet',
  'other',
]);
export const historyEntrySchema = z.object({
  signature: z.string(),
  kind: historyKindSchema,
  /** Signed change of the wallet's IO balance in base units ("-5000"), or null when the transaction did not move IO. */
  ioChange: z
    .string()
    .regex(/^-?\d{1,30}$/)
    .nullable(),
  lamportsChange: z.string().regex(/^-?\d{1,30}$/),
  memo: z.string().nullable(),
  slot: z.number().int(),
  at: z.number().int().nullable(),
  /** The chain's error for a transaction that failed there; null when it succeeded. */
  error: z.string().nullable(),
  explorerUrl: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** One instruction as the owner should read it before signing. */
export const decodedInstructionSchema = z.object({
  program: z.string(),
  /** 'token', 'associated-token', 'memo', 'system', or 'unknown'. */
  programName: z.string(),
  /** One sentence: "Send 50 IO from your IO account 7xK… to the stake vault 9aB… of this device". */
  description: z.string(),
  amount: baseUnitsSchema.nullable(),
  /** 'IO' or 'SOL' when amount is set. */
  asset: z.string().nullable(),
  destination: z.string().nullable(),
});

/** A transaction waiting for the owner's yes: decoded by the main process, checked by the signer policy. */
export const signingRequestSchema = z.object({
  requestId: z.string(),
  kind: z.enum(['stake', 'withdraw', 'transfer']),
  /** One line: "Stake 200 IO on this device". */
  title: z.string(),
  /** The rule the owner agrees to, said before confirming (cooldown, original wallet only, fees). */
  rules: z.array(z.string()),
  feePayer: z.string(),
  /** The network fee this transaction pays in lamports, and who pays it. */
  feeLamports: baseUnitsSchema,
  instructions: z.array(decodedInstructionSchema),
  /** Past this time the request is dropped (its blockhash expires too). */
  expiresAt: z.number().int(),
  /** pending: waiting for confirm; signing: with the signer (a browser wallet may take a while); done/failed/cancelled. */
  state: z.enum(['pending', 'signing', 'sent', 'confirmed', 'failed', 'cancelled', 'expired']),
  signature: z.string().nullable(),
  reason: z.string(),
});
export type SigningRequest = z.infer<typeof signingRequestSchema>;

export const stakingViewSchema = z.object({
  /** The coordinator's view of this device's vault, balances read on chain. */
  stake: stakeStatusSchema,
  /** minimum - staked when positive: what is still needed for cluster-ready; "0" otherwise. */
  shortfall: baseUnitsSchema,
  /** The device status the coordinator reports now (cluster-ready once staked and verified). */
  deviceStatus: z.string().nullable(),
  /** The wallet the vault releases to; a different connected wallet cannot withdraw. */
  originalWallet: z.string().nullable(),
});
export type StakingView = z.infer<typeof stakingViewSchema>;

export const payoutsViewSchema = z.object({
  /** Verified earnings not yet paid: what a claim pays now (already net of the network fee). */
  claimable: baseUnitsSchema,
  /** Gross before the network fee, and the fee withheld (feeBps of gross), for the same entries. */
  claimableGross: baseUnitsSchema,
  claimableFee: baseUnitsSchema,
  feeBps: z.number().int(),
  minPayout: baseUnitsSchema,
  payouts: z.array(payoutSchema),
  /** A claim this node started and has not seen settle (kept across restarts); null otherwise. */
  inFlight: z.object({ claimId: z.string(), since: z.number().int() }).nullable(),
});
export type PayoutsView = z.infer<typeof payoutsViewSchema>;

const empty = z.object({}).strict();

export const walletCalls = {
  getWallet: { input: empty, output: walletStateSchema },
  createWallet: {
    input: z
      .object({ words: z.union([z.literal(12), z.literal(24)]), passphrase: passphraseSchema })
      .strict(),
    /** The only answer that ever carries the recovery phrase: show it once, then drop it. */
    output: z.object({ wallet: walletStateSchema, mnemonic: z.string() }),
  },
  importWallet: {
    input: z
      .object({
        /** mnemonic: 12/24 words; secret-key: base58 64-byte key; keypair-file: the Solana CLI's JSON array. */
        format: z.enum(['mnemonic', 'secret-key', 'keypair-file']),
        secret: z.string().min(1).max(4096),
        passphrase: passphraseSchema,
      })
      .strict(),
    output: walletStateSchema,
  },
  watchWallet: { input: z.object({ address }).strict(), output: walletStateSchema },
  unlockWallet: { input: z.object({ passphrase: z.string().max(1024) }).strict(), output: walletStateSchema },
  lockWallet: { input: empty, output: walletStateSchema },
  changePassphrase: {
    input: z.object({ current: z.string().max(1024), next: passphraseSchema }).strict(),
    output: walletStateSchema,
  },
  /** Removes the wallet from this app (the keystore file too); `address` must match, as a typed confirmation. */
  forgetWallet: { input: z.object({ address }).strict(), output: walletStateSchema },
  /** Opens a one-time loopback page for a browser wallet; the UI opens `url` in the default browser. */
  connectBrowserWallet: {
    input: empty,
    output: z.object({ url: z.string(), expiresAt: z.number().int() }),
  },
  getBalances: { input: empty, output: balancesSchema },
  getWalletHistory: {
    input: z.object({ limit: z.number().int().min(1).max(100).default(25) }).strict(),
    output: z.object({ entries: z.array(historyEntrySchema) }),
  },
  /** Sandbox only: SOL for fees and IO to stake, from the local chain's faucet. */
  sandboxFaucet: { input: empty, output: z.object({ signature: z.string() }) },
  getStaking: { input: empty, output: stakingViewSchema },
  prepareStake: { input: z.object({ amount: amountInputSchema }).strict(), output: signingRequestSchema },
  /** No wallet signature needed: the device asks the network, the amount stops counting at once. */
  unstake: { input: z.object({ amount: amountInputSchema }).strict(), output: stakingViewSchema },
  prepareWithdraw: {
    input: z.object({ requestId: z.string().min(1).max(128) }).strict(),
    output: signingRequestSchema,
  },
  prepareTransfer: {
    input: z.object({ to: address, asset: z.enum(['IO', 'SOL']), amount: amountInputSchema }).strict(),
    output: signingRequestSchema,
  },
  confirmSigning: {
    input: z.object({ requestId: z.string().min(1).max(128) }).strict(),
    output: signingRequestSchema,
  },
  cancelSigning: {
    input: z.object({ requestId: z.string().min(1).max(128) }).strict(),
    output: signingRequestSchema,
  },
  getPayouts: { input: empty, output: payoutsViewSchema },
  /** Pays every verified entry to the wallet's address; the claim id is made and kept by the node. */
  claim: { input: empty, output: payoutsViewSchema },
  setAutoClaim: {
    input: z.object({ enabled: z.boolean(), threshold: amountInputSchema }).strict(),
    output: walletStateSchema,
  },
} as const;

/** Pushed with the node's events: the wallet changed (connect, lock, balances moved) or a signing request moved. */
export const walletEventSchemas = [
  z.object({ type: z.literal('wallet'), wallet: walletStateSchema }),
  z.object({ type: z.literal('signing'), request: signingRequestSchema }),
] as const;
