// matmul-f16: C = A x B with f16 inputs and f16 multiply-adds (the rate that doubles on data-centre
// GPUs), workgroup-memory tiles like matmul-f32-tiled. Products are summed in f16 only within one
// step of BK values of k (at most 32 terms, so the f16 rounding stays small); each step's sums are
// then added to f32 totals, and C is written in f32. Invocation block: 4 rows x 4 * TNV columns.
//
// Bindings (group 0):
//   0: uniform Params { m, n, k, tile_offset, tiles_m, tiles_n, tiles, _pad } (u32)
//   1: storage, read: A as array<vec4h>, m rows x ceil(k/4) vec4, k padded with zeros
//   2: storage, read: B as array<vec4h>, 4 * ceil(k/4) rows x ceil(n/4) vec4, padding zero
//   3: storage, read_write: C as array<vec4f>, m rows x ceil(n/4) vec4
// Dispatch: (x, y) workgroups of WG = (BM / 4) * (BN / (4 * TNV)) invocations; workgroup w computes
//   the BM x BN tile tile_offset + w.x + w.y * groups.x (row-major over tiles_m x tiles_n; tiles at
//   or past `tiles` return). Invocation (tx, ty) owns rows 4*ty .. 4*ty+3 and vec4 columns
//   tx + j * (BN / (4 * TNV)).
// Needs: the 'shader-f16' feature.
enable f16;

override BM: u32 = 64;
override BN: u32 = 64;
override BK: u32 = 16;
override TNV: u32 = 1;
override TX: u32 = BN / (4u * TNV);
override WG: u32 = (BM / 4u) * TX;

//!include matmul-params
@group(0) @binding(1) var<storage, read> a: array<vec4h>;
@group(0) @binding(2) var<storage, read> b: array<vec4h>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4f>;

// a_sh[kk * BM/4 + i] = A[row0 + 4i .. 4i+3][k0 + kk] (transposed); b_sh[kk * BN/4 + j] = B[k0 + kk][4j ..].
var<workgroup> a_sh: array<vec4h, BK * BM / 4u>;
var<workgroup> b_sh: array<vec4h, BK * BN / 4u>;

//!include matmul-store

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

  var acc00 = vec4f(); var acc10 = vec4f(); var acc20 = vec4f(); var acc30 = vec4f();
  var acc01 = vec4f(); var acc11 = vec4f(); var acc21 = vec4f(); var acc31 = vec4f();

  for (var kq0 = 0u; kq0 < k4; kq0 += BK / 4u) {
    // A block, stored transposed; zero past the edges.
    for (var e = lid; e < BM * BK / 4u; e += WG) {
      let row = e / (BK / 4u);
      let q = e % (BK / 4u);
      var v = vec4h();
      if (tile_row0 + row < params.m && kq0 + q < k4) {
        v = a[(tile_row0 + row) * k4 + kq0 + q];
      }
      let base = 4u * q * (BM / 4u) + row / 4u;
      a_sh[base][row % 4u] = v.x;
      a_sh[base + BM / 4u][row % 4u] = v.y;
      a_sh[base + BM / 2u][row % 4u] = v.z;
      a_sh[base + 3u * BM / 4u][row % 4u] = v.w;
    }
    // B block as is; zero past the edges.
    for (var e = lid; e < BK * BN / 4u; e += WG) {
      let kk = e / (BN / 4u);
      let j = e % (BN / 4u);
      var v = vec4h();
      if (kq0 * 4u + kk < k4 * 4u && tile_col4 + j < n4) {
        v = b[(kq0 * 4u + kk) * n4 + tile_col4 + j];
      }
      b_sh[e] = v;
    }
    workgroupBarrier();

    var h00 = vec4h(); var h10 = vec4h(); var h20 = vec4h(); var h30 = vec4h();
    var h01 = vec4h(); var h11 = vec4h(); var h21 = vec4h(); var h31 = vec4h();
    for (var kk = 0u; kk < BK; kk++) {
      let av = a_sh[kk * (BM / 4u) + ty];
      let b0 = b_sh[kk * (BN / 4u) + tx];
      h00 = fma(vec4h(av.x), b0, h00);
      h10 = fma(vec4h(av.y), b0, h10);
      h20 = fma(vec4h(av.z), b0, h20);
      h30 = fma(vec4h(av.w), b0, h30);
      // TNV is a pipeline constant: the branch disappears at pipeline creation.
      if (TNV == 2u) {
        let b1 = b_sh[kk * (BN / 4u) + tx + TX];
        h01 = fma(vec4h(av.x), b1, h01);
        h11 = fma(vec4h(av.y), b1, h11);
        h21 = fma(vec4h(av.z), b1, h21);
        h31 = fma(vec4h(av.w), b1, h31);
      }
    }
    acc00 += vec4f(h00); acc10 += vec4f(h10); acc20 += vec4f(h20); acc30 += vec4f(h30);
    acc01 += vec4f(h01); acc11 += vec4f(h11); acc21 += vec4f(h21); acc31 += vec4f(h31);
    workgroupBarrier();
  }

  let row0 = tile_row0 + ty * 4u;
  let col0 = tile_col4 + tx;
  store(row0, col0, n4, acc00);
  store(row0 + 1u, col0, n4, acc10);
  store(row0 + 2u, col0, n4, acc20);
  store(row0 + 3u, col0, n4, acc30);
  if (TNV == 2u) {
    store(row0, col0 + TX, n4, acc01);
    store(row0 + 1u, col0 + TX, n4, acc11);
    store(row0 + 2u, col0 + TX, n4, acc21);
    store(row0 + 3u, col0 + TX, n4, acc31);
  }
}
