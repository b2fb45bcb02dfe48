// Each governed GPU's live readings with a sparkline of the last minutes (telemetry fetched when the
// connection opens, then pushed every few seconds), and what the governor lets it do.
import { useMemo } from 'react';
import type { GpuTelemetry, NodeState, TelemetrySample } from '../../../common/dashboard-api.js';
import { ChartCanvas } from '../../app/ChartCanvas.js';
import { Badge, Empty, Loading } from '../../app/ui.js';
import { themeColor, withAlpha } from '../../lib/chart-colors.js';
import type { ChartConfiguration } from '../../lib/charts.js';
import { formatCelsius, formatNumber, formatPercent, formatUnit } from '../../lib/format.js';

type Metric = 'temperatureC' | 'utilizationPercent' | 'powerW';
const METRICS: { key: Metric; label: string; color: string; format: (v: number) => string }[] = [
  { key: 'temperatureC', label: 'Temperature', color: '--chart-3', format: formatCelsius },
  {
    key: 'utilizationPercent',
    label: 'Utilisation',
    color: '--chart-1',
    format: (v) => formatPercent(v / 100),
  },
  { key: 'powerW', label: 'Power', color: '--chart-2', format: (v) => formatUnit(v, 'watt') },
];

function sparkConfig(points: (number | null)[], color: string): ChartConfiguration {
  const c = themeColor(color);
  return {
    type: 'line',
    data: {
      labels: points.map((_, i) => i),
      datasets: [
        {
          data: points,
          borderColor: c,
          backgroundColor: withAlpha(c, 0.15),
          fill: true,
          borderWidth: 2,
          pointRadius: 0,
          tension: 0.3,
          spanGaps: true,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: { tooltip: { enabled: false } },
      scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
    },
  };
}

function GpuMetric({
  gpu,
  samples,
  metric,
}: {
  gpu: GpuTelemetry;
  samples: TelemetrySample[];
  metric: (typeof METRICS)[number];
}) {
  const points = useMemo(
    () => samples.map((s) => s.gpus.find((g) => g.id === gpu.id)?.[metric.key] ?? null),
    [samples, gpu.id, metric.key],
  );
  const value = gpu[metric.key];
  const config = useMemo(() => sparkConfig(points, metric.color), [points, metric.color]);
  const known = points.filter((p): p is number => p !== null);
  return (
    <div className="metric">
      <div className="dim small">{metric.label}</div>
      <div className="metric-value" data-metric={metric.key}>
        {value === null ? <span className="dim">no sensor</span> : metric.format(value)}
      </div>
      {known.length > 1 && (
        <ChartCanvas
          className="spark"
          config={config}
          label={`${metric.label} over the last ${formatNumber(samples.length)} readings: from ${metric.format(known[0]!)} to ${metric.format(known[known.length - 1]!)}`}
        />
      )}
    </div>
  );
}

export function GpuCard({ state, samples }: { state: NodeState; samples: TelemetrySample[] | null }) {
  const latest = samples?.[samples.length - 1];
  return (
    <section className="card wide" aria-labelledby="gpu-title">
      <h2 id="gpu-title">GPU</h2>
      <p className="inline">
        <strong className="wrap">{state.gpu.name}</strong>
        {state.gpu.software && <Badge tone="warn">CPU adapter (software)</Badge>}
        {state.gpu.matmulGflops !== null && (
          <span className="dim small">{formatNumber(state.gpu.matmulGflops)} GFLOPS matmul</span>
        )}
      </p>
      {samples === null ? (
        <Loading what="GPU readings" />
      ) : !latest || latest.gpus.length === 0 ? (
        <Empty>No readings yet: the governor reads the GPU every few seconds.</Empty>
      ) : (
        latest.gpus.map((gpu) => (
          <div key={gpu.id} className="stack" data-gpu={gpu.id}>
            {latest.gpus.length > 1 && <h3 className="wrap">{gpu.label}</h3>}
            {METRICS.every((m) => gpu[m.key] === null) ? (
              <p className="dim" data-testid="no-sensor">
                No sensor: this adapter reports no temperature, utilisation or power (a CPU adapter has none).
              </p>
            ) : (
              <div className="metrics">
                {METRICS.map((m) => (
                  <GpuMetric key={m.key} gpu={gpu} samples={samples} metric={m} />
                ))}
              </div>
            )}
            <p className="small">
              <Badge tone={gpu.action === 'run' ? 'ok' : gpu.action === 'throttle' ? 'warn' : 'neutral'}>
                {gpu.action === 'run'
                  ? 'Running'
                  : gpu.action === 'throttle'
                    ? `Held at ${formatPercent(gpu.duty)}`
                    : 'Paused'}
              </Badge>{' '}
              <span className="wrap">{gpu.reason}</span>
            </p>
          </div>
        ))
      )}
    </section>
  );
}
