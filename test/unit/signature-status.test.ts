// A transaction the coordinator sent counts as landed (paid, released) only once the cluster
// confirmed it: 'processed' alone may be on a fork that is dropped. Status shapes as Solana's
// getSignatureStatuses returns them.
import { describe, expect, it } from 'vitest';
import { isConfirmed } from '../../common/node/signature-status.js';

describe('isConfirmed', () => {
  it("waits on 'processed', takes 'confirmed' and 'finalized'", () => {
    expect(isConfirmed({ slot: 10, confirmations: 0, err: null, confirmationStatus: 'processed' })).toBe(
      false,
    );
    expect(isConfirmed({ slot: 10, confirmations: 3, err: null, confirmationStatus: 'confirmed' })).toBe(
      true,
    );
    expect(isConfirmed({ slot: 10, confirmations: null, err: null, confirmationStatus: 'finalized' })).toBe(
      true,
    );
  });

  it('reads a status without a level by its confirmations: null means rooted', () => {
    expect(isConfirmed({ slot: 10, confirmations: null, err: null })).toBe(true);
    expect(isConfirmed({ slot: 10, confirmations: 2, err: null })).toBe(false);
  });

  it('a failed transaction is an outcome once confirmed, like a successful one', () => {
    const err = { InstructionError: [0, { Custom: 1 }] };
    expect(isConfirmed({ slot: 10, confirmations: 1, err, confirmationStatus: 'confirmed' })).toBe(true);
    expect(isConfirmed({ slot: 10, confirmations: 0, err, confirmationStatus: 'processed' })).toBe(false);
  });
});
