// Small helpers every kernel host uses: labelled buffers, and 2-D dispatch shapes for more
// workgroups than one dimension allows (65535).

export function createBuffer(
  device: GPUDevice,
  label: string,
  size: number,
  usage: GPUBufferUsageFlags,
  data?: ArrayBufferView,
): GPUBuffer {
  const buffer = device.createBuffer({ label, size: Math.max(16, align(size, 16)), usage });
  if (data) writeBytes(device, buffer, data);
  return buffer;
}

/** Queues a host-to-GPU copy of any typed array view into `buffer` at offset 0. */
export function writeBytes(device: GPUDevice, buffer: GPUBuffer, data: ArrayBufferView): void {
  device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

export function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

/** Splits `groups` workgroups into (x, y) with x <= maxPerDim; the total may round up. */
export function dispatchShape(groups: number, maxPerDim = 65535): { x: number; y: number; total: number } {
  if (groups <= maxPerDim) return { x: Math.max(1, groups), y: 1, total: Math.max(1, groups) };
  const y = Math.ceil(groups / maxPerDim);
  const x = Math.ceil(groups / y);
  return { x, y, total: x * y };
}

/**
 * Copies a GPU buffer back to the host. `submit` lets a task send the copy through its own submit,
 * so the watchdog hears it like any other.
 */
export async function readBuffer(
  device: GPUDevice,
  source: GPUBuffer,
  size: number,
  submit: (commands: GPUCommandBuffer[]) => unknown = (commands) => device.queue.submit(commands),
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `${source.label}:readback`,
    size,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder({ label: `${source.label}:readback` });
  encoder.copyBufferToBuffer(source, 0, staging, 0, size);
  await submit([encoder.finish()]);
  return (await mapped(staging)).buffer as ArrayBuffer;
}

/** Maps a MAP_READ staging buffer, copies its bytes out and destroys it. */
export async function mapped(buffer: GPUBuffer): Promise<Uint8Array> {
  await buffer.mapAsync(GPUMapMode.READ);
  const bytes = new Uint8Array(buffer.getMappedRange().slice(0));
  buffer.destroy();
  return bytes;
}
