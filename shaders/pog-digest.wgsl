// pog-digest: a Merkle tree level in u32 SHA-256 (FIPS 180-4; node:crypto is the exact reference),
// used by the memory phase to end each walk batch in one root (memory-run.ts). The compute phase's
// leaf digests and block trees, batched over blocks, are in pog-block-digest.wgsl.
//
// Bindings (group 0):
//   0: uniform Params { key: 8 x u32 (unused here), block (unused), n (unused), first, count }
//   2: storage, read_write: nodes as array<u32>, a heap of digests of 8 words: node 1 is the root,
//      node i has children 2i and 2i + 1.
// Entry point and dispatch (workgroups of 64; invocation index = global.x + global.y * groups.x * 64):
//   parents: one invocation per node i in first .. first + count - 1:
//            node i = SHA-256(node 2i || node 2i + 1), 2 compressions. The host runs one pass
//            per level, from the level above the leaves down to first = 1.
struct Params {
  key: array<vec4u, 2>,
  block: u32,
  n: u32,
  first: u32,
  count: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
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
