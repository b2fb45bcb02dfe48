// The wallet's recent transactions: what each was, how IO and SOL moved, and its explorer link (or
// the signature as text on a cluster without an explorer).
import type { HistoryEntry } from '../../../common/wallet-api.js';
import { Empty, ResourceView } from '../../app/ui.js';
import { formatWhen } from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';
import { formatIoChange, formatSolChange, HISTORY_LABELS, shortAddress } from './wallet-format.js';

function Signature({ entry }: { entry: HistoryEntry }) {
  return entry.explorerUrl && /^https?:\/\//i.test(entry.explorerUrl) ? (
    <a
      href={entry.explorerUrl}
      target="_blank"
      rel="noreferrer noopener"
      className="mono"
      title={entry.signature}
    >
      {shortAddress(entry.signature)}
    </a>
  ) : (
    <span className="mono sig" title="No explorer on this cluster">
      {entry.signature}
    </span>
  );
}

export function HistoryCard() {
  const history = useApp((s) => s.walletHistory);
  const load = useApp((s) => s.loadWalletHistory);
  return (
    <section className="card wide" aria-labelledby="history-title">
      <h2 id="history-title">Wallet history</h2>
      <ResourceView resource={history} what="the wallet history" onRetry={() => void load()}>
        {(entries) =>
          entries.length === 0 ? (
            <Empty>No transactions yet.</Empty>
          ) : (
            <div
              className="table-wrap"
              tabIndex={0}
              role="region"
              aria-label="Wallet history, scrolls sideways"
            >
              <table data-testid="wallet-history">
                <caption className="visually-hidden">Recent transactions of this wallet</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col" className="r">
                      IO
                    </th>
                    <th scope="col" className="r">
                      SOL
                    </th>
                    <th scope="col">Transaction</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.signature} data-kind={e.kind}>
                      <td>{e.at ? formatWhen(e.at) : `slot ${e.slot}`}</td>
                      <td>
                        {HISTORY_LABELS[e.kind]}
                        {e.memo && <div className="small dim wrap">{e.memo}</div>}
                        {e.error && <div className="small error-text wrap">Failed on chain: {e.error}</div>}
                      </td>
                      <td className="num r">{e.ioChange ? formatIoChange(e.ioChange) : '—'}</td>
                      <td className="num r">{formatSolChange(e.lamportsChange)}</td>
                      <td>
                        <Signature entry={e} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
    </section>
  );
}
