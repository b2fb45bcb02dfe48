// matmul-naive: C = A x B in f32, one output per invocation, a plain loop over k. The baseline the
// tuned kernels are measured against (figure matmul-f32-naive), kept deliberately straightforward.
//
// Bindings (group 0):
//   0: uniform Params { m, n, k, tile_offset, tiles_m, tiles_n, tiles, _pad } (u32)
//   1: storage, read: A, m rows x ceil(k/4)*4 columns (row-major, padding ignored)
//   2: storage, read: B, ceil(k/4)*4 rows x ceil(n/4)*4 columns (row-major, padding ignored)
//   3: storage, read_write: C, m rows x ceil(n/4)*4 columns (padding columns left untouched)
// Dispatch: (x, y) workgroups of TILE x TILE invocations; workgroup w computes the TILE x TILE
//   output tile number tile_offset + w.x + w.y * groups.x (row-major over tiles_m x tiles_n), so the
//   host can compute the output in bands of tiles, one band per submit.
override TILE: u32 = 16;

//!include matmul-params
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

@compute @workgroup_size(TILE, TILE)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_id) local: vec3u,
) {
  let tile = band_tile(wg, groups);
  if (tile >= params.tiles) {
    return;
  }
  let row = (tile / params.tiles_n) * TILE + local.y;
  let col = (tile % params.tiles_n) * TILE + local.x;
  if (row >= params.m || col >= params.n) {
    return;
  }
  let lda = (params.k + 3u) & ~3u;
  let ldb = (params.n + 3u) & ~3u;
  var sum = 0.0;
  for (var i = 0u; i < params.k; i++) {
    sum = fma(a[row * lda + i], b[i * ldb + col], sum);
  }
  c[row * ldb + col] = sum;
}
