// Packs what a GPU machine without Node or npm needs to run the CLI and the GPU benchmarks
// (the tool library's `device` machines reach no registry and carry at most 64 MiB): the Node
// binary (xz), the CLI, the GPU worker and two benchmarks bundled with their JS dependencies, Dawn's
// linux-x64 addon, better-sqlite3's built addon, and the Vulkan loader (a Debian .deb). The shaders
// travel with the checkout. Output: .devrun/ (ignored). On the machine: see .devrun/run.sh.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const out = '.devrun';
rmSync(`${out}/app`, { recursive: true, force: true });
mkdirSync(`${out}/app/node_modules/webgpu/dist/linux-x64`, { recursive: true });

const benchEntry = (name) =>
  `import { run } from '../../bench/${name}.ts';\n` +
  `process.stdout.write(JSON.stringify({ benchmark: '${name}', ...(await run(process.argv.slice(2))) }) + '\\n');\n`;
mkdirSync(`${out}/entries`, { recursive: true });
for (const name of ['job-overhead', 'matmul', 'pog'])
  writeFileSync(`${out}/entries/bench-${name}.ts`, benchEntry(name));

await build({
  entryPoints: {
    cli: 'main/cli.ts',
    'gpu-worker': 'main/gpu/worker/worker-entry.ts',
    'bench-job-overhead': `${out}/entries/bench-job-overhead.ts`,
    'bench-matmul': `${out}/entries/bench-matmul.ts`,
    'bench-pog': `${out}/entries/bench-pog.ts`,
  },
  outdir: `${out}/app`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['webgpu', 'better-sqlite3', 'electron'],
  // The local chain (LiteSVM) is for `run` on the sandbox; the GPU checks never load it.
  plugins: [
    {
      name: 'no-litesvm',
      setup: (b) => {
        b.onResolve({ filter: /^litesvm$/ }, () => ({ path: 'litesvm', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: 'module.exports = {};',
          loader: 'js',
        }));
      },
    },
  ],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});

const nm = 'node_modules';
for (const f of ['index.js', 'package.json']) cpSync(`${nm}/webgpu/${f}`, `${out}/app/${nm}/webgpu/${f}`);
cpSync(`${nm}/webgpu/dist/linux-x64/dawn.node`, `${out}/app/${nm}/webgpu/dist/linux-x64/dawn.node`);
for (const pkg of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
  cpSync(`${nm}/${pkg}`, `${out}/app/${nm}/${pkg}`, {
    recursive: true,
    filter: (src) =>
      !/better-sqlite3\/(deps|src|build\/(?!Release\/better_sqlite3\.node|Release$))/.test(src),
  });
}
if (!existsSync(`${out}/node.xz`))
  execFileSync('sh', ['-c', `xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > ${out}/node.xz`]);
mkdirSync(`${out}/gl`, { recursive: true });
if (!existsSync(`${out}/gl/done`)) {
  execFileSync(
    'sh',
    [
      '-c',
      `cd ${out}/gl && apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 && touch done`,
    ],
    { stdio: 'inherit' },
  );
}
execFileSync('sh', ['-c', `du -sh ${out}`], { stdio: 'inherit' });
