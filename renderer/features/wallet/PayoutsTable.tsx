// Past payouts: amount, state, the transfer (explorer link or signature) and why one failed.
import type { Payout } from '../../../common/network-api.js';
import type { ChainPins } from '../../../common/wallet-api.js';
import { Badge } from '../../app/ui.js';
import { formatIo, formatWhen } from '../../lib/format.js';
import { PAYOUT_STATE_LABELS } from './payout-math.js';
import { TxLink } from './wallet-ui.js';

const TONES = { sending: 'warn', paid: 'ok', failed: 'bad' } as const;

export function PayoutsTable({ payouts, pins }: { payouts: Payout[]; pins: ChainPins }) {
  if (payouts.length === 0) return <p className="small dim">No payouts yet.</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Payouts, scrolls sideways">
      <table data-testid="payouts">
        <caption className="visually-hidden">Payouts to your wallet</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col" className="r">
              Amount
            </th>
            <th scope="col">State</th>
            <th scope="col">Transaction</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((p) => (
            <tr key={p.payoutId} data-state={p.state}>
              <td>{formatWhen(Date.parse(p.settledAt ?? p.createdAt))}</td>
              <td className="num r">{formatIo(p.amount)}</td>
              <td>
                <Badge tone={TONES[p.state]}>{PAYOUT_STATE_LABELS[p.state]}</Badge>
                {p.reason && <div className="small dim wrap">{p.reason}</div>}
              </td>
              <td>{p.signature ? <TxLink pins={pins} signature={p.signature} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
