// Shared by the batched proof-of-GPU kernels (`//!include pog-batch`): which blocks this dispatch
// works on. Slot i (0 <= i < count) of a batch holds the matrix or block whose table row is
// rows[base + i]; the host's row table is [0 (B), s_0 + 1, s_1 + 1, ...] for the blocks s_j it
// computes in order, so a commitment walks consecutive blocks and an opening any set of them.
struct Batch {
  n: u32,
  base: u32,
  count: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> batch: Batch;
@group(0) @binding(3) var<storage, read> rows: array<u32>;
