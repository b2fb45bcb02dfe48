// What a support request needs: version, platform, data folder, the benchmark figures against the
// measured and vendor peaks, the proof-of-GPU history and the log; Run benchmark and Prove now.
import { useState } from 'react';
import type { CallOutput } from '../../../common/dashboard-api.js';
import { Badge, Empty, Loading, ResourceView, Row } from '../../app/ui.js';
import { errorMessage } from '../../lib/api-error.js';
import {
  formatBytes,
  formatClock,
  formatDuration,
  formatNumber,
  formatPercent,
  formatWhen,
} from '../../lib/format.js';
import { useApp } from '../../store/app-store.js';

type Diagnostics = CallOutput<'getDiagnostics'>;

export function DiagnosticsScreen() {
  const diagnostics = useApp((s) => s.diagnostics);
  const load = useApp((s) => s.loadDiagnostics);
  return (
    <>
      <h1>Diagnostics</h1>
      <Actions />
      <ResourceView resource={diagnostics} what="the diagnostics" onRetry={() => void load()}>
        {(d) => (
          <div className="grid">
            <About d={d} />
            <Benchmark d={d} />
            <Proofs d={d} />
          </div>
        )}
      </ResourceView>
      <LogCard />
    </>
  );
}

function Actions() {
  const transport = useApp((s) => s.transport);
  const phase = useApp((s) => s.state?.phase);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (what: 'runBenchmark' | 'proveNow') => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await transport.api[what]({});
      setMessage({ text: answer.message, error: !answer.started });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card stack">
      <div className="buttons">
        <button
          type="button"
          disabled={busy || phase === 'benchmarking'}
          onClick={() => void run('runBenchmark')}
        >
          Run benchmark
        </button>
        <button type="button" disabled={busy || phase === 'proving'} onClick={() => void run('proveNow')}>
          Prove now
        </button>
      </div>
      {message && (
        <p className={message.error ? 'error-text' : 'notice'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}

function About({ d }: { d: Diagnostics }) {
  return (
    <section className="card" aria-labelledby="d-about">
      <h2 id="d-about">This installation</h2>
      <Row label="Version">{d.version}</Row>
      <Row label="Platform">{d.platform}</Row>
      <Row label="Data folder">
        <span className="mono wrap">{d.dataDir}</span>
      </Row>
    </section>
  );
}

function Benchmark({ d }: { d: Diagnostics }) {
  const b = d.benchmark;
  return (
    <section className="card wide" aria-labelledby="d-bench">
      <h2 id="d-bench">Benchmark</h2>
      {!b ? (
        <Empty>No benchmark yet: the node measures the GPU on its first start.</Empty>
      ) : (
        <>
          <p className="inline">
            <strong className="wrap">{b.adapter.description || b.adapter.device || b.adapter.vendor}</strong>
            {b.adapter.isSoftware && <Badge tone="warn">software adapter</Badge>}
            <span className="dim small">
              {b.adapter.backend} · took {formatDuration(b.durationMs)}
            </span>
          </p>
          <div className="table-wrap">
            <table data-testid="benchmark">
              <thead>
                <tr>
                  <th scope="col">Kernel</th>
                  <th scope="col" className="r">
                    Result
                  </th>
                  <th scope="col" className="r">
                    % of measured peak
                  </th>
                  <th scope="col" className="r hide-narrow">
                    % of vendor peak
                  </th>
                </tr>
              </thead>
              <tbody>
                {b.results.map((r) => (
                  <tr key={r.name}>
                    <td className="mono">{r.name}</td>
                    <td className="r">
                      {formatNumber(r.value)} {r.unit}
                    </td>
                    <td className="r">{formatPercent(r.fractionOfMeasuredPeak)}</td>
                    <td className="r hide-narrow">
                      {r.fractionOfVendorPeak === null ? '—' : formatPercent(r.fractionOfVendorPeak)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {b.skipped.length > 0 && (
            <ul className="small dim">
              {b.skipped.map((s) => (
                <li key={s.name}>
                  <span className="mono">{s.name}</span> skipped: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Proofs({ d }: { d: Diagnostics }) {
  return (
    <section className="card wide" aria-labelledby="d-proofs">
      <h2 id="d-proofs">Proof of GPU</h2>
      {d.proofs.length === 0 ? (
        <Empty>No proof rounds yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="proofs">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col" className="hide-narrow">
                  Class
                </th>
                <th scope="col" className="r hide-narrow">
                  Speed
                </th>
                <th scope="col" className="r hide-narrow">
                  Memory
                </th>
              </tr>
            </thead>
            <tbody>
              {[...d.proofs].reverse().map((p) => (
                <tr key={p.at}>
                  <td>{formatWhen(p.at)}</td>
                  <td className={p.accepted ? 'o-verified' : 'o-rejected'}>
                    {p.accepted ? 'accepted' : 'rejected'}
                    <div className="dim small wrap">{p.reason}</div>
                  </td>
                  <td className="hide-narrow">{p.provenClass ?? '—'}</td>
                  <td className="r hide-narrow">
                    {p.gflops === null ? '—' : `${formatNumber(p.gflops)} GFLOPS`}
                  </td>
                  <td className="r hide-narrow">
                    {p.memoryBytes === null ? '—' : formatBytes(p.memoryBytes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LogCard() {
  const log = useApp((s) => s.log);
  return (
    <section className="card" aria-labelledby="d-log">
      <h2 id="d-log">Log</h2>
      {log === null ? (
        <Loading what="the log" />
      ) : log.length === 0 ? (
        <Empty>Nothing logged yet.</Empty>
      ) : (
        <pre className="log" data-testid="log" tabIndex={0} aria-label="Node log, oldest first">
          {log.map((l, i) => (
            <div key={`${l.at}-${i}`}>
              <time dateTime={new Date(l.at).toISOString()} title={formatWhen(l.at)}>
                {formatClock(l.at)}
              </time>
              {l.message}
            </div>
          ))}
        </pre>
      )}
    </section>
  );
}
