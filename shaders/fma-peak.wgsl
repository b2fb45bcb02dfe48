// fma-peak: the arithmetic ceiling of the adapter, the yardstick the other figures are divided by.
//
// Bindings (group 0):
//   0: uniform Params { a: f32, b: f32, iterations: u32, write_all: u32 }
//   1: storage, read_write  out: array<vec4f>   one vec4 per invocation when write_all == 1
// Dispatch: (x, y, 1) workgroups of WG invocations; invocation index = linear workgroup * WG + local.
// Computes: per invocation, 8 independent vec4 chains x = fma(x, a, b), unrolled twice per loop
// round: 2 * 8 * 4 = 64 FMAs = 128 flops per round. Independent chains hide FMA latency. With
// write_all == 0 the sum is written only if it equals -1, which the chain (a in (0,1), b > 0,
// positive seeds) never reaches: the work stays
// live without a large output buffer.
override WG: u32 = 64;

struct Params {
  a: f32,
  b: f32,
  iterations: u32,
  write_all: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<vec4f>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) local: u32,
) {
  let index = (wg.x + wg.y * groups.x) * WG + local;
  let seed = f32(index % 1024u) * 0.001;
  let a = vec4f(params.a);
  let b = vec4f(params.b);
  var x0 = vec4f(seed, seed + 0.1, seed + 0.2, seed + 0.3);
  var x1 = x0 + 0.01;
  var x2 = x0 + 0.02;
  var x3 = x0 + 0.03;
  var x4 = x0 + 0.04;
  var x5 = x0 + 0.05;
  var x6 = x0 + 0.06;
  var x7 = x0 + 0.07;
  for (var i = 0u; i < params.iterations; i++) {
    x0 = fma(x0, a, b); x1 = fma(x1, a, b); x2 = fma(x2, a, b); x3 = fma(x3, a, b);
    x4 = fma(x4, a, b); x5 = fma(x5, a, b); x6 = fma(x6, a, b); x7 = fma(x7, a, b);
    x0 = fma(x0, a, b); x1 = fma(x1, a, b); x2 = fma(x2, a, b); x3 = fma(x3, a, b);
    x4 = fma(x4, a, b); x5 = fma(x5, a, b); x6 = fma(x6, a, b); x7 = fma(x7, a, b);
  }
  let sum = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
  if (params.write_all == 1u) {
    out[index] = sum;
  } else if (sum.x == -1.0) {
    out[0] = sum;
  }
}
