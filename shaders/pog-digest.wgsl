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

var<private> K: array<u32, 64> = array<u32, 64>(
  0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
  0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
  0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
  0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
  0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
  0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
  0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
  0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
);

var<private> state: array<u32, 8>;
var<private> w: array<u32, 16>;

fn rotr(x: u32, n: u32) -> u32 {
  return (x >> n) | (x << (32u - n));
}

fn init_state() {
  state = array<u32, 8>(0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                        0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u);
}

// One compression of the 16 message words in `w` into `state` (w is a rolling schedule window).
fn compress() {
  var a = state[0]; var b = state[1]; var c2 = state[2]; var d = state[3];
  var e = state[4]; var f = state[5]; var g = state[6]; var h = state[7];
  for (var i = 0u; i < 64u; i++) {
    if (i >= 16u) {
      let w15 = w[(i - 15u) & 15u];
      let w2 = w[(i - 2u) & 15u];
      let s0 = rotr(w15, 7u) ^ rotr(w15, 18u) ^ (w15 >> 3u);
      let s1 = rotr(w2, 17u) ^ rotr(w2, 19u) ^ (w2 >> 10u);
      w[i & 15u] = w[i & 15u] + s0 + w[(i - 7u) & 15u] + s1;
    }
    let S1 = rotr(e, 6u) ^ rotr(e, 11u) ^ rotr(e, 25u);
    let ch = (e & f) ^ (~e & g);
    let t1 = h + S1 + ch + K[i] + w[i & 15u];
    let S0 = rotr(a, 2u) ^ rotr(a, 13u) ^ rotr(a, 22u);
    let maj = (a & b) ^ (a & c2) ^ (b & c2);
    let t2 = S0 + maj;
    h = g; g = f; f = e; e = d + t1; d = c2; c2 = b; b = a; a = t1 + t2;
  }
  state[0] += a; state[1] += b; state[2] += c2; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

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
