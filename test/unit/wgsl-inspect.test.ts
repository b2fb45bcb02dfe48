// The static WGSL inspection behind job refusals: it reads what it can for sure (comments, attributes
// on their own lines, odd spacing, consts and overrides) and says "unknown" for the rest.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectWgsl, resourcesUsedBy, stageOf } from '../../main/gpu/worker/jobs/wgsl-inspect.js';
import { evaluateInteger, tokenize } from '../../main/gpu/worker/jobs/wgsl-tokens.js';

const names = (shape: ReturnType<typeof inspectWgsl>, entry: string) =>
  resourcesUsedBy(shape, entry).used.map((r) => r.name);

describe('tokenize', () => {
  it('drops line and nested block comments and keeps line numbers', () => {
    const tokens = tokenize('a // b c\n/* d /* e */ f\n g */ h\r\n  i');
    expect(tokens.map((t) => [t.text, t.line, t.col])).toEqual([
      ['a', 1, 1],
      ['h', 3, 7],
      ['i', 4, 3],
    ]);
  });

  it('reads numbers with suffixes, hex and floats as one token each', () => {
    expect(tokenize('64u 0x40 1.5e3f .5 x2').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'number:64u',
      'number:0x40',
      'number:1.5e3f',
      'number:.5',
      'ident:x2',
    ]);
  });
});

describe('evaluateInteger', () => {
  const ev = (code: string, values: Record<string, number> = {}) =>
    evaluateInteger(tokenize(code), (n) => values[n]);
  it('evaluates integer arithmetic with names', () => {
    expect(ev('64')).toBe(64);
    expect(ev('0x10u * (WG + 2) - 1', { WG: 6 })).toBe(127);
    expect(ev('-4 / 3 % 5')).toBe(-1);
  });
  it('gives up on what it cannot be sure of', () => {
    expect(ev('max(64, 1)')).toBeUndefined();
    expect(ev('UNKNOWN')).toBeUndefined();
    expect(ev('1.5')).toBeUndefined();
    expect(ev('4 / 0')).toBeUndefined();
    expect(ev('64 64')).toBeUndefined();
  });
});

describe('inspectWgsl', () => {
  const code = `
enable f16;
const G = 0;
const B = 2;
@id(7) override WG: u32 = 32;
struct P { @align(16) n: u32, m: u32 }
/* a comment with @group(9) @binding(9) var<uniform> fake: P; */
@group(G) @binding(0) var<storage> a: array<f32>;   // read, by default
@group(0)
@binding(1)
var<storage, read_write> b: array<f32>;
@group(0) @binding(B) var<uniform> p: P;
@group(0) @binding(3) var t: texture_2d<f32>;
@group(0) @binding(4) var s: sampler;
var<workgroup> tile: array<f32, 64>;
fn helper(i: u32) -> f32 { return a[i]; }
@ compute
@workgroup_size( WG , 2 , )
fn main(@builtin(global_invocation_id) gid: vec3u) {
  b[gid.x] = helper(gid.x) * f32(p.n);
}
@compute @workgroup_size(1) fn other() { let x = textureLoad(t, vec2u(0u), 0); b[0] = x.x; }
@fragment fn frag() -> @location(0) vec4f { return vec4f(0.0); }
`;
  const shape = inspectWgsl(code);

  it('reads functions, their stages and attributes written across lines', () => {
    expect(shape.complete).toBe(true);
    expect([...shape.functions.keys()]).toEqual(['helper', 'main', 'other', 'frag']);
    expect(stageOf(shape.functions.get('main')!)).toBe('compute');
    expect(stageOf(shape.functions.get('frag')!)).toBe('fragment');
    expect(stageOf(shape.functions.get('helper')!)).toBeNull();
    const wg = shape.functions.get('main')!.attributes.find((a) => a.name === 'workgroup_size')!;
    expect(wg.line).toBe(18);
    expect(wg.args.map((a) => a.map((t) => t.text).join(''))).toEqual(['WG', '2']);
  });

  it('reads resources with their kind, group and binding (consts included), never from comments', () => {
    expect(shape.resources.map((r) => [r.name, r.line, r.group, r.binding, r.kind, r.declaration])).toEqual([
      ['a', 8, 0, 0, 'storage-read', 'var<storage> a: array<f32>'],
      ['b', 11, 0, 1, 'storage', 'var<storage, read_write> b: array<f32>'],
      ['p', 12, 0, 2, 'uniform', 'var<uniform> p: P'],
      ['t', 13, 0, 3, 'texture', 'var t: texture_2d<f32>'],
      ['s', 14, 0, 4, 'sampler', 'var s: sampler'],
      ['tile', 15, null, null, 'other', 'var<workgroup> tile: array<f32, 64>'],
    ]);
    expect(shape.constants.get('WG')).toMatchObject({ kind: 'override', id: 7, line: 5 });
  });

  it('knows which resources an entry point reaches through its calls', () => {
    expect(names(shape, 'main')).toEqual(['a', 'b', 'p']);
    expect(names(shape, 'other')).toEqual(['b', 't']);
  });

  it('is unsure of a resource whose name a reached function also declares', () => {
    const shadowed = inspectWgsl(`
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<uniform> n: u32;
fn f(n: u32) -> u32 { return n; }
@compute @workgroup_size(1) fn main() { let out2 = f(3u); out[0] = out2; }`);
    const use = resourcesUsedBy(shadowed, 'main');
    expect(use.used.map((r) => r.name)).toEqual(['out', 'n']);
    expect([...use.unsure]).toEqual(['n']);
  });

  it('reports a module it cannot read as incomplete', () => {
    expect(inspectWgsl('fn main( {').complete).toBe(false);
    expect(inspectWgsl('@compute @workgroup_size(1)').complete).toBe(false);
    expect(inspectWgsl('@compute @workgroup_size(1) fn main() {}').complete).toBe(true);
  });
});

describe('the project’s own kernels', () => {
  it('reads every shader in shaders/ completely, with an @compute entry point and numbered bindings', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../../shaders');
    const files = readdirSync(dir).filter((f) => f.endsWith('.wgsl'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const shape = inspectWgsl(readFileSync(join(dir, file), 'utf8'));
      expect(shape.complete, file).toBe(true);
      expect(
        [...shape.functions.values()].some((f) => stageOf(f) === 'compute'),
        file,
      ).toBe(true);
      for (const r of shape.resources.filter((x) => x.kind !== 'other'))
        expect([r.group, r.binding], `${file} ${r.name}`).not.toContain(null);
    }
  });
});
