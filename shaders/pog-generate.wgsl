// pog-generate: fills an n x n matrix with the proof-of-GPU entries, integers 0..15 as f32, from a
// 128-bit matrix key (common/proof-of-gpu-math.ts `matrixEntry` is the CPU twin, bit for bit):
//   h = mix(index ^ k0); h = mix(h ^ k1); h = mix(h ^ k2); h = mix(h ^ k3); entry = h >> 28
// with index = row * n + col and mix = lowbias32. Generating on the GPU keeps the seed-to-matrix
// step inside the timed work and the PCIe bus out of it.
//
// Bindings (group 0):
//   0: uniform Params { key: vec4u, n: u32, _pad: 3 x u32 }
//   1: storage, read_write: out as array<f32>, n * n values row-major (the 'buffers' layout of the
//      matmul kernels when n is a multiple of 4)
// Dispatch: (x, y) workgroups of 256; invocation index = global.x + global.y * groups.x * 256;
//   indices at or past n * n return.
struct Params {
  key: vec4u,
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

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
  if (index >= params.n * params.n) {
    return;
  }
  var h = mix(index ^ params.key.x);
  h = mix(h ^ params.key.y);
  h = mix(h ^ params.key.z);
  h = mix(h ^ params.key.w);
  out[index] = f32(h >> 28u);
}
