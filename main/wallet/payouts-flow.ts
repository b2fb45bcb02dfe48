// Claiming payouts: the coordinator pays all verified earnings to the wallet's address in one SPL
// transfer from the treasury, idempotent by a claim id this node makes. The id is journaled before the
// coordinator hears it and asked again with the same id until the payout settles (a crash, an
// outage), so a claim pays once whatever happens. No signature from the wallet: a watch-only address
// can receive. The fee was withheld when each entry was credited (amount = gross - fee).
import { randomUUID } from 'node:crypto';
import { formatIo } from '../../common/io-units.js';
import type { NetworkInfo, Payout } from '../../common/network-api.js';
import type { PayoutsView } from '../../common/wallet-api.js';
import { CoordinatorRefusedError, type CoordinatorClient } from '../network/coordinator-client.js';
import { crashPoint } from './crash-point.js';
import type { ClaimRow, WalletJournal } from './wallet-journal.js';

export interface PayoutsContext {
  client: CoordinatorClient;
  journal: WalletJournal;
  info(): Promise<NetworkInfo>;
  /** The wallet's address (any kind: payouts need no signature); refuses with a sentence when none. */
  address(): string;
  now(): number;
  log(message: string): void;
  onChange(): void;
}

/** Auto-claim runs at most this often, whatever the earnings do. */
export const AUTO_CLAIM_EVERY_MS = 60_000;

export class PayoutsFlow {
  private lastAutoClaim = -Infinity;

  constructor(private readonly c: PayoutsContext) {}

  async view(): Promise<PayoutsView> {
    const [info, { entries }, { payouts }] = await Promise.all([
      this.c.info(),
      this.c.client.ledger(),
      this.c.client.payouts(),
    ]);
    let claimable = 0n;
    let gross = 0n;
    let fee = 0n;
    const bps = BigInt(info.feeBps);
    for (const e of entries) {
      if (e.state !== 'verified') continue;
      const amount = BigInt(e.amount);
      claimable += amount;
      // The coordinator says each entry's gross and fee; from one that does not, the fee is estimated
      // from feeBps (amount / (1 - fee) rounded down), which can be off by a base unit per entry.
      const entryGross = e.gross !== undefined ? BigInt(e.gross) : (amount * 10_000n) / (10_000n - bps);
      gross += entryGross;
      fee += e.fee !== undefined ? BigInt(e.fee) : entryGross - amount;
    }
    const open = this.c.journal.openClaims()[0];
    return {
      claimable: String(claimable),
      claimableGross: String(gross),
      claimableFee: String(fee),
      feeBps: info.feeBps,
      minPayout: info.minPayout ?? '0',
      payouts,
      inFlight: open ? { claimId: open.claimId, since: open.createdAt } : null,
    };
  }

  /** Pays the verified earnings to the wallet; an unsettled claim is asked again instead of a new one. */
  async claim(): Promise<PayoutsView> {
    const wallet = this.c.address();
    const open = this.c.journal.openClaims()[0];
    if (open) {
      await this.ask(open, true);
      return this.view();
    }
    const before = await this.view();
    const claimable = BigInt(before.claimable);
    if (claimable === 0n) throw new Error('nothing to claim: no verified earnings are waiting');
    if (claimable < BigInt(before.minPayout))
      throw new Error(
        `verified earnings of ${formatIo(claimable)} are below the payout minimum of ${formatIo(BigInt(before.minPayout))}`,
      );
    const claimId = `claim-${randomUUID()}`;
    this.c.journal.addClaim(claimId, wallet, this.c.now());
    crashPoint('claim-journaled');
    await this.ask(
      this.c.journal.openClaims().find((r) => r.claimId === claimId)!,
      true,
    );
    return this.view();
  }

  /** Asks again for every claim not settled (at start): the same claim id never pays twice. */
  async reconcile(): Promise<void> {
    for (const row of this.c.journal.openClaims()) await this.ask(row, false).catch(() => undefined);
  }

  /** Called when the node's earnings reconcile: claims once verified earnings pass the owner's threshold. */
  maybeAutoClaim(verified: bigint): void {
    const { autoClaim, address } = this.c.journal.wallet();
    const now = this.c.now();
    if (!autoClaim.enabled || !address || verified < BigInt(autoClaim.threshold)) return;
    if (now - this.lastAutoClaim < AUTO_CLAIM_EVERY_MS) return;
    this.lastAutoClaim = now;
    this.claim().then(
      (v) =>
        this.c.log(
          `wallet: auto-claim of ${formatIo(verified)} asked (${v.payouts.at(-1)?.state ?? 'sent'})`,
        ),
      (e: Error) => this.c.log(`wallet: auto-claim not made: ${e.message}`),
    );
  }

  private async ask(row: ClaimRow, loud: boolean): Promise<Payout | null> {
    let payout: Payout;
    try {
      payout = await this.c.client.claimPayout(row.claimId, row.wallet);
    } catch (error) {
      if (error instanceof CoordinatorRefusedError) {
        // Refused: nothing was paid or reserved; the claim is over.
        this.c.journal.updateClaim(
          row.claimId,
          { state: 'failed', payoutId: null, amount: null, signature: null, reason: error.message },
          this.c.now(),
        );
        this.c.onChange();
      }
      if (!loud) return null;
      throw error instanceof CoordinatorRefusedError
        ? error
        : new Error(`${(error as Error).message}; the claim ${row.claimId} is kept and asked again`);
    }
    // Killed here, the coordinator has paid and this node does not know: the same claim id asked
    // again at start answers that payout, never a second one.
    crashPoint('claim-answered');
    this.c.journal.updateClaim(
      row.claimId,
      {
        state: payout.state,
        payoutId: payout.payoutId,
        amount: payout.amount,
        signature: payout.signature,
        reason: payout.reason,
      },
      this.c.now(),
    );
    this.c.onChange();
    return payout;
  }
}
