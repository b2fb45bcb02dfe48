// A transfer the owner typed: SOL by a System transfer, or IO by TransferChecked into the typed
// address's associated IO account (created if missing, rent paid by the wallet). The typed address
// must be a wallet (on the ed25519 curve): IO sent to a program-owned address could be lost for good.
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
} from '@solana/spl-token';
import { PublicKey, SystemProgram, Transaction } from '@solana/web3.js';
import { formatUnits, parseUnits } from '../../common/io-units.js';
import type { SigningRequest } from '../../common/wallet-api.js';
import type { SigningFlow } from './signing-flow.js';
import { IO_DECIMALS } from '../../common/io-units.js';
import type { WalletChain } from './wallet-chain.js';

export async function prepareTransfer(
  signing: SigningFlow,
  chain: WalletChain,
  wallet: string,
  to: string,
  asset: 'IO' | 'SOL',
  amountText: string,
): Promise<SigningRequest> {
  const amount = parseUnits(amountText, IO_DECIMALS); // SOL has 9 decimals too
  if (amount <= 0n) throw new Error('the amount must be more than 0');
  const dest = new PublicKey(to);
  if (!PublicKey.isOnCurve(dest.toBytes()))
    throw new Error(`${to} is not a wallet address (it is off the ed25519 curve): nothing was prepared`);
  if (to === wallet) throw new Error('that is this wallet’s own address');
  const from = new PublicKey(wallet);
  const mint = new PublicKey(chain.pins.ioMint);
  const { blockhash, lastValidBlockHeight } = await chain.latestBlockhash();
  const tx = new Transaction({ feePayer: from, recentBlockhash: blockhash });
  if (asset === 'SOL') tx.add(SystemProgram.transfer({ fromPubkey: from, toPubkey: dest, lamports: amount }));
  else {
    const destIo = chain.ioAccount(to);
    tx.add(
      createAssociatedTokenAccountIdempotentInstruction(from, destIo, dest, mint),
      createTransferCheckedInstruction(chain.ioAccount(wallet), mint, destIo, from, amount, IO_DECIMALS),
    );
  }
  return signing.prepare({
    intent: { kind: 'transfer', wallet, ioMint: chain.pins.ioMint, asset, to, amount: String(amount) },
    message: tx.serializeMessage(),
    lastValidBlockHeight,
    title: `Send ${formatUnits(amount, IO_DECIMALS)} ${asset} to ${to}`,
    rules: ['A transfer on chain cannot be undone: check the address character by character.'],
  });
}
