// Bundles the Node entry points and the renderer with esbuild. Type checking is `npm run typecheck`
// (tsc), kept apart so a build stays fast. For Node, packages stay external: native ones (webgpu,
// better-sqlite3) cannot be bundled, and node_modules ships with the app anyway. The renderer is one
// minified ES module, one stylesheet and a static index.html: no inline script or style, so the
// dashboard server (and later Electron) can serve it under a strict Content-Security-Policy.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

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

// The Electron preload runs sandboxed, where only CommonJS with require('electron') is allowed.
await build({
  ...common,
  format: 'cjs',
  entryPoints: { preload: 'preload/index.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: 'dist',
});

// zod's classic API re-exports every message locale (~260 kB minified) through its `z` namespace, which
// no bundler can tree-shake; the UI speaks English, so the renderer gets a locale index with `en` only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-en' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
    }));
  },
};

// The dashboard UI. Stale assets from an earlier build must not linger: the server serves by name.
rmSync('dist/renderer', { recursive: true, force: true });
mkdirSync('dist/renderer', { recursive: true });
await build({
  // preconnect opens the node's event socket before app.js has been evaluated (renderer/preconnect.ts).
  entryPoints: { app: 'renderer/main.tsx', preconnect: 'renderer/preconnect.ts' },
  outdir: 'dist/renderer',
  bundle: true,
  // chart.js is loaded when the first chart draws (renderer/app/ChartCanvas.tsx); chunks sit next
  // to app.js because the server serves files by exact name from this one folder.
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'browser',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
for (const file of ['index.html', 'favicon.svg']) copyFileSync(`renderer/${file}`, `dist/renderer/${file}`);

// The browser-wallet page (main/wallet/browser/): its own small bundle, served at /wallet-connect/ to a
// browser where Phantom, Solflare or Backpack inject; none of the dashboard's code or chunks.
rmSync('dist/wallet-connect', { recursive: true, force: true });
mkdirSync('dist/wallet-connect', { recursive: true });
await build({
  entryPoints: { page: 'renderer/wallet-connect/main.ts' },
  outdir: 'dist/wallet-connect',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'page.css'])
  copyFileSync(`renderer/wallet-connect/${file}`, `dist/wallet-connect/${file}`);
