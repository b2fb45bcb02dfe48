// GPU buffers kept between jobs, per device, by exact size and usage: creating and destroying a
// job's buffers (bindings, read-back staging, timestamps) cost more than a small job's kernel. Bounded
// in bytes (oldest dropped first), emptied when the worker has been idle a while, and dropped with the
// device on a loss (a fresh device gets a fresh pool).
//
// SECURITY: a buffer handed out again still holds the previous job's bytes. `take` says whether it
// was reused; the caller must then clear or fully overwrite it before any shader of the next job can
// read it (createJobBuffers does). WebGPU zero-fills only new buffers.

/** Idle buffers kept at most, in bytes: a little GPU memory for many small jobs. */
export const POOL_MAX_BYTES = 32 * 1024 * 1024;
/** A buffer larger than this is never kept: its creation is small next to what the job moves. */
export const POOL_MAX_BUFFER_BYTES = 8 * 1024 * 1024;
/** Idle buffers are destroyed when no job took one for this long: the memory is the owner's. */
export const POOL_IDLE_MS = 30_000;

export interface TakenBuffer {
  buffer: GPUBuffer;
  /** Handed out before: holds an earlier job's bytes until cleared or overwritten. */
  reused: boolean;
}

export class BufferPool {
  /** Idle buffers by `size:usage`, in the order they were given back (oldest first overall). */
  private readonly idle = new Map<string, GPUBuffer[]>();
  private readonly order: GPUBuffer[] = [];
  private idleBytes = 0;
  private trimTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxBytes = POOL_MAX_BYTES,
    private readonly maxBufferBytes = POOL_MAX_BUFFER_BYTES,
    private readonly idleMs = POOL_IDLE_MS,
  ) {}

  take(label: string, size: number, usage: GPUBufferUsageFlags): TakenBuffer {
    const kept = this.idle.get(key(size, usage))?.pop();
    if (kept) {
      this.order.splice(this.order.indexOf(kept), 1);
      this.idleBytes -= kept.size;
      kept.label = label;
      return { buffer: kept, reused: true };
    }
    return { buffer: this.device.createBuffer({ label, size, usage }), reused: false };
  }

  /**
   * Keeps an unmapped buffer for a later take, or destroys it (too big, no room, or still mapped).
   * Only for buffers from take(); never give one back while commands that use it may still be
   * recorded (submitted work is fine: later submits run after it).
   */
  give(buffer: GPUBuffer): void {
    if (buffer.size > this.maxBufferBytes || buffer.mapState !== 'unmapped') {
      buffer.destroy();
      return;
    }
    const k = key(buffer.size, buffer.usage);
    const list = this.idle.get(k) ?? [];
    list.push(buffer);
    this.idle.set(k, list);
    this.order.push(buffer);
    this.idleBytes += buffer.size;
    while (this.idleBytes > this.maxBytes) this.evict(this.order[0]!);
    // Restarted, not recreated: a job gives back several buffers, and a new timer for each was a
    // measurable part of a small job's cost.
    if (this.trimTimer) this.trimTimer.refresh();
    else {
      this.trimTimer = setTimeout(() => this.trim(), this.idleMs);
      this.trimTimer.unref();
    }
  }

  /** Destroys every idle buffer (the worker went idle, or a big job needs the memory). */
  trim(): void {
    clearTimeout(this.trimTimer);
    this.trimTimer = undefined;
    while (this.order.length) this.evict(this.order[0]!);
  }

  get idleBufferBytes(): number {
    return this.idleBytes;
  }

  private evict(buffer: GPUBuffer): void {
    this.order.shift();
    const list = this.idle.get(key(buffer.size, buffer.usage))!;
    list.splice(list.indexOf(buffer), 1);
    if (!list.length) this.idle.delete(key(buffer.size, buffer.usage));
    this.idleBytes -= buffer.size;
    buffer.destroy();
  }
}

const key = (size: number, usage: GPUBufferUsageFlags) => `${size}:${usage}`;
