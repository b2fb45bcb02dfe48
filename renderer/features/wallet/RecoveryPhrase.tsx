// The recovery phrase, shown once: numbered words, a warning, and "I wrote it down" before the
// owner can go on. The phrase lives in the screen's component state only, in a box the screen empties
// on Done (never copied into a prop of its own, which React could keep after the screen closed).
import { useEffect, useRef, useState } from 'react';

export function RecoveryPhrase({ shown, onDone }: { shown: { phrase: string }; onDone(): void }) {
  const [confirmed, setConfirmed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const words = shown.phrase.split(' ');
  return (
    <section className="card wide phrase-card" aria-labelledby="phrase-title">
      <h2 id="phrase-title" ref={heading} tabIndex={-1}>
        Write down your recovery phrase
      </h2>
      <p className="banner-inline warn" role="note">
        <strong>This is shown once and never again.</strong> Anyone with these {words.length} words can take
        your IO; without them, a lost passphrase or PC means lost money. Write them on paper, in order. Never
        type them into a website or share a photo of them.
      </p>
      <ol className="phrase" aria-label="Recovery phrase" data-testid="recovery-phrase">
        {words.map((w, i) => (
          <li key={i}>
            <span className="mono">{w}</span>
          </li>
        ))}
      </ol>
      <label className="check">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I wrote
        the {words.length} words down, in order, and keep them somewhere safe.
      </label>
      <div className="buttons">
        <button type="button" className="primary" disabled={!confirmed} onClick={onDone}>
          Done: hide the phrase
        </button>
      </div>
    </section>
  );
}
