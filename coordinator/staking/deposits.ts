// A vault's deposit history, found by memo: the chain's signature list carries each transaction's
// memo column, so only the transactions tagged with the device's memo are fetched and read for the
// amount that entered the vault. Untagged transfers still count toward the stake (it is the vault's
// balance) but are not listed: the memo is what ties a payment to a device in any explorer too.
import type { Connection, PublicKey, TokenBalance } from '@solana/web3.js';

export interface DepositSeen {
  signature: string;
  amount: bigint;
  sourceOwner: string | null;
  slot: number;
  blockTime: number | null;
}

const PAGE = 1000;

// Agave's memo column lists each memo as "[byte length] text", joined by "; ".
function carriesMemo(column: string | null | undefined, memo: string): boolean {
  return !!column && `; ${column}; `.includes(`; [${Buffer.byteLength(memo)}] ${memo}; `);
}

const units = (balances: TokenBalance[] | null | undefined, index: number) =>
  BigInt(balances?.find((b) => b.accountIndex === index)?.uiTokenAmount.amount ?? '0');

/**
 * Memo-tagged transfers into `vault` that `known` has not seen, oldest first. Pages back through the
 * vault's history until it meets a known deposit (the chain keeps a bounded history: the local chain's
 * last 5000 transactions, so the coordinator should look often enough; what it indexed stays stored).
 */
export async function newDeposits(
  connection: Connection,
  vault: PublicKey,
  memo: string,
  known: (signature: string) => boolean,
): Promise<DepositSeen[]> {
  const tagged: { signature: string; slot: number; blockTime: number | null }[] = [];
  let before: string | undefined;
  for (let reachedKnown = false; !reachedKnown;) {
    const page = await connection.getSignaturesForAddress(vault, { limit: PAGE, before });
    for (const s of page) {
      if (known(s.signature)) {
        reachedKnown = true;
        break;
      }
      if (!s.err && carriesMemo(s.memo, memo))
        tagged.push({ signature: s.signature, slot: s.slot, blockTime: s.blockTime ?? null });
    }
    if (page.length < PAGE) break;
    before = page[page.length - 1]!.signature;
  }
  const found: DepositSeen[] = [];
  for (const t of tagged.reverse()) {
    const tx = await connection.getTransaction(t.signature, { maxSupportedTransactionVersion: 0 });
    if (!tx?.meta) continue;
    const index = tx.transaction.message.staticAccountKeys.findIndex((key) => key.equals(vault));
    const { preTokenBalances: pre, postTokenBalances: post } = tx.meta;
    const amount = units(post, index) - units(pre, index);
    if (index < 0 || amount <= 0n) continue;
    // The sender: the account of the vault's mint whose balance fell by the amount.
    const mint = post?.find((b) => b.accountIndex === index)?.mint;
    const source = post?.find(
      (b) => b.mint === mint && units(pre, b.accountIndex) - BigInt(b.uiTokenAmount.amount) === amount,
    );
    found.push({ ...t, amount, sourceOwner: source?.owner ?? null });
  }
  return found;
}
