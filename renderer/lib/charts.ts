// chart.js with only the parts the dashboard draws (line and bar charts), registered once. Loaded on
// the first chart (app/ChartCanvas.tsx): import only types from here elsewhere, or chart.js joins
// the first-paint bundle. Colours are in chart-colors.ts.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export { Chart };
export type { ChartConfiguration };
