// bandwidth-copy: device memory bandwidth, the ceiling of memory-bound jobs.
//
// Bindings (group 0):
//   0: storage, read        src: array<vec4u>
//   1: storage, read_write  dst: array<vec4u>
// Dispatch: (x, y, 1) workgroups of WG invocations, each copying PER_INVOCATION vec4s strided by
// the whole grid so neighbouring invocations touch neighbouring addresses (coalesced).
// Computes: dst = src, 16 bytes read + 16 bytes written per element. The host sizes the buffers far
// above the last-level cache (tens of MB on current GPUs) so the figure is DRAM, not cache.
override WG: u32 = 256;
override PER_INVOCATION: u32 = 4;

@group(0) @binding(0) var<storage, read> src: array<vec4u>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4u>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) local: u32,
) {
  let invocations = groups.x * groups.y * WG;
  let first = (wg.x + wg.y * groups.x) * WG + local;
  let count = arrayLength(&dst);
  for (var k = 0u; k < PER_INVOCATION; k++) {
    let i = first + k * invocations;
    if (i < count) {
      dst[i] = src[i];
    }
  }
}
