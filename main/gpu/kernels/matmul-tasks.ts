// Worker tasks for the matmul kernels (naive, autotuned f32, f16). Filled in by the matmul work.
export const matmulTasks = {};
