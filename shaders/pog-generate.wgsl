// pog-generate: fills `count` n x n matrices with the proof-of-GPU entries, integers 0..15 as f32,
// each from its own 128-bit matrix key (common/proof-of-gpu-math.ts `matrixEntry` is the CPU twin,
// bit for bit):
//   h = mix(index ^ k0); h = mix(h ^ k1); h = mix(h ^ k2); h = mix(h ^ k3); entry = h >> 28
// with index = row * n + col inside its matrix and mix = lowbias32. Generating on the GPU keeps the
// seed-to-matrix step inside the timed work and the PCIe bus out of it. One dispatch fills a whole
// batch of blocks (one pass instead of one per block: on a big GPU a pass costs more than the work).
//
// Bindings (group 0):
//   0: uniform Batch { n, base, count, _pad } (u32): matrices rows[base] .. rows[base + count - 1]
//   1: storage, read_write: out as array<f32>, `count` matrices of n * n values row-major, one after
//      the other (slot i at i * n * n; the 'buffers' layout of the matmul kernels, stacked: slot i
//      holds rows i * n .. i * n + n - 1 of one (count * n) x n matrix)
//   2: storage, read: keys as array<vec4u>, one matrix key per row (the host's table: B, then A_s)
//   3: storage, read: rows as array<u32>, the key row of each slot
// Dispatch: (x, y) workgroups of 256; invocation index = global.x + global.y * groups.x * 256;
//   indices at or past count * n * n return.
//!include pog-batch

@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> keys: array<vec4u>;

fn mix(value: u32) -> u32 {
  var x = value;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let index = gid.x + gid.y * groups.x * 256u;
  let size = batch.n * batch.n;
  if (index >= size * batch.count) {
    return;
  }
  let key = keys[rows[batch.base + index / size]];
  var h = mix((index % size) ^ key.x);
  h = mix(h ^ key.y);
  h = mix(h ^ key.z);
  h = mix(h ^ key.w);
  out[index] = f32(h >> 28u);
}
