// Bundles the Node entry points with esbuild. Type checking is `npm run typecheck` (tsc), kept apart
// so a build stays fast. Packages stay external: native ones (webgpu, better-sqlite3) cannot be
// bundled, and node_modules ships with the app anyway.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: {
    cli: 'main/cli.ts',
    'gpu-worker': 'main/gpu/worker/worker-entry.ts',
    'electron-main': 'main/electron/electron-main.ts',
  },
  outdir: 'dist',
});
