// The stake lookup's balance cache: a balance read that a recorded release overtook is never kept
// (the released amount would count as stake again), and an unreachable chain never overstates a stake.
import { AccountLayout, AccountState, ACCOUNT_SIZE, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { Keypair, PublicKey, type Connection } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { BalanceCache } from '../../coordinator/staking/balance-cache.js';

describe('stake balance cache', () => {
  const vault = Keypair.generate().publicKey.toBase58();
  const tokenAccount = (amount: bigint) => {
    const data = Buffer.alloc(ACCOUNT_SIZE);
    AccountLayout.encode(
      {
        mint: PublicKey.default,
        owner: PublicKey.default,
        amount,
        delegateOption: 0,
        delegate: PublicKey.default,
        state: AccountState.Initialized,
        isNativeOption: 0,
        isNative: 0n,
        delegatedAmount: 0n,
        closeAuthorityOption: 0,
        closeAuthority: PublicKey.default,
      },
      data,
    );
    return { owner: TOKEN_PROGRAM_ID, data, lamports: 1, executable: false };
  };
  /** A chain whose reads the test answers (a balance) or fails (null), one at a time. */
  function fakeChain() {
    const answers: ((amount: bigint | null) => void)[] = [];
    const connection = {
      getMultipleAccountsInfo: () =>
        new Promise((resolve, reject) =>
          answers.push((amount) =>
            amount === null ? reject(new Error('down')) : resolve([tokenAccount(amount)]),
          ),
        ),
    } as unknown as Connection;
    const answer = async (amount: bigint | null) => {
      while (!answers.length) await new Promise((resolve) => setImmediate(resolve));
      answers.shift()!(amount);
    };
    return { connection, answer, reads: () => answers.length };
  }

  it('never keeps a balance read that a recorded release overtook', async () => {
    const chain = fakeChain();
    const cache = new BalanceCache(chain.connection, Date.now);
    const first = cache.one(vault, 60_000, false);
    await chain.answer(300n);
    expect(await first).toBe(300n);
    expect(await cache.one(vault, 60_000, false)).toBe(300n); // cached: no read

    // A read in flight while a release is recorded: used by its caller, not kept.
    const racing = cache.one(vault, 0, false);
    cache.released(vault);
    await chain.answer(300n);
    expect(await racing).toBe(300n);
    const next = cache.one(vault, 60_000, false);
    await chain.answer(200n); // had the racing read been kept, this read would not happen
    expect(await next).toBe(200n);

    // The chain down: the last balance read since the last release, or 0 after a release; strict: 503.
    const down = cache.one(vault, 0, false);
    await chain.answer(null);
    expect(await down).toBe(200n);
    cache.released(vault);
    const afterRelease = cache.one(vault, 60_000, false);
    await chain.answer(null);
    expect(await afterRelease).toBe(0n);
    const strict = cache.one(vault, 0, true);
    await chain.answer(null);
    await expect(strict).rejects.toMatchObject({ status: 503, code: 'chain-unreachable' });
  });
});
