// matmul-f32-reg: C = A x B in f32, register-blocked without workgroup memory. Every invocation
// computes TM rows (4 or 8) x 4 * TNV columns (TNV = 1 or 2 vec4), so one step over 4 values of k
// loads TM vec4 of A and 4 * TNV vec4 of B for 16 * TM * TNV multiply-adds. No barriers: the variant
// for adapters where workgroup memory buys little (CPU adapters) or as a reference for the tiled one.
// The k loop is unrolled by 4 by hand (vec4 along k); the TM x TNV block is written out in full, and
// the parts a smaller block does not need sit behind pipeline-constant branches that disappear at
// pipeline creation.
//
// Bindings (group 0):
//   0: uniform Params { m, n, k, tile_offset, tiles_m, tiles_n, tiles, _pad } (u32)
//   1: storage, read: A as array<vec4f>, m rows x ceil(k/4) vec4, k padded with zeros
//   2: storage, read: B as array<vec4f>, 4 * ceil(k/4) rows x ceil(n/4) vec4, padding zero
//   3: storage, read_write: C as array<vec4f>, m rows x ceil(n/4) vec4
// Dispatch: (x, y) workgroups of WGX x WGY invocations; workgroup w computes output tile
//   tile_offset + w.x + w.y * groups.x (row-major over tiles_m x tiles_n; tiles at or past `tiles`
//   return). Tile: WGY * TM rows x WGX * TNV vec4 columns; invocation (x, y) owns rows
//   y * TM .. y * TM + TM - 1 and vec4 columns x + j * WGX (strided so neighbours load neighbours).
override WGX: u32 = 16;
override WGY: u32 = 4;
override TM: u32 = 4;
override TNV: u32 = 1;

//!include matmul-params
@group(0) @binding(1) var<storage, read> a: array<vec4f>;
@group(0) @binding(2) var<storage, read> b: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4f>;

// acc + a.x * b0 + a.y * b1 + a.z * b2 + a.w * b3: one row of the block over 4 values of k.
fn step4(acc: vec4f, a: vec4f, b0: vec4f, b1: vec4f, b2: vec4f, b3: vec4f) -> vec4f {
  return fma(vec4f(a.w), b3, fma(vec4f(a.z), b2, fma(vec4f(a.y), b1, fma(vec4f(a.x), b0, acc))));
}

//!include matmul-store

@compute @workgroup_size(WGX, WGY)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_id) local: vec3u,
) {
  let tile = band_tile(wg, groups);
  if (tile >= params.tiles) {
    return;
  }
  let k4 = (params.k + 3u) / 4u;
  let n4 = (params.n + 3u) / 4u;
  let row0 = (tile / params.tiles_n) * WGY * TM + local.y * TM;
  let col0 = (tile % params.tiles_n) * WGX * TNV + local.x;
  let col1 = col0 + WGX;
  // Loads past the edges are clamped to the last row / column; those results are never stored.
  let c0 = min(col0, n4 - 1u);
  let c1 = min(col1, n4 - 1u);
  let last = params.m - 1u;
  let a0r = min(row0, last) * k4;
  let a1r = min(row0 + 1u, last) * k4;
  let a2r = min(row0 + 2u, last) * k4;
  let a3r = min(row0 + 3u, last) * k4;
  let a4r = min(row0 + 4u, last) * k4;
  let a5r = min(row0 + 5u, last) * k4;
  let a6r = min(row0 + 6u, last) * k4;
  let a7r = min(row0 + 7u, last) * k4;

  var acc00 = vec4f(); var acc10 = vec4f(); var acc20 = vec4f(); var acc30 = vec4f();
  var acc40 = vec4f(); var acc50 = vec4f(); var acc60 = vec4f(); var acc70 = vec4f();
  var acc01 = vec4f(); var acc11 = vec4f(); var acc21 = vec4f(); var acc31 = vec4f();
  var acc41 = vec4f(); var acc51 = vec4f(); var acc61 = vec4f(); var acc71 = vec4f();

  for (var kk = 0u; kk < k4; kk++) {
    let r0 = kk * 4u * n4;
    let r1 = r0 + n4;
    let r2 = r1 + n4;
    let r3 = r2 + n4;
    let b00 = b[r0 + c0]; let b10 = b[r1 + c0]; let b20 = b[r2 + c0]; let b30 = b[r3 + c0];
    let a0 = a[a0r + kk]; let a1 = a[a1r + kk]; let a2 = a[a2r + kk]; let a3 = a[a3r + kk];
    acc00 = step4(acc00, a0, b00, b10, b20, b30);
    acc10 = step4(acc10, a1, b00, b10, b20, b30);
    acc20 = step4(acc20, a2, b00, b10, b20, b30);
    acc30 = step4(acc30, a3, b00, b10, b20, b30);
    // TM and TNV are pipeline constants: these branches disappear at pipeline creation.
    if (TNV == 2u) {
      let b01 = b[r0 + c1]; let b11 = b[r1 + c1]; let b21 = b[r2 + c1]; let b31 = b[r3 + c1];
      acc01 = step4(acc01, a0, b01, b11, b21, b31);
      acc11 = step4(acc11, a1, b01, b11, b21, b31);
      acc21 = step4(acc21, a2, b01, b11, b21, b31);
      acc31 = step4(acc31, a3, b01, b11, b21, b31);
      if (TM == 8u) {
        let a4 = a[a4r + kk]; let a5 = a[a5r + kk]; let a6 = a[a6r + kk]; let a7 = a[a7r + kk];
        acc40 = step4(acc40, a4, b00, b10, b20, b30);
        acc50 = step4(acc50, a5, b00, b10, b20, b30);
        acc60 = step4(acc60, a6, b00, b10, b20, b30);
        acc70 = step4(acc70, a7, b00, b10, b20, b30);
        acc41 = step4(acc41, a4, b01, b11, b21, b31);
        acc51 = step4(acc51, a5, b01, b11, b21, b31);
        acc61 = step4(acc61, a6, b01, b11, b21, b31);
        acc71 = step4(acc71, a7, b01, b11, b21, b31);
      }
    } else if (TM == 8u) {
      let a4 = a[a4r + kk]; let a5 = a[a5r + kk]; let a6 = a[a6r + kk]; let a7 = a[a7r + kk];
      acc40 = step4(acc40, a4, b00, b10, b20, b30);
      acc50 = step4(acc50, a5, b00, b10, b20, b30);
      acc60 = step4(acc60, a6, b00, b10, b20, b30);
      acc70 = step4(acc70, a7, b00, b10, b20, b30);
    }
  }

  store(row0, col0, n4, acc00);
  store(row0 + 1u, col0, n4, acc10);
  store(row0 + 2u, col0, n4, acc20);
  store(row0 + 3u, col0, n4, acc30);
  if (TM == 8u) {
    store(row0 + 4u, col0, n4, acc40);
    store(row0 + 5u, col0, n4, acc50);
    store(row0 + 6u, col0, n4, acc60);
    store(row0 + 7u, col0, n4, acc70);
  }
  if (TNV == 2u) {
    store(row0, col1, n4, acc01);
    store(row0 + 1u, col1, n4, acc11);
    store(row0 + 2u, col1, n4, acc21);
    store(row0 + 3u, col1, n4, acc31);
    if (TM == 8u) {
      store(row0 + 4u, col1, n4, acc41);
      store(row0 + 5u, col1, n4, acc51);
      store(row0 + 6u, col1, n4, acc61);
      store(row0 + 7u, col1, n4, acc71);
    }
  }
}
