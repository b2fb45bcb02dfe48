// GPU time of each chunk from timestamp queries, when the adapter has them: the honest "kernel time"
// that job overhead is measured against. Without the feature, the submit wall times stand in.

import type { BufferPool } from '../buffer-pool.js';

const RESOLVE_ALIGN = 256; // resolveQuerySet's destination offset alignment

/** One two-entry query set per device, shared by every job's timer (jobs run one at a time). */
const querySets = new WeakMap<GPUDevice, GPUQuerySet>();

export class ChunkTimer {
  private readonly querySet: GPUQuerySet | undefined;
  private readonly resolve: GPUBuffer | undefined;
  private readonly accumulate: GPUBuffer | undefined;
  private chunks = 0;
  private wallMs = 0;

  /** The buffers come from `pool` (no shader ever binds them) and go back to it in destroy(). */
  constructor(
    device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly capacity: number,
  ) {
    if (!device.features.has('timestamp-query') || capacity === 0) return;
    let querySet = querySets.get(device);
    if (!querySet) {
      querySet = device.createQuerySet({ label: 'job:timestamps', type: 'timestamp', count: 2 });
      querySets.set(device, querySet);
    }
    this.querySet = querySet;
    const copy = GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    this.resolve = pool.take(
      'job:timestamps:resolve',
      RESOLVE_ALIGN,
      GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    ).buffer;
    // Read back only over the entries this run writes: an earlier job's entries are never read.
    this.accumulate = pool.take('job:timestamps:all', capacity * 16, copy).buffer;
  }

  /** Timestamp writes for the chunk's compute pass (undefined without the feature). */
  passWrites(): GPUComputePassTimestampWrites | undefined {
    if (!this.querySet || this.chunks >= this.capacity) return undefined;
    return { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 };
  }

  /** Call after the pass, in the same encoder, then record the submit's wall time with `submitted`. */
  afterPass(encoder: GPUCommandEncoder): void {
    if (!this.querySet || !this.resolve || !this.accumulate || this.chunks >= this.capacity) return;
    encoder.resolveQuerySet(this.querySet, 0, 2, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.accumulate, this.chunks * 16, 16);
  }

  submitted(wallMs: number): void {
    this.recorded();
    this.addWallMs(wallMs);
  }

  /** A chunk encoded (its timestamps count) whose submit wall time comes later or not at all. */
  recorded(): void {
    this.chunks++;
  }

  addWallMs(ms: number): void {
    this.wallMs += ms;
  }

  /** The buffer holding the recorded timestamps, to read back with the job's outputs. */
  readback(): { buffer: GPUBuffer; size: number } | undefined {
    if (!this.accumulate || this.chunks === 0) return undefined;
    return { buffer: this.accumulate, size: Math.min(this.chunks, this.capacity) * 16 };
  }

  /** Total GPU time in ms, from the read-back timestamps (or the submit walls without them). */
  totalMs(stamps: Uint8Array | undefined): number {
    if (!stamps) return this.wallMs;
    const pairs = new BigUint64Array(stamps.buffer, stamps.byteOffset, stamps.byteLength / 8);
    let ns = 0n;
    for (let i = 0; i + 1 < pairs.length; i += 2) ns += pairs[i + 1]! - pairs[i]!;
    return Number(ns) / 1e6;
  }

  /** Gives the buffers back to the pool. */
  destroy(): void {
    if (this.resolve) this.pool.give(this.resolve);
    if (this.accumulate) this.pool.give(this.accumulate);
  }
}
