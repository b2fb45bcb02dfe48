// Shared by every matmul kernel (included with `//!include matmul-params`): the problem size and
// the band of output tiles this submit computes, as matmul-host.ts writes them.
struct Params {
  m: u32,
  n: u32,
  k: u32,
  tile_offset: u32,
  tiles_m: u32,
  tiles_n: u32,
  tiles: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;

// The output tile a workgroup computes: this submit's band starts at tile_offset (written by
// matmul-host.ts) and workgroups are numbered row-major over a 2-D dispatch.
fn band_tile(wg: vec3u, groups: vec3u) -> u32 {
  return params.tile_offset + wg.x + wg.y * groups.x;
}
