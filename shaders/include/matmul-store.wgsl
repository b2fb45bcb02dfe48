// Shared by the vec4 matmul kernels (included with `//!include matmul-store` after `c` and `params`
// are declared): writes one vec4 of C, skipping the padding past the matrix edge.
fn store(row: u32, col4: u32, n4: u32, value: vec4f) {
  if (row < params.m && col4 < n4) {
    c[row * n4 + col4] = value;
  }
}
