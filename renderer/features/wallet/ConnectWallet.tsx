// No wallet yet: four ways to get one, each said in a gamer's words, and the chosen one's form.
import { useState } from 'react';
import { BrowserConnect } from './BrowserConnect.js';
import { CreateWallet } from './CreateWallet.js';
import { ImportWallet } from './ImportWallet.js';
import { WatchWallet } from './WatchWallet.js';

type Way = 'create' | 'import' | 'browser' | 'watch';

const WAYS: { way: Way; title: string; text: string }[] = [
  {
    way: 'create',
    title: 'Create a wallet in this app',
    text: 'The quickest start. You get 12 or 24 words to write down: they are the only way back to your money.',
  },
  {
    way: 'import',
    title: 'Import a wallet you have',
    text: 'From its recovery phrase, a secret key, or a Solana CLI keypair file (id.json).',
  },
  {
    way: 'browser',
    title: 'Use a browser wallet',
    text: 'Phantom, Solflare or Backpack signs in your browser; this app never sees its keys.',
  },
  {
    way: 'watch',
    title: 'Watch an address',
    text: 'Payouts go to an address you own elsewhere. It cannot sign, so staking needs one of the others.',
  },
];

export function ConnectWallet({ onPhrase }: { onPhrase(phrase: string): void }) {
  const [way, setWay] = useState<Way | null>(null);
  return (
    <section className="card wide" aria-labelledby="connect-title">
      <h2 id="connect-title">Connect a wallet</h2>
      <p className="dim">
        Your earnings are paid in IO to a Solana wallet, and staking IO on this device makes it cluster-ready.
        Choose how you want to hold it:
      </p>
      <div className="ways" role="group" aria-label="Ways to connect a wallet">
        {WAYS.map((w) => (
          <button
            key={w.way}
            type="button"
            className="way"
            aria-pressed={way === w.way}
            onClick={() => setWay(w.way)}
          >
            <strong>{w.title}</strong>
            <span className="small">{w.text}</span>
          </button>
        ))}
      </div>
      {way === 'create' && <CreateWallet onPhrase={onPhrase} />}
      {way === 'import' && <ImportWallet />}
      {way === 'browser' && <BrowserConnect />}
      {way === 'watch' && <WatchWallet />}
    </section>
  );
}
