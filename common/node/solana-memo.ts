// The memo program both sides tag transactions with (stake deposits, releases, payouts, faucet):
// v3 (spl-memo 3.x). LiteSVM loads v1 and v3; the newer v4 address is not loaded there, so v3 is the
// one address pinned everywhere.
import { PublicKey, TransactionInstruction } from '@solana/web3.js';

export const MEMO_PROGRAM_ID = new PublicKey('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');

export function memoInstruction(text: string): TransactionInstruction {
  return new TransactionInstruction({
    programId: MEMO_PROGRAM_ID,
    keys: [],
    data: Buffer.from(text, 'utf8'),
  });
}
