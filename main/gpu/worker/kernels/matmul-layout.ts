// Lays out A and B on the GPU the way a matmul variant reads them (see MatmulLayout): rows padded to
// whole vec4 with zeros, B transposed or packed in panels where the variant asks for it. Padding on
// the host keeps the kernels free of k and column tails.
import { createBuffer } from '../dispatch.js';
import { toHalfBits, type MatmulProblem } from './matmul-reference.js';
import type { MatmulVariant } from './matmul-variants.js';

/** A and B on the GPU in one layout; every variant with the same key can use them. */
export interface MatmulInputs {
  key: string;
  a: GPUBindingResource;
  b: GPUBindingResource;
  release(): void;
}

/** Variants with equal keys read identical inputs. */
export function inputsKey(variant: MatmulVariant): string {
  return `${variant.layout}:${variant.panelTexels ?? 0}:${variant.precision}`;
}

/** Row-major copy of `rows x cols` values into a zeroed `padRows x padCols` array. */
function padded(
  source: Float32Array,
  rows: number,
  cols: number,
  padRows: number,
  padCols: number,
): Float32Array<ArrayBuffer> {
  const out = new Float32Array(padRows * padCols);
  for (let r = 0; r < rows; r++) out.set(source.subarray(r * cols, r * cols + cols), r * padCols);
  return out;
}

function transposed(source: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = source[r * cols + c]!;
  return out;
}

/** B (k x n) as `layers` panels of `width` vec4 columns, each 4 * ceil(k/4) rows, zero padded. */
function panels(
  b: Float32Array,
  k: number,
  n: number,
  width: number,
  layers: number,
): Float32Array<ArrayBuffer> {
  const cols = 4 * width;
  const rows = 4 * Math.ceil(k / 4);
  const out = new Float32Array(layers * rows * cols);
  for (let layer = 0; layer < layers; layer++) {
    const first = layer * cols;
    const count = Math.min(cols, n - first);
    for (let row = 0; row < k; row++) {
      out.set(b.subarray(row * n + first, row * n + first + count), (layer * rows + row) * cols);
    }
  }
  return out;
}

function checkBinding(device: GPUDevice, bytes: number, what: string): void {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > limit) {
    throw new Error(`matmul ${what} needs ${bytes} bytes; this adapter binds at most ${limit}`);
  }
}

export function checkOutputSize(device: GPUDevice, bytes: number): void {
  checkBinding(device, bytes, 'C');
}

export function uploadInputs(device: GPUDevice, variant: MatmulVariant, p: MatmulProblem): MatmulInputs {
  const key = inputsKey(variant);
  const k4 = Math.ceil(p.k / 4);
  const n4 = Math.ceil(p.n / 4);
  const a = padded(p.a, p.m, p.k, p.m, 4 * k4);
  if (variant.layout === 'texture-panels') {
    const width = variant.panelTexels ?? 1;
    const layers = Math.ceil(n4 / width);
    const { maxTextureDimension2D: maxSide, maxTextureArrayLayers: maxLayers } = device.limits;
    if (Math.max(p.m, 4 * k4, k4) > maxSide || layers > maxLayers) {
      throw new Error(
        `matmul ${p.m}x${p.k}x${p.n} needs textures beyond this adapter's ${maxSide} texels or ${maxLayers} layers`,
      );
    }
    const usage = GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.COPY_DST;
    const aTexture = device.createTexture({
      label: 'matmul:a',
      size: [k4, p.m],
      format: 'rgba32float',
      usage,
    });
    device.queue.writeTexture({ texture: aTexture }, a, { bytesPerRow: k4 * 16 }, [k4, p.m]);
    const bSize = [width, 4 * k4, layers] as const;
    const bTexture = device.createTexture({
      label: 'matmul:b-panels',
      size: bSize,
      format: 'rgba32float',
      usage,
    });
    const bData = panels(p.b, p.k, p.n, width, layers);
    device.queue.writeTexture(
      { texture: bTexture },
      bData,
      { bytesPerRow: width * 16, rowsPerImage: 4 * k4 },
      bSize,
    );
    return {
      key,
      a: aTexture.createView({ label: 'matmul:a' }),
      b: bTexture.createView({ label: 'matmul:b-panels', dimension: '2d-array' }),
      release: () => [aTexture, bTexture].forEach((t) => t.destroy()),
    };
  }
  const b =
    variant.layout === 'buffers-bt'
      ? padded(transposed(p.b, p.k, p.n), p.n, p.k, p.n, 4 * k4)
      : padded(p.b, p.k, p.n, 4 * k4, 4 * n4);
  const encode = (values: Float32Array<ArrayBuffer>): ArrayBufferView<ArrayBuffer> =>
    variant.precision === 'f16' ? Uint16Array.from(values, toHalfBits) : values;
  const aData = encode(a);
  const bData = encode(b);
  checkBinding(device, aData.byteLength, 'A');
  checkBinding(device, bData.byteLength, 'B');
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const aBuffer = createBuffer(device, 'matmul:a', aData.byteLength, usage, aData);
  const bBuffer = createBuffer(device, 'matmul:b', bData.byteLength, usage, bData);
  return {
    key,
    a: { buffer: aBuffer },
    b: { buffer: bBuffer },
    release: () => [aBuffer, bBuffer].forEach((x) => x.destroy()),
  };
}
