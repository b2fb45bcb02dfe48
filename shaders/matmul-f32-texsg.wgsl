// matmul-f32-texsg: C = A x B in f32, inputs read from storage textures, A rows shared through
// subgroup broadcasts. Built for adapters that run invocations as SIMD lanes of a CPU (lavapipe):
// there every storage-buffer load is split into one scalar load per lane with a bounds check, while a
// storage-texture load is one call that fetches 8 lanes x 16 bytes and transposes them, and a
// broadcast from a constant lane is a register shuffle. The kernel therefore loads each A texel once
// per subgroup (lane l fetches row l % 8) and hands it to every lane with subgroupBroadcast.
//
// Bindings (group 0):
//   0: uniform Params { m, n, k, tile_offset, tiles_m, tiles_n, tiles, _pad } (u32)
//   1: storage texture rgba32float, read: A; texel (x, y) = A[y][4x .. 4x+3], width ceil(k/4),
//      height m, k padded with zeros
//   2: storage texture array rgba32float, read: B packed in panels of P = TNV * WG vec4 columns (as
//      BLAS packs B): texel (x, y, layer) = B[y][4 * (layer * P + x) .. +3]; P wide, 4 * ceil(k/4)
//      high, ceil(n / (4 * P)) layers, padding zero. A workgroup streams one contiguous panel, where
//      the rows of a plain texture would sit a whole matrix row apart (a new page for every k).
//   3: storage, read_write: C as array<vec4f>, row stride ceil(n/4) vec4 (m rows)
// Dispatch: (x, y) workgroups of WG invocations; workgroup w computes output tile
//   tile_offset + w.x + w.y * groups.x (clamped to the last tile), so the host can compute the
//   output in bands of tiles, one band per submit.
// Tile: TM rows (8 or 16) x 4 * TNV * WG columns; every invocation owns TNV blocks of 4 adjacent
//   columns (vec4 columns lid and lid + WG of the panel) of all TM rows.
//   Tiles are ordered column-major when COLUMN_MAJOR, so consecutive workgroups reuse the same panel
//   of B from the CPU caches.
// Needs: the 'subgroups' feature and subgroups of at least 8 invocations (lanes 0..7 are read).
enable subgroups;

override WG: u32 = 16;
override TM: u32 = 16;
override TNV: u32 = 1;
override COLUMN_MAJOR: bool = true;

//!include matmul-params
@group(0) @binding(1) var a_tex: texture_storage_2d<rgba32float, read>;
@group(0) @binding(2) var b_tex: texture_storage_2d_array<rgba32float, read>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4f>;

// acc + a.x * b0 + a.y * b1 + a.z * b2 + a.w * b3: one row of the tile over 4 values of k.
fn step4(acc: vec4f, a: vec4f, b0: vec4f, b1: vec4f, b2: vec4f, b3: vec4f) -> vec4f {
  return fma(vec4f(a.w), b3, fma(vec4f(a.z), b2, fma(vec4f(a.y), b1, fma(vec4f(a.x), b0, acc))));
}

//!include matmul-store

// Row `row` of the invocation's block: vec4 columns col4 and, with TNV == 2, col4 + WG.
fn store_row(row: u32, col4: u32, n4: u32, first: vec4f, second: vec4f) {
  store(row, col4, n4, first);
  if (TNV == 2u) {
    store(row, col4 + WG, n4, second);
  }
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
  @builtin(subgroup_invocation_id) lane: u32,
) {
  // A clamp instead of an early return: on a SIMD CPU a return puts every later statement under an
  // execution mask. The host dispatches exactly the tiles of a band, so the clamp only guards.
  let tile = min(band_tile(wg, groups), params.tiles - 1u);
  var tile_row = tile / params.tiles_n;
  var tile_col = tile % params.tiles_n;
  if (COLUMN_MAJOR) {
    tile_row = tile % params.tiles_m;
    tile_col = tile / params.tiles_m;
  }
  let row0 = tile_row * TM;
  let n4 = (params.n + 3u) / 4u;
  let k4 = (params.k + 3u) / 4u;
  let col4 = tile_col * TNV * WG + lid;
  // Rows past the edge are clamped (columns past it are zero in the panel); never stored.
  let a_row_lo = min(row0 + lane % 8u, params.m - 1u);
  let a_row_hi = min(row0 + 8u + lane % 8u, params.m - 1u);

  // acc<i>: row i, vec4 column block 0; bcc<i>: block 1 (TNV == 2).
  var acc0 = vec4f(); var acc1 = vec4f(); var acc2 = vec4f(); var acc3 = vec4f();
  var acc4 = vec4f(); var acc5 = vec4f(); var acc6 = vec4f(); var acc7 = vec4f();
  var acc8 = vec4f(); var acc9 = vec4f(); var acc10 = vec4f(); var acc11 = vec4f();
  var acc12 = vec4f(); var acc13 = vec4f(); var acc14 = vec4f(); var acc15 = vec4f();
  var bcc0 = vec4f(); var bcc1 = vec4f(); var bcc2 = vec4f(); var bcc3 = vec4f();
  var bcc4 = vec4f(); var bcc5 = vec4f(); var bcc6 = vec4f(); var bcc7 = vec4f();
  var bcc8 = vec4f(); var bcc9 = vec4f(); var bcc10 = vec4f(); var bcc11 = vec4f();
  var bcc12 = vec4f(); var bcc13 = vec4f(); var bcc14 = vec4f(); var bcc15 = vec4f();

  for (var kk = 0u; kk < k4; kk++) {
    let y = kk * 4u;
    let b0 = textureLoad(b_tex, vec2u(lid, y), tile_col);
    let b1 = textureLoad(b_tex, vec2u(lid, y + 1u), tile_col);
    let b2 = textureLoad(b_tex, vec2u(lid, y + 2u), tile_col);
    let b3 = textureLoad(b_tex, vec2u(lid, y + 3u), tile_col);
    // TM and TNV are pipeline constants: these branches disappear at pipeline creation.
    var c0 = vec4f(); var c1 = vec4f(); var c2 = vec4f(); var c3 = vec4f();
    if (TNV == 2u) {
      c0 = textureLoad(b_tex, vec2u(lid + WG, y), tile_col);
      c1 = textureLoad(b_tex, vec2u(lid + WG, y + 1u), tile_col);
      c2 = textureLoad(b_tex, vec2u(lid + WG, y + 2u), tile_col);
      c3 = textureLoad(b_tex, vec2u(lid + WG, y + 3u), tile_col);
    }
    // Lane l holds A[row0 + l % 8][4kk .. 4kk+3]; broadcasting from lane i gives every lane row i.
    let a_lo = textureLoad(a_tex, vec2u(kk, a_row_lo));
    var a = subgroupBroadcast(a_lo, 0u);
    acc0 = step4(acc0, a, b0, b1, b2, b3); if (TNV == 2u) { bcc0 = step4(bcc0, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 1u);
    acc1 = step4(acc1, a, b0, b1, b2, b3); if (TNV == 2u) { bcc1 = step4(bcc1, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 2u);
    acc2 = step4(acc2, a, b0, b1, b2, b3); if (TNV == 2u) { bcc2 = step4(bcc2, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 3u);
    acc3 = step4(acc3, a, b0, b1, b2, b3); if (TNV == 2u) { bcc3 = step4(bcc3, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 4u);
    acc4 = step4(acc4, a, b0, b1, b2, b3); if (TNV == 2u) { bcc4 = step4(bcc4, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 5u);
    acc5 = step4(acc5, a, b0, b1, b2, b3); if (TNV == 2u) { bcc5 = step4(bcc5, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 6u);
    acc6 = step4(acc6, a, b0, b1, b2, b3); if (TNV == 2u) { bcc6 = step4(bcc6, a, c0, c1, c2, c3); }
    a = subgroupBroadcast(a_lo, 7u);
    acc7 = step4(acc7, a, b0, b1, b2, b3); if (TNV == 2u) { bcc7 = step4(bcc7, a, c0, c1, c2, c3); }
    if (TM == 16u) {
      let a_hi = textureLoad(a_tex, vec2u(kk, a_row_hi));
      a = subgroupBroadcast(a_hi, 0u);
      acc8 = step4(acc8, a, b0, b1, b2, b3); if (TNV == 2u) { bcc8 = step4(bcc8, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 1u);
      acc9 = step4(acc9, a, b0, b1, b2, b3); if (TNV == 2u) { bcc9 = step4(bcc9, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 2u);
      acc10 = step4(acc10, a, b0, b1, b2, b3); if (TNV == 2u) { bcc10 = step4(bcc10, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 3u);
      acc11 = step4(acc11, a, b0, b1, b2, b3); if (TNV == 2u) { bcc11 = step4(bcc11, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 4u);
      acc12 = step4(acc12, a, b0, b1, b2, b3); if (TNV == 2u) { bcc12 = step4(bcc12, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 5u);
      acc13 = step4(acc13, a, b0, b1, b2, b3); if (TNV == 2u) { bcc13 = step4(bcc13, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 6u);
      acc14 = step4(acc14, a, b0, b1, b2, b3); if (TNV == 2u) { bcc14 = step4(bcc14, a, c0, c1, c2, c3); }
      a = subgroupBroadcast(a_hi, 7u);
      acc15 = step4(acc15, a, b0, b1, b2, b3); if (TNV == 2u) { bcc15 = step4(bcc15, a, c0, c1, c2, c3); }
    }
  }

  store_row(row0, col4, n4, acc0, bcc0);
  store_row(row0 + 1u, col4, n4, acc1, bcc1);
  store_row(row0 + 2u, col4, n4, acc2, bcc2);
  store_row(row0 + 3u, col4, n4, acc3, bcc3);
  store_row(row0 + 4u, col4, n4, acc4, bcc4);
  store_row(row0 + 5u, col4, n4, acc5, bcc5);
  store_row(row0 + 6u, col4, n4, acc6, bcc6);
  store_row(row0 + 7u, col4, n4, acc7, bcc7);
  if (TM == 16u) {
    store_row(row0 + 8u, col4, n4, acc8, bcc8);
    store_row(row0 + 9u, col4, n4, acc9, bcc9);
    store_row(row0 + 10u, col4, n4, acc10, bcc10);
    store_row(row0 + 11u, col4, n4, acc11, bcc11);
    store_row(row0 + 12u, col4, n4, acc12, bcc12);
    store_row(row0 + 13u, col4, n4, acc13, bcc13);
    store_row(row0 + 14u, col4, n4, acc14, bcc14);
    store_row(row0 + 15u, col4, n4, acc15, bcc15);
  }
}
