// One chart.js chart on a canvas: created on mount, its data and options replaced on every render
// (no animation), destroyed on unmount. The canvas is an image for assistive technology; each chart
// has a text or table alternative next to it.
import { useEffect, useRef } from 'react';
import { Chart, type ChartConfiguration } from '../lib/charts.js';

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

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config);
    return () => {
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
