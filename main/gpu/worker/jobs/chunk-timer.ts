// GPU time of each chunk from timestamp queries, when the adapter has them: the honest "kernel time"
// that job overhead is measured against. Without the feature, the submit wall times stand in.

const RESOLVE_ALIGN = 256; // resolveQuerySet's destination offset alignment

export class ChunkTimer {
  private readonly querySet: GPUQuerySet | undefined;
  private readonly resolve: GPUBuffer | undefined;
  private readonly accumulate: GPUBuffer | undefined;
  private chunks = 0;
  private wallMs = 0;

  constructor(
    device: GPUDevice,
    private readonly capacity: number,
  ) {
    if (!device.features.has('timestamp-query') || capacity === 0) return;
    this.querySet = device.createQuerySet({ label: 'job:timestamps', type: 'timestamp', count: 2 });
    this.resolve = device.createBuffer({
      label: 'job:timestamps:resolve',
      size: RESOLVE_ALIGN,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.accumulate = device.createBuffer({
      label: 'job:timestamps:all',
      size: capacity * 16,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
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

  destroy(): void {
    this.querySet?.destroy();
    this.resolve?.destroy();
    this.accumulate?.destroy();
  }
}
