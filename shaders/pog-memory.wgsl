// pog-memory: the proof-of-GPU memory phase. The buffer is `items` 32-byte items spread over C chunk
// buffers of `per_chunk` items (a WebGPU binding holds at most maxStorageBufferBindingSize bytes);
// the walk reads items chosen by its own state, so every chunk must be bound at once.
// common/proof-of-gpu-memory.ts is the bit-exact CPU twin (memoryItem, walkStart, walkStep).
//
//   item g  = v_w with v_1 = SHA-256(key || g), v_t = SHA-256(v_{t-1})       (w = `hashes`)
//   a_0     = SHA-256(seed || batch || walker)
//   a_{t+1} = compress(a_t, item[g1] || item[g2]),  g1 = frac64(a_t[0], a_t[1]) * items,
//                                                    g2 = frac64(a_t[2], a_t[3]) * items
//
// Bindings (group 0):
//   0: uniform Params (below)
//   1: storage, read_write: fill_out as array<vec4u>, the chunk being filled (entry `fill` only)
//   2: storage, read_write: nodes as array<u32>, a Merkle heap of 2 * count digests (pog-digest's
//      layout: leaf j is node count + j); `walk` writes each walker's final state as its leaf
//   3: storage, read_write: trace_out as array<u32>, (steps + 1) states of 8 words per listed walker
//   4: storage, read: trace_list as array<u32>, (batch, walker) pairs (entry `trace` only)
//   10 .. 10 + C - 1: storage, read: chunk0 .. chunk{C-1} as array<vec4u>, two vec4 per item
//      (declared by the host in place of the `//!chunks` line, with load_chunk(c, at))
// Entry points and dispatch (workgroups of 64; invocation = global.x + global.y * groups.x * 64):
//   fill:  one invocation per item g = first + i, i < count; writes it at g - base of fill_out.
//   walk:  one invocation per walker j < count of batch `first`; `steps` steps; leaf count + j.
//   trace: one invocation per listed walker i < count; writes a_0 .. a_steps.
// Test hook: items at or past `held` are not in memory; `recompute` = 1 computes them on the fly
// (w compressions each), 0 reads held item g mod held instead (a wrong answer). The prover sets
// held = items.
struct Params {
  key: array<vec4u, 2>,
  seed: array<vec4u, 2>,
  items: u32,
  per_chunk: u32,
  hashes: u32,
  steps: u32,
  first: u32,
  count: u32,
  base: u32,
  held: u32,
  recompute: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> fill_out: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> nodes: array<u32>;
@group(0) @binding(3) var<storage, read_write> trace_out: array<u32>;
@group(0) @binding(4) var<storage, read> trace_list: array<u32>;

//!include sha256

//!chunks

fn invocation(gid: vec3u, groups: vec3u) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

// SHA-256 of a short message already in w[0 .. len): padding, bit length, one compression.
fn hash_short(len: u32) {
  w[len] = 0x80000000u;
  for (var t = len + 1u; t < 15u; t++) {
    w[t] = 0u;
  }
  w[15] = len * 32u;
  init_state();
  compress();
}

fn compute_item(g: u32) -> array<u32, 8> {
  for (var t = 0u; t < 8u; t++) {
    w[t] = params.key[t / 4u][t % 4u];
  }
  w[8] = g;
  hash_short(9u);
  for (var round = 1u; round < params.hashes; round++) {
    for (var t = 0u; t < 8u; t++) {
      w[t] = state[t];
    }
    hash_short(8u);
  }
  return state;
}

// floor((hi * 2^32 + lo) * n / 2^64), exact: the high word of hi * n plus the carry of its low
// word and the high word of lo * n (32 x 32 -> 64 products from 16-bit halves).
fn mul_wide(a: u32, b: u32) -> vec2u {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2u(a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), (mid << 16u) | (p00 & 0xffffu));
}

fn scaled(hi: u32, lo: u32, n: u32) -> u32 {
  let p = mul_wide(hi, n);
  let q = mul_wide(lo, n).x;
  let low = p.y + q;
  return p.x + select(0u, 1u, low < q);
}

fn item(g: u32) -> array<u32, 8> {
  var at = g;
  if (at >= params.held) {
    if (params.recompute == 1u) {
      return compute_item(g);
    }
    at = g % params.held;
  }
  let c = at / params.per_chunk;
  let o = 2u * (at - c * params.per_chunk);
  let lo = load_chunk(c, o);
  let hi = load_chunk(c, o + 1u);
  return array<u32, 8>(lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w);
}

fn start(batch: u32, walker: u32) {
  for (var t = 0u; t < 8u; t++) {
    w[t] = params.seed[t / 4u][t % 4u];
  }
  w[8] = batch;
  w[9] = walker;
  hash_short(10u);
}

// One step from the chaining value in `state`; item() may use state and w for a recomputation.
fn step() {
  let a = state;
  let x = item(scaled(a[0], a[1], params.items));
  let y = item(scaled(a[2], a[3], params.items));
  state = a;
  for (var t = 0u; t < 8u; t++) {
    w[t] = x[t];
    w[t + 8u] = y[t];
  }
  compress();
}

@compute @workgroup_size(64)
fn fill(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = invocation(gid, groups);
  if (i >= params.count) {
    return;
  }
  let g = params.first + i;
  let v = compute_item(g);
  let at = 2u * (g - params.base);
  fill_out[at] = vec4u(v[0], v[1], v[2], v[3]);
  fill_out[at + 1u] = vec4u(v[4], v[5], v[6], v[7]);
}

@compute @workgroup_size(64)
fn walk(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let j = invocation(gid, groups);
  if (j >= params.count) {
    return;
  }
  start(params.first, j);
  for (var t = 0u; t < params.steps; t++) {
    step();
  }
  for (var t = 0u; t < 8u; t++) {
    nodes[(params.count + j) * 8u + t] = state[t];
  }
}

fn record(i: u32, t: u32) {
  let at = (i * (params.steps + 1u) + t) * 8u;
  for (var k = 0u; k < 8u; k++) {
    trace_out[at + k] = state[k];
  }
}

@compute @workgroup_size(64)
fn trace(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = invocation(gid, groups);
  if (i >= params.count) {
    return;
  }
  start(trace_list[2u * i], trace_list[2u * i + 1u]);
  record(i, 0u);
  for (var t = 0u; t < params.steps; t++) {
    step();
    record(i, t + 1u);
  }
}
