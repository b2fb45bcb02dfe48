// pog-digest: the proof-of-GPU commitment of one block of C = A_s x B: a keyed SHA-256 digest per
// segment (64 consecutive columns of one row) and a Merkle tree over them, in u32 SHA-256 (FIPS
// 180-4) so node:crypto is the exact reference. A non-linear digest is the point: with a linear
// one a cheater could commit to sums of C it never computed.
//
// Bindings (group 0):
//   0: uniform Params { key: 8 x u32 (digest key, big-endian words), block, n, first, count }
//   1: storage, read: c as array<f32>, n x n row-major, exact integers (entry point `leaves` only)
//   2: storage, read_write: nodes as array<u32>, a heap of 2L digests of 8 words (L = n * n / 64
//      leaves): node 1 is the root, node i has children 2i and 2i + 1, leaf j is node L + j.
// Entry points and dispatch (workgroups of 64; invocation index = global.x + global.y * groups.x * 64):
//   leaves:  one invocation per leaf j = row * (n / 64) + col; node L + j =
//            SHA-256(key || block || row || col || 0 || c[row][64 col .. 64 col + 63] as u32),
//            304 bytes = 5 compressions with padding.
//   parents: one invocation per node i in first .. first + count - 1:
//            node i = SHA-256(node 2i || node 2i + 1), 2 compressions. The host runs one pass
//            per level, from first = L / 2 down to first = 1.
struct Params {
  key: array<vec4u, 2>,
  block: u32,
  n: u32,
  first: u32,
  count: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> c: array<f32>;
@group(0) @binding(2) var<storage, read_write> nodes: array<u32>;

//!include sha256

fn store(node: u32) {
  for (var j = 0u; j < 8u; j++) {
    nodes[node * 8u + j] = state[j];
  }
}

fn invocation(gid: vec3u, groups: vec3u) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

// Word i (0..79) of the padded leaf message: key (8), header (4), 64 values, padding, bit length.
fn leaf_word(i: u32, row: u32, col: u32, base: u32) -> u32 {
  if (i < 8u) { return params.key[i / 4u][i % 4u]; }
  if (i == 8u) { return params.block; }
  if (i == 9u) { return row; }
  if (i == 10u) { return col; }
  if (i == 11u) { return 0u; }
  if (i < 76u) { return u32(c[base + i - 12u]); }
  if (i == 76u) { return 0x80000000u; }
  if (i == 79u) { return 304u * 8u; }
  return 0u;
}

@compute @workgroup_size(64)
fn leaves(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let segs = params.n / 64u;
  let count = params.n * segs;
  let j = invocation(gid, groups);
  if (j >= count) {
    return;
  }
  let row = j / segs;
  let col = j % segs;
  let base = row * params.n + col * 64u;
  init_state();
  for (var blk = 0u; blk < 5u; blk++) {
    for (var t = 0u; t < 16u; t++) {
      w[t] = leaf_word(blk * 16u + t, row, col, base);
    }
    compress();
  }
  store(count + j);
}

@compute @workgroup_size(64)
fn parents(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let k = invocation(gid, groups);
  if (k >= params.count) {
    return;
  }
  let i = params.first + k;
  init_state();
  for (var t = 0u; t < 16u; t++) {
    w[t] = nodes[2u * i * 8u + t];
  }
  compress();
  w = array<u32, 16>(0x80000000u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 512u);
  compress();
  store(i);
}
