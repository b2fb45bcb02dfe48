// Loads WGSL kernels from the project's shaders/ folder. Read at run time (not bundled) so the same
// files serve the CLI bundle, the tests running from source and the packaged app.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let shadersDir: string | undefined;
const sources = new Map<string, string>();

function findShadersDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shaders');
    if (existsSync(join(candidate, 'fma-peak.wgsl'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the shaders/ folder next to the app');
    dir = parent;
  }
}

export function loadShader(name: string): string {
  let source = sources.get(name);
  if (source === undefined) {
    shadersDir ??= findShadersDir();
    source = readFileSync(join(shadersDir, `${name}.wgsl`), 'utf8');
    sources.set(name, source);
  }
  return source;
}
