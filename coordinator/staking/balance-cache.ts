// Vault balances read from the chain, reused for a short while: every heartbeat and sweep asks for a
// device's stake, and a chain read per ask would tie the coordinator's pace to the RPC's.
import type { Connection } from '@solana/web3.js';
import { unreachable } from './rows.js';
import { readBalances } from './staking-chain.js';

interface Cached {
  amount: bigint;
  at: number;
  epoch: number;
}

export class BalanceCache {
  private readonly cache = new Map<string, Cached>();
  // Bumped per vault when a release is recorded: a balance read that started before the release
  // was recorded must not be combined with the smaller pending total after it (the released amount
  // would count as stake again). Such a read is used once by its caller, never cached.
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly now: () => number,
  ) {}

  released(vault: string): void {
    this.epochs.set(vault, this.epoch(vault) + 1);
  }

  /**
   * Balances, from the cache when younger than maxAgeMs. When the chain does not answer, `strict`
   * throws 503; otherwise the last balance read since the last recorded release is used (0 without
   * one): a vault cannot lose IO without the network's signature, so that never overstates a stake.
   * Callers compute what is pending before calling, for the same reason as `epochs`.
   */
  async get(vaults: string[], maxAgeMs: number, strict: boolean): Promise<Map<string, bigint>> {
    const now = this.now();
    const result = new Map<string, bigint>();
    const stale = vaults.filter((v) => {
      const hit = this.usable(v);
      if (hit && now - hit.at < maxAgeMs) result.set(v, hit.amount);
      return !result.has(v);
    });
    if (!stale.length) return result;
    const epochs = stale.map((v) => this.epoch(v));
    let fresh: Map<string, bigint>;
    try {
      fresh = await readBalances(this.connection, stale);
    } catch (error) {
      if (strict) throw unreachable(error);
      for (const v of stale) result.set(v, this.usable(v)?.amount ?? 0n);
      return result;
    }
    stale.forEach((v, i) => {
      const amount = fresh.get(v)!;
      result.set(v, amount);
      if (this.epoch(v) === epochs[i]) this.cache.set(v, { amount, at: now, epoch: epochs[i] });
    });
    return result;
  }

  async one(vault: string, maxAgeMs: number, strict: boolean): Promise<bigint> {
    return (await this.get([vault], maxAgeMs, strict)).get(vault)!;
  }

  private epoch(vault: string): number {
    return this.epochs.get(vault) ?? 0;
  }

  private usable(vault: string): Cached | undefined {
    const hit = this.cache.get(vault);
    return hit && hit.epoch === this.epoch(vault) ? hit : undefined;
  }
}
