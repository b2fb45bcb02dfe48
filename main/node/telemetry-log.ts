// The governed GPUs' readings over the last minutes, so the UI draws its sparklines on first paint
// instead of starting empty. Sampling copies what the governor already read (no extra OS calls).
import type { GpuTelemetry, TelemetrySample } from '../../common/dashboard-api.js';

export const TELEMETRY_INTERVAL_MS = 5_000;
/** 10 minutes at one sample every 5 s. */
export const TELEMETRY_SAMPLES = 120;

export class TelemetryLog {
  private readonly samples: TelemetrySample[] = [];

  constructor(private readonly capacity = TELEMETRY_SAMPLES) {}

  add(at: number, gpus: GpuTelemetry[]): TelemetrySample {
    const sample = { at, gpus };
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.shift();
    return sample;
  }

  all(): TelemetrySample[] {
    return [...this.samples];
  }

  /** Samples `read()` now and every TELEMETRY_INTERVAL_MS; returns the stop function. */
  startSampling(read: () => GpuTelemetry[], onSample: (sample: TelemetrySample) => void): () => void {
    const sample = () => onSample(this.add(Date.now(), read()));
    const timer = setInterval(sample, TELEMETRY_INTERVAL_MS);
    timer.unref();
    sample();
    return () => clearInterval(timer);
  }
}
