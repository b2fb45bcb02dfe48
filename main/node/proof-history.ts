// The proof-of-GPU rounds this node ran, kept in the node's store so the diagnostics screen can show
// why a device passed or failed after a restart. Bounded: a device proves every few hours for years.
import { proofRecordSchema, type ProofRecord } from '../../common/dashboard-api.js';
import { formatBytes } from '../../common/format.js';
import type { PogVerdict } from '../../common/proof-of-gpu.js';
import type { NodeStore } from '../store/node-store.js';

const KEY = 'proof-history';
export const PROOF_HISTORY_SIZE = 50;

export class ProofHistory {
  constructor(private readonly store: NodeStore) {}

  /** Oldest first; a damaged entry is dropped rather than hiding the rest. */
  all(): ProofRecord[] {
    const text = this.store.get(KEY);
    if (!text) return [];
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return [];
      return parsed.flatMap((item) => {
        const record = proofRecordSchema.safeParse(item);
        return record.success ? [record.data] : [];
      });
    } catch {
      return [];
    }
  }

  /** Keeps the verdict; returns the sentence for the node's log. */
  add(verdict: PogVerdict, at: number): string {
    const record: ProofRecord = {
      at,
      accepted: verdict.accepted,
      reason: verdict.reason,
      provenClass: verdict.provenClass ?? null,
      gflops: verdict.measuredGflops ?? null,
      memoryBytes: verdict.memoryBytes ?? null,
    };
    const records = [...this.all(), record].slice(-PROOF_HISTORY_SIZE);
    this.store.set(KEY, JSON.stringify(records));
    const memory = verdict.memoryBytes ? `, ${formatBytes(verdict.memoryBytes)} of GPU memory held` : '';
    return verdict.accepted
      ? `proof of GPU accepted: ${verdict.measuredGflops.toFixed(1)} GFLOPS of exact integer matmul, class ${verdict.provenClass ?? 'unclassed (below every class)'}${memory}`
      : `proof of GPU rejected: ${verdict.reason}`;
  }
}
