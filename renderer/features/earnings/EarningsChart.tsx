// Credits per hour (24 h) or per day (7 d, 30 d) as bars, with the same buckets as a table. Amounts
// are base-unit strings; the chart needs numbers, so heights go through Number (display only) while
// every printed amount stays exact.
import { useMemo, useState } from 'react';
import type { EarningsBucket } from '../../../common/dashboard-api.js';
import { IO_BASE_UNITS } from '../../../common/io-units.js';
import { ChartCanvas } from '../../app/ChartCanvas.js';
import { Empty } from '../../app/ui.js';
import { themeColor, withAlpha } from '../../lib/chart-colors.js';
import type { ChartConfiguration } from '../../lib/charts.js';
import { formatDay, formatHour, formatIo, formatSignificant, formatWhen } from '../../lib/format.js';

export type Span = 'hours24' | 'days7' | 'days30';
export const SPAN_LABELS: Record<Span, string> = { hours24: '24 hours', days7: '7 days', days30: '30 days' };

const toIo = (units: string) => {
  const u = BigInt(units);
  return Number(u / IO_BASE_UNITS) + Number(u % IO_BASE_UNITS) / Number(IO_BASE_UNITS);
};

export function EarningsChart({ span, buckets }: { span: Span; buckets: EarningsBucket[] }) {
  const [asTable, setAsTable] = useState(false);
  const label = (start: number) => (span === 'hours24' ? formatHour(start) : formatDay(start));
  const total = buckets.reduce((sum, b) => sum + BigInt(b.amount), 0n);
  const config = useMemo((): ChartConfiguration => {
    const accent = themeColor('--chart-1');
    const grid = themeColor('--chart-grid');
    const text = themeColor('--dim');
    return {
      type: 'bar',
      data: {
        labels: buckets.map((b) => label(b.start)),
        datasets: [
          {
            data: buckets.map((b) => toIo(b.amount)),
            backgroundColor: withAlpha(accent, 0.75),
            borderColor: accent,
            borderWidth: 1,
            borderRadius: 3,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => formatWhen(buckets[items[0]?.dataIndex ?? 0]?.start ?? 0),
              label: (item) => formatIo(buckets[item.dataIndex]?.amount ?? '0'),
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { color: text, maxRotation: 0, autoSkipPadding: 8 } },
          y: {
            beginAtZero: true,
            grid: { color: grid },
            ticks: { color: text, maxTicksLimit: 5, callback: (v) => formatSignificant(Number(v)) },
          },
        },
      },
    };
  }, [buckets, span]);

  if (buckets.length === 0) return <Empty>No buckets yet.</Empty>;
  return (
    <div>
      <p className="inline">
        <span>
          Credited in the last {SPAN_LABELS[span]}:{' '}
          <strong data-testid="span-total">{formatIo(total)}</strong>
        </span>
        <button type="button" className="link" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? 'Show chart' : 'Show as table'}
        </button>
      </p>
      {total === 0n && !asTable && <p className="dim small">Nothing credited in this period yet.</p>}
      {asTable ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Credits per {span === 'hours24' ? 'hour' : 'day'}</caption>
            <thead>
              <tr>
                <th scope="col">{span === 'hours24' ? 'Hour' : 'Day'}</th>
                <th scope="col" className="r">
                  Credited
                </th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.start}>
                  <td>{span === 'hours24' ? formatWhen(b.start) : formatDay(b.start)}</td>
                  <td className="r">{formatIo(b.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ChartCanvas
          config={config}
          label={`Credits per ${span === 'hours24' ? 'hour' : 'day'} over the last ${SPAN_LABELS[span]}; total ${formatIo(total)}`}
        />
      )}
    </div>
  );
}
