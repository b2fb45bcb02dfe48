// Reading proof results back from the GPU: digests are stored as native (little-endian) u32 words,
// SHA-256 bytes are big-endian.
import { readBuffer } from '../dispatch.js';
import type { TaskContext } from '../task-context.js';

/** Copies `size` bytes of a storage buffer to the host (one submit, so the watchdog hears it). */
export async function readBack(
  ctx: TaskContext,
  device: GPUDevice,
  source: GPUBuffer,
  size: number,
): Promise<Uint8Array> {
  return new Uint8Array(await readBuffer(device, source, size, (commands) => ctx.submit(device, commands)));
}

/** The shader stores each digest word as a native (little-endian) u32; SHA-256 bytes are big-endian. */
export function wordsToBytes(words: Uint8Array): Uint8Array {
  const out = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i += 4) {
    out[i] = words[i + 3]!;
    out[i + 1] = words[i + 2]!;
    out[i + 2] = words[i + 1]!;
    out[i + 3] = words[i]!;
  }
  return out;
}
