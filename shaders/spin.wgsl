// spin: a deliberately long-running kernel. Lets tests prove that the watchdog kills a worker stuck
// in a shader that does not end (rounds = 0xffffffff runs for hours on any GPU), and gives the job
// runtime a calibrated busy load.
//
// Bindings (group 0):
//   0: uniform Params { rounds: u32, seed: u32 }
//   1: storage, read_write  out: array<u32>   out[0] receives the final state of invocation 0
// Dispatch: (1, 1, 1) workgroups of 64 invocations.
// Computes: an LCG stepped `rounds` x 1024 times per invocation; the state depends on every step
// so the compiler cannot shorten the loop.
struct Params {
  rounds: u32,
  seed: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) local: u32) {
  var state = params.seed ^ local;
  for (var round = 0u; round < params.rounds; round++) {
    for (var i = 0u; i < 1024u; i++) {
      state = state * 1664525u + 1013904223u;
    }
  }
  if (local == 0u) {
    out[0] = state;
  }
}
