// matmul-f32-tiled: C = A x B in f32 with workgroup-memory tiles, the kernel shape that wins on real
// GPUs. Per step of BK values of k the workgroup copies a BM x BK block of A (stored transposed, so
// an invocation reads its TM rows as vec4) and a BK x BN block of B into workgroup memory, then every
// invocation accumulates its TM x 4*TNV register block (4x4, 4x8, 8x4 or 8x8) from vec4 reads. The
// register block is written out by hand; the parts a smaller block does not need sit behind
// pipeline-constant branches that disappear at pipeline creation. With B_TRANSPOSED the kernel reads
// B^T (n x k), whose rows are contiguous along k like A's (the faster input on some GPUs).
//
// Bindings (group 0):
//   0: uniform Params { m, n, k, tile_offset, tiles_m, tiles_n, tiles, _pad } (u32)
//   1: storage, read: A as array<vec4f>, m rows x ceil(k/4) vec4, k padded with zeros
//   2: storage, read: B as array<vec4f>: 4 * ceil(k/4) rows x ceil(n/4) vec4 (padding zero), or with
//      B_TRANSPOSED, B^T: n rows x ceil(k/4) vec4 (k padded with zeros)
//   3: storage, read_write: C as array<vec4f>, m rows x ceil(n/4) vec4
// Dispatch: (x, y) workgroups of WG = (BM / TM) * (BN / (4 * TNV)) invocations; workgroup w computes
//   the BM x BN tile tile_offset + w.x + w.y * groups.x (row-major over tiles_m x tiles_n; tiles at
//   or past `tiles` return). Invocation (tx, ty) owns rows ty*TM .. ty*TM+TM-1 of the tile and vec4
//   columns tx + j * (BN / (4 * TNV)), strided so neighbouring invocations touch neighbouring vec4.
override BM: u32 = 64;
override BN: u32 = 64;
override BK: u32 = 16;
override TM: u32 = 4;
override TNV: u32 = 1;
override B_TRANSPOSED: bool = false;
override TX: u32 = BN / (4u * TNV);
override WG: u32 = (BM / TM) * TX;

//!include matmul-params
@group(0) @binding(1) var<storage, read> a: array<vec4f>;
@group(0) @binding(2) var<storage, read> b: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4f>;

// a_sh[kk * BM/4 + i] = A[row0 + 4i .. 4i+3][k0 + kk] (transposed); b_sh[kk * BN/4 + j] = B[k0 + kk][4j ..].
var<workgroup> a_sh: array<vec4f, BK * BM / 4u>;
var<workgroup> b_sh: array<vec4f, BK * BN / 4u>;

//!include matmul-store

// Copies the BM x BK block of A at (row0, kq0 vec4) into a_sh, transposed, zero past the edges.
fn load_a(lid: u32, row0: u32, kq0: u32, k4: u32) {
  for (var e = lid; e < BM * BK / 4u; e += WG) {
    let row = e / (BK / 4u);
    let q = e % (BK / 4u);
    var v = vec4f();
    if (row0 + row < params.m && kq0 + q < k4) {
      v = a[(row0 + row) * k4 + kq0 + q];
    }
    let base = 4u * q * (BM / 4u) + row / 4u;
    a_sh[base][row % 4u] = v.x;
    a_sh[base + BM / 4u][row % 4u] = v.y;
    a_sh[base + BM / 2u][row % 4u] = v.z;
    a_sh[base + 3u * BM / 4u][row % 4u] = v.w;
  }
}

// Copies the BK x BN block of B at (k row kq0 * 4, vec4 column col4_0) into b_sh, zero past the edges.
fn load_b(lid: u32, col4_0: u32, kq0: u32, k4: u32, n4: u32) {
  if (B_TRANSPOSED) {
    for (var e = lid; e < BN * BK / 4u; e += WG) {
      let col = e / (BK / 4u);
      let q = e % (BK / 4u);
      var v = vec4f();
      if (col4_0 * 4u + col < params.n && kq0 + q < k4) {
        v = b[(col4_0 * 4u + col) * k4 + kq0 + q];
      }
      let base = 4u * q * (BN / 4u) + col / 4u;
      b_sh[base][col % 4u] = v.x;
      b_sh[base + BN / 4u][col % 4u] = v.y;
      b_sh[base + BN / 2u][col % 4u] = v.z;
      b_sh[base + 3u * BN / 4u][col % 4u] = v.w;
    }
  } else {
    for (var e = lid; e < BK * BN / 4u; e += WG) {
      let kk = e / (BN / 4u);
      let j = e % (BN / 4u);
      var v = vec4f();
      if (kq0 * 4u + kk < k4 * 4u && col4_0 + j < n4) {
        v = b[(kq0 * 4u + kk) * n4 + col4_0 + j];
      }
      b_sh[e] = v;
    }
  }
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let tile = band_tile(wg, groups);
  if (tile >= params.tiles) {
    return;
  }
  let k4 = (params.k + 3u) / 4u;
  let n4 = (params.n + 3u) / 4u;
  let tile_row0 = (tile / params.tiles_n) * BM;
  let tile_col4 = (tile % params.tiles_n) * (BN / 4u);
  let tx = lid % TX;
  let ty = lid / TX;
  let arow = ty * (TM / 4u);

  var acc00 = vec4f(); var acc10 = vec4f(); var acc20 = vec4f(); var acc30 = vec4f();
  var acc40 = vec4f(); var acc50 = vec4f(); var acc60 = vec4f(); var acc70 = vec4f();
  var acc01 = vec4f(); var acc11 = vec4f(); var acc21 = vec4f(); var acc31 = vec4f();
  var acc41 = vec4f(); var acc51 = vec4f(); var acc61 = vec4f(); var acc71 = vec4f();

  for (var kq0 = 0u; kq0 < k4; kq0 += BK / 4u) {
    load_a(lid, tile_row0, kq0, k4);
    load_b(lid, tile_col4, kq0, k4, n4);
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let a_lo = a_sh[kk * (BM / 4u) + arow];
      let b0 = b_sh[kk * (BN / 4u) + tx];
      acc00 = fma(vec4f(a_lo.x), b0, acc00);
      acc10 = fma(vec4f(a_lo.y), b0, acc10);
      acc20 = fma(vec4f(a_lo.z), b0, acc20);
      acc30 = fma(vec4f(a_lo.w), b0, acc30);
      // TM and TNV are pipeline constants: these branches disappear at pipeline creation.
      if (TNV == 2u) {
        let b1 = b_sh[kk * (BN / 4u) + tx + TX];
        acc01 = fma(vec4f(a_lo.x), b1, acc01);
        acc11 = fma(vec4f(a_lo.y), b1, acc11);
        acc21 = fma(vec4f(a_lo.z), b1, acc21);
        acc31 = fma(vec4f(a_lo.w), b1, acc31);
        if (TM == 8u) {
          let a_hi = a_sh[kk * (BM / 4u) + arow + 1u];
          acc40 = fma(vec4f(a_hi.x), b0, acc40);
          acc50 = fma(vec4f(a_hi.y), b0, acc50);
          acc60 = fma(vec4f(a_hi.z), b0, acc60);
          acc70 = fma(vec4f(a_hi.w), b0, acc70);
          acc41 = fma(vec4f(a_hi.x), b1, acc41);
          acc51 = fma(vec4f(a_hi.y), b1, acc51);
          acc61 = fma(vec4f(a_hi.z), b1, acc61);
          acc71 = fma(vec4f(a_hi.w), b1, acc71);
        }
      } else if (TM == 8u) {
        let a_hi = a_sh[kk * (BM / 4u) + arow + 1u];
        acc40 = fma(vec4f(a_hi.x), b0, acc40);
        acc50 = fma(vec4f(a_hi.y), b0, acc50);
        acc60 = fma(vec4f(a_hi.z), b0, acc60);
        acc70 = fma(vec4f(a_hi.w), b0, acc70);
      }
    }
    workgroupBarrier();
  }

  let row0 = tile_row0 + ty * TM;
  let col0 = tile_col4 + tx;
  let col1 = col0 + TX;
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
