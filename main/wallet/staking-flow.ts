// Staking on this device (docs/staking.md): the deposit the wallet signs, the unstake the device asks
// for (no wallet signature), and the withdraw: the network's co-signed release, which the wallet adds
// its signature to. The vault is opened for the wallet on the first stake and releases to that
// wallet only, for good: the coordinator refuses another one (409 wallet-fixed).
import { createTransferCheckedInstruction } from '@solana/spl-token';
import { PublicKey, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { randomUUID } from 'node:crypto';
import { formatIo, parseUnits } from '../../common/io-units.js';
import type { StakeStatus } from '../../common/staking-api.js';
import type { SigningRequest, StakingView } from '../../common/wallet-api.js';
import { memoInstruction } from '../../common/node/solana-memo.js';
import { CoordinatorRefusedError, type CoordinatorClient } from '../network/coordinator-client.js';
import { crashPoint } from './crash-point.js';
import type { SigningFlow } from './signing-flow.js';
import { IO_DECIMALS } from '../../common/io-units.js';
import { splitWire, type WalletChain } from './wallet-chain.js';
import type { WalletJournal } from './wallet-journal.js';

export interface StakingContext {
  client: CoordinatorClient;
  journal: WalletJournal;
  signing: SigningFlow;
  deviceId: string;
  chain(): Promise<WalletChain>;
  /** The wallet's address when it can sign (refuses watch-only and none with a sentence). */
  signingAddress(): string;
  now(): number;
}

const duration = (ms: number) =>
  ms >= 86_400_000
    ? `${Math.round(ms / 86_400_000)} days`
    : ms >= 3_600_000
      ? `${Math.round(ms / 3_600_000)} h`
      : `${Math.max(1, Math.round(ms / 60_000))} min`;

/** An amount the owner typed, in base units; zero is refused. */
export function positiveIo(amount: string): bigint {
  const units = parseUnits(amount, IO_DECIMALS);
  if (units <= 0n) throw new Error('the amount must be more than 0');
  return units;
}

export class StakingFlow {
  constructor(private readonly c: StakingContext) {}

  async view(): Promise<StakingView> {
    const [stake, device] = await Promise.all([
      this.c.client.stakeStatus(),
      this.c.client.deviceStatus().catch(() => null),
    ]);
    const shortfall = BigInt(stake.minimum) - BigInt(stake.staked);
    return {
      stake,
      shortfall: String(shortfall > 0n ? shortfall : 0n),
      deviceStatus: device?.status ?? null,
      originalWallet: stake.wallet,
    };
  }

  async prepareStake(amountText: string): Promise<SigningRequest> {
    const amount = positiveIo(amountText);
    const wallet = this.c.signingAddress();
    const chain = await this.c.chain();
    let stake = await this.c.client.stakeStatus();
    if (stake.wallet && stake.wallet !== wallet)
      throw new Error(
        `this device's stake vault releases only to ${stake.wallet}, the wallet it was opened for; stake from that wallet`,
      );
    const held = BigInt((await chain.balances(wallet)).io);
    if (held < amount)
      throw new Error(`your IO account holds ${formatIo(held)}, less than ${formatIo(amount)}`);
    // The first stake opens the vault for this wallet: from here on it is the only one releases go to.
    if (!stake.vault) stake = await this.c.client.openStakeVault(wallet);
    if (stake.ioMint !== chain.pins.ioMint)
      throw new Error(
        `the network's vault holds the token ${stake.ioMint}, not the pinned IO mint ${chain.pins.ioMint}`,
      );
    const { blockhash, lastValidBlockHeight } = await chain.latestBlockhash();
    const tx = new Transaction({ feePayer: new PublicKey(wallet), recentBlockhash: blockhash }).add(
      createTransferCheckedInstruction(
        chain.ioAccount(wallet),
        new PublicKey(chain.pins.ioMint),
        new PublicKey(stake.vault!),
        new PublicKey(wallet),
        amount,
        IO_DECIMALS,
      ),
      memoInstruction(stake.memo),
    );
    return this.c.signing.prepare({
      intent: {
        kind: 'stake',
        wallet,
        ioMint: chain.pins.ioMint,
        vault: stake.vault!,
        deviceId: this.c.deviceId,
        amount: String(amount),
      },
      message: tx.serializeMessage(),
      lastValidBlockHeight,
      title: `Stake ${formatIo(amount)} on this device`,
      rules: [
        `This device needs ${formatIo(BigInt(stake.minimum))} staked to be cluster-ready (staked now: ${formatIo(BigInt(stake.staked))}).`,
        `Unstaking takes a cooldown of ${duration(stake.cooldownMs)} before the IO can be withdrawn.`,
        `Withdrawals go only to ${wallet}: this device's vault is tied to this wallet for good.`,
      ],
    });
  }

  /** The device asks the network; the amount stops counting at once. The request id is journaled first and reused on retry. */
  async unstake(amountText: string): Promise<StakingView> {
    const amount = positiveIo(amountText);
    const open = this.c.journal.openUnstakes().find((u) => u.amount === amount);
    const requestId = open?.requestId ?? `unstake-${randomUUID()}`;
    if (!open) this.c.journal.addUnstake(requestId, amount, this.c.now());
    crashPoint('unstake-journaled');
    await this.ask(requestId, amount);
    return this.view();
  }

  /** Asks again for every unstake the coordinator may not have heard (at start). */
  async reconcile(): Promise<void> {
    for (const u of this.c.journal.openUnstakes())
      await this.ask(u.requestId, u.amount).catch(() => undefined);
  }

  private async ask(requestId: string, amount: bigint): Promise<void> {
    try {
      await this.c.client.unstake({ requestId, amount: String(amount) });
    } catch (error) {
      // A refusal changed nothing at the coordinator: the request is over. Unreachable: kept, asked again.
      if (!(error instanceof CoordinatorRefusedError))
        throw new Error(`${(error as Error).message}; the unstake ${requestId} is kept and asked again`);
      this.c.journal.unstakeDone(requestId);
      throw error;
    }
    this.c.journal.unstakeDone(requestId);
  }

  async prepareWithdraw(requestId: string): Promise<SigningRequest> {
    const wallet = this.c.signingAddress();
    const chain = await this.c.chain();
    const stake = await this.c.client.stakeStatus();
    const unstake = stake.unstakes.find((u) => u.requestId === requestId);
    if (!unstake) throw new Error(`this device has no unstake request ${requestId}`);
    if (stake.wallet !== wallet)
      throw new Error(
        `withdrawals go only to ${stake.wallet}, the wallet this device's vault was opened for`,
      );
    let release;
    try {
      release = await this.c.client.releaseStake(requestId);
    } catch (error) {
      if (error instanceof CoordinatorRefusedError && error.code === 'cooldown') {
        const left = Date.parse(unstake.releaseAt) - this.c.now();
        throw new Error(
          `the cooldown of this unstake ends at ${unstake.releaseAt}${left > 0 ? ` (in ${duration(left)})` : ''}; the network co-signs the withdraw only then`,
        );
      }
      throw error;
    }
    if (!release.transaction)
      throw new Error(`this unstake was already withdrawn (transaction ${release.unstake.signature})`);
    const { message, signatures } = splitWire(Buffer.from(release.transaction, 'base64'));
    return this.c.signing.prepare({
      intent: withdrawIntent(stake, wallet, chain.pins.ioMint, requestId, unstake.amount),
      message,
      signatures: signatures.map((s) => (s ? bs58.encode(s) : null)),
      lastValidBlockHeight: release.lastValidBlockHeight ?? 0,
      title: `Withdraw ${formatIo(BigInt(unstake.amount))} of unstaked IO to your wallet`,
      rules: [
        `The IO goes only to ${wallet}, the wallet this device's vault was opened for.`,
        'The network has co-signed this release after the cooldown; your signature completes it.',
      ],
    });
  }
}

function withdrawIntent(
  stake: StakeStatus,
  wallet: string,
  ioMint: string,
  requestId: string,
  amount: string,
) {
  return {
    kind: 'withdraw' as const,
    wallet,
    ioMint,
    vault: stake.vault!,
    multisig: stake.multisig!,
    cosigner: stake.cosigner!,
    requestId,
    amount,
  };
}
