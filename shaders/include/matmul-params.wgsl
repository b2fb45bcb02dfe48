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
