import { defineConfig } from 'vitest/config';

// Two projects: unit (pure TypeScript, fast, parallel) and gpu (Dawn on a real adapter: lavapipe in
// CI). GPU tests run one file at a time: a CPU adapter has two cores to share.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
