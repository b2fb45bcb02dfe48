// One chart.js chart on a canvas: created on mount, its data and options replaced on every render
// (no animation), destroyed on unmount. The canvas is an image for assistive technology; each chart
// has a text or table alternative next to it. chart.js is a third of the bundle: it loads on the
// first chart drawn, so the first paint of the node's state does not wait for it.
import { useEffect, useRef } from 'react';
import type { Chart, ChartConfiguration } from '../lib/charts.js';

let loading: Promise<typeof Chart> | null = null;
const loadChart = () => (loading ??= import('../lib/charts.js').then((m) => m.Chart));

export function ChartCanvas({
  config,
  label,
  className = 'chart',
}: {
  config: ChartConfiguration;
  label: string;
  className?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const latest = useRef(config);
  latest.current = config;

  useEffect(() => {
    let gone = false;
    void loadChart().then((ChartClass) => {
      if (gone || !canvas.current) return;
      chart.current = new ChartClass(canvas.current, latest.current);
    });
    return () => {
      gone = true;
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is created once; later configs update it below.
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data = config.data;
    if (config.options) c.options = config.options;
    c.update('none');
  }, [config]);

  return (
    <div className={className}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
