// Remembers the autotuned kernel variant per adapter + driver, so a second benchmark skips tuning.
// A driver update changes the adapter description (it carries the driver version), so the cache
// misses and tuning runs again: a new driver can change which variant wins.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AdapterReport } from '../../../common/gpu-adapter.js';
import { writeFileAtomic } from '../../../common/node/atomic-file.js';

const cacheSchema = z.record(z.string(), z.record(z.string(), z.string()));

export function adapterFingerprint(adapter: AdapterReport, driverVersion?: string | null): string {
  return [
    adapter.vendor,
    adapter.architecture,
    adapter.device,
    adapter.description,
    adapter.backend,
    driverVersion ?? '',
  ].join('|');
}

export class TuningCache {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'kernel-tuning.json');
  }

  get(fingerprint: string, kernel: string): string | undefined {
    return this.read()[fingerprint]?.[kernel];
  }

  set(fingerprint: string, kernel: string, variant: string): void {
    const all = this.read();
    all[fingerprint] = { ...all[fingerprint], [kernel]: variant };
    writeFileAtomic(this.file, JSON.stringify(all, null, 2));
  }

  private read(): Record<string, Record<string, string>> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged cache only costs a re-tune: start over rather than fail the benchmark.
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }
}
