// pog-block-digest: the proof-of-GPU commitment of a batch of blocks C_s = A_s x B: a keyed SHA-256
// digest per segment (64 consecutive columns of one row) and a Merkle tree over them per block, in
// u32 SHA-256 (FIPS 180-4) so node:crypto is the exact reference. A non-linear digest is the point:
// with a linear one a cheater could commit to sums of C it never computed. Every pass covers all
// blocks of the batch, and one tree pass builds up to 9 levels in workgroup memory: on a big GPU a
// pass costs a launch and a barrier, more than a small level's work (a tree was 14 passes per block).
//
// Bindings (group 0):
//   0: uniform Batch { n, base, count, _pad } (pog-batch); block of slot i = rows[base + i] - 1
//   1: storage, read: c as array<f32>, `count` blocks of n x n row-major exact integers, slot i at
//      i * n * n (entry point `leaves` only)
//   2: storage, read_write: nodes as array<u32>: per slot a heap of 2L digests of 8 words (L = n * n
//      / 64 leaves), slot i at word i * 16L: node 1 is the root, node j has children 2j and 2j + 1,
//      leaf j is node L + j
//   3: storage, read: rows as array<u32> (pog-batch)
//   4: uniform Key { key: 8 x u32 } (digest key, big-endian words) (entry point `leaves` only)
//   5: uniform Level { first, depth, _pad, _pad } (entry point `tree` only)
// Entry points and dispatch:
//   leaves: workgroups of 64, invocation index = global.x + global.y * groups.x * 64; one invocation
//           per leaf j = row * (n / 64) + col of each slot (index = slot * L + j); node L + j =
//           SHA-256(key || block || row || col || 0 || c[row][64 col .. 64 col + 63] as u32),
//           304 bytes = 5 compressions with padding.
//   tree:   workgroups of 256, workgroup index = wg.x + wg.y * groups.x; builds levels first,
//           first / 2, .. first / 2^(depth - 1) (a level's first node is its node count) of every
//           slot: node j = SHA-256(node 2j || node 2j + 1), 2 compressions. Workgroup g of slot
//           g / (first / W) owns W = 2^(depth - 1) <= 256 nodes of level `first` and the subtree
//           above them; the host dispatches count * first / W workgroups per pass, depth <= 9.
//!include pog-batch

struct Key {
  key: array<vec4u, 2>,
}

struct Level {
  first: u32,
  depth: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(1) var<storage, read> c: array<f32>;
@group(0) @binding(2) var<storage, read_write> nodes: array<u32>;
@group(0) @binding(4) var<uniform> digest: Key;
@group(0) @binding(5) var<uniform> level: Level;

//!include sha256

// The children of the level below, kept on chip between the levels of one pass.
var<workgroup> below: array<array<u32, 8>, 256>;

fn store(node: u32) {
  for (var j = 0u; j < 8u; j++) {
    nodes[node * 8u + j] = state[j];
  }
}

// Word i (0..79) of the padded leaf message: key (8), header (4), 64 values, padding, bit length.
fn leaf_word(i: u32, block: u32, row: u32, col: u32, base: u32) -> u32 {
  if (i < 8u) { return digest.key[i / 4u][i % 4u]; }
  if (i == 8u) { return block; }
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
  let segs = batch.n / 64u;
  let count = batch.n * segs;
  let index = gid.x + gid.y * groups.x * 64u;
  if (index >= count * batch.count) {
    return;
  }
  let slot = index / count;
  let j = index % count;
  let block = rows[batch.base + slot] - 1u;
  let row = j / segs;
  let col = j % segs;
  let base = slot * batch.n * batch.n + row * batch.n + col * 64u;
  init_state();
  for (var blk = 0u; blk < 5u; blk++) {
    for (var t = 0u; t < 16u; t++) {
      w[t] = leaf_word(blk * 16u + t, block, row, col, base);
    }
    compress();
  }
  store(slot * 2u * count + count + j);
}

@compute @workgroup_size(256)
fn tree(
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) groups: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let width0 = 1u << (level.depth - 1u);
  let per_slot = level.first / width0;
  let group = wg.x + wg.y * groups.x;
  let slot = group / per_slot;
  // Uniform per workgroup (workgroup id and uniforms only), so the barriers below stay legal.
  if (slot >= batch.count) {
    return;
  }
  let heap = slot * 2u * (batch.n * batch.n / 64u);
  var width = width0;
  var node0 = level.first + (group % per_slot) * width0;
  for (var t = 0u; t < level.depth; t++) {
    if (lid < width) {
      for (var k = 0u; k < 8u; k++) {
        if (t == 0u) {
          w[k] = nodes[(heap + 2u * (node0 + lid)) * 8u + k];
          w[k + 8u] = nodes[(heap + 2u * (node0 + lid) + 1u) * 8u + k];
        } else {
          w[k] = below[2u * lid][k];
          w[k + 8u] = below[2u * lid + 1u][k];
        }
      }
    }
    // Every child is read before any invocation overwrites `below` with this level.
    workgroupBarrier();
    if (lid < width) {
      init_state();
      compress();
      w = array<u32, 16>(0x80000000u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u, 512u);
      compress();
      store(heap + node0 + lid);
      below[lid] = state;
    }
    workgroupBarrier();
    width /= 2u;
    node0 /= 2u;
  }
}
