// The wallet screen (a lazy chunk: App.tsx): no wallet -> ways to connect; otherwise the wallet,
// balances, stake, payouts, history and what the app trusts; the recovery phrase right after
// creating a wallet (component state only, dropped on Done); the signing dialog over everything.
import { useState } from 'react';
import { ResourceView } from '../../app/ui.js';
import { useApp } from '../../store/app-store.js';
import { BalancesCard } from './BalancesCard.js';
import { ConnectWallet } from './ConnectWallet.js';
import { HistoryCard } from './HistoryCard.js';
import { PayoutsPanel } from './PayoutsPanel.js';
import { RecoveryPhrase } from './RecoveryPhrase.js';
import { SigningDialog } from './SigningDialog.js';
import { StakingPanel } from './StakingPanel.js';
import { TrustCard } from './TrustCard.js';
import { WalletCard } from './WalletCard.js';

export function WalletScreen() {
  const wallet = useApp((s) => s.wallet);
  const load = useApp((s) => s.loadWalletScreen);
  const signing = useApp((s) => s.signing);
  // The phrase sits in a box, handed down as is, that Done empties before dropping it: React keeps
  // the previous props and state on a reused fiber's alternate (here the .grid div's children) until
  // it renders again, so a bare string would outlive the screen in the renderer's memory
  // (test/e2e/wallet-secrets.spec.ts found it there after a GC).
  const [shown, setShown] = useState<{ phrase: string } | null>(null);
  return (
    <>
      <h1>Wallet</h1>
      <ResourceView resource={wallet} what="the wallet" onRetry={() => void load()}>
        {(w) =>
          shown !== null ? (
            <div className="grid">
              <RecoveryPhrase
                shown={shown}
                onDone={() => {
                  shown.phrase = '';
                  setShown(null);
                }}
              />
            </div>
          ) : (
            <div className="grid" data-wallet-kind={w.kind} data-locked={w.locked}>
              {w.kind === 'none' ? (
                <>
                  <ConnectWallet onPhrase={(phrase) => setShown({ phrase })} />
                  <PayoutsPanel wallet={w} />
                </>
              ) : (
                <>
                  <WalletCard wallet={w} />
                  <BalancesCard wallet={w} />
                  <StakingPanel wallet={w} />
                  <PayoutsPanel wallet={w} />
                  <HistoryCard />
                </>
              )}
              <TrustCard pins={w.pins} />
              {signing && <SigningDialog request={signing} wallet={w} />}
            </div>
          )
        }
      </ResourceView>
    </>
  );
}
