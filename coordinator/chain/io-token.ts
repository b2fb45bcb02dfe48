// The IO token on the local chain and the two transactions the chain signs itself: genesis (the mint
// and the treasury holding the whole supply) and the sandbox faucet. Both are ordinary signed
// transactions sent through the same path as a client's, so the transaction log replays them.
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { PublicKey, SystemProgram, Transaction, type Keypair } from '@solana/web3.js';
import { IO_DECIMALS } from '../../common/io-units.js';

/** FACTS.md: IO max supply 800 M. The treasury gets all of it at genesis; the chain never mints again. */
export const IO_MAX_SUPPLY = 800_000_000n * 10n ** BigInt(IO_DECIMALS);
import { MEMO_PROGRAM_ID, memoInstruction } from '../../common/node/solana-memo.js';

// The memo program lives in common/node (the wallet pins it too); re-exported for the chain's users.
export { MEMO_PROGRAM_ID, memoInstruction };
export const MEMO_PROGRAM_V1_ID = new PublicKey('Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo');

// Sandbox limits per faucet call: enough for any test or demo, small next to the treasury.
export const FAUCET_MAX_LAMPORTS = 1_000n * 1_000_000_000n;
export const FAUCET_MAX_IO = 1_000_000n * 10n ** BigInt(IO_DECIMALS);

export function treasuryAddress(mint: PublicKey, authority: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(mint, authority, false, TOKEN_PROGRAM_ID);
}

export interface GenesisInput {
  payer: Keypair;
  mint: Keypair;
  authority: Keypair;
  mintRentLamports: bigint;
  blockhash: string;
}

/** One atomic transaction: create and initialise the mint, create the treasury, mint the supply. */
export function genesisTransaction(input: GenesisInput): Transaction {
  const { payer, mint, authority } = input;
  const treasury = treasuryAddress(mint.publicKey, authority.publicKey);
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: input.blockhash }).add(
    SystemProgram.createAccount({
      fromPubkey: payer.publicKey,
      newAccountPubkey: mint.publicKey,
      lamports: Number(input.mintRentLamports),
      space: MINT_SIZE,
      programId: TOKEN_PROGRAM_ID,
    }),
    createInitializeMint2Instruction(mint.publicKey, IO_DECIMALS, authority.publicKey, null),
    createAssociatedTokenAccountIdempotentInstruction(
      payer.publicKey,
      treasury,
      authority.publicKey,
      mint.publicKey,
    ),
    createMintToInstruction(mint.publicKey, treasury, authority.publicKey, IO_MAX_SUPPLY),
    memoInstruction('io local chain genesis'),
  );
  tx.sign(payer, mint, authority);
  return tx;
}

export interface FaucetInput {
  faucet: Keypair;
  authority: Keypair;
  mint: PublicKey;
  to: PublicKey;
  lamports: bigint;
  io: bigint;
  /** An existing IO token account to credit; otherwise the owner's associated token account. */
  tokenAccount: PublicKey | null;
  blockhash: string;
  /** Makes repeated identical requests distinct transactions (same payer, amount and blockhash). */
  nonce: string;
}

export function faucetTransaction(input: FaucetInput): { tx: Transaction; tokenAccount: PublicKey | null } {
  const { faucet, authority, mint, to } = input;
  const tx = new Transaction({ feePayer: faucet.publicKey, recentBlockhash: input.blockhash });
  if (input.lamports > 0n) {
    tx.add(SystemProgram.transfer({ fromPubkey: faucet.publicKey, toPubkey: to, lamports: input.lamports }));
  }
  let tokenAccount: PublicKey | null = null;
  if (input.io > 0n) {
    tokenAccount = input.tokenAccount ?? getAssociatedTokenAddressSync(mint, to, true, TOKEN_PROGRAM_ID);
    if (!input.tokenAccount) {
      tx.add(createAssociatedTokenAccountIdempotentInstruction(faucet.publicKey, tokenAccount, to, mint));
    }
    const treasury = treasuryAddress(mint, authority.publicKey);
    tx.add(
      createTransferCheckedInstruction(
        treasury,
        mint,
        tokenAccount,
        authority.publicKey,
        input.io,
        IO_DECIMALS,
      ),
    );
  }
  tx.add(memoInstruction(`io local chain faucet ${input.nonce}`));
  tx.sign(...(input.io > 0n ? [faucet, authority] : [faucet]));
  return { tx, tokenAccount };
}
