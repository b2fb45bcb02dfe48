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

/**
 * WGSL has no imports: a line `//!include NAME` is replaced by shaders/include/NAME.wgsl, so kernels
 * of one family share their parameter struct and helpers instead of copying them.
 */
const INCLUDE = /^\/\/!include ([a-z0-9-]+)[ \t]*$/gm;

export function loadShader(name: string): string {
  let source = sources.get(name);
  if (source === undefined) {
    shadersDir ??= findShadersDir();
    const dir = shadersDir;
    source = readFileSync(join(dir, `${name}.wgsl`), 'utf8').replace(INCLUDE, (_line, include: string) =>
      readFileSync(join(dir, 'include', `${include}.wgsl`), 'utf8'),
    );
    sources.set(name, source);
  }
  return source;
}
