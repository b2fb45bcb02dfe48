// What a job's WGSL declares at module scope, read before Dawn sees it, so that the commonest
// mistakes (wrong entry point, a binding the spec types differently or lacks, a workgroup too big for
// the device) are refused in the job author's words rather than Dawn's. It reads functions with their
// attributes, resource variables with @group/@binding, `const` and `override` declarations, and which
// resources each entry point reaches through its calls. Whatever it cannot read for sure it reports
// as unknown (`complete: false`, a null binding, an undefined size): the caller then leaves the case
// to Dawn, whose message is translated instead (dawn-messages.ts).
import { evaluateInteger, joinTokens, tokenize, type Token } from './wgsl-tokens.js';

/** How a job binds a resource; the three buffer kinds match the job spec's `bindings[].type`. */
export type WgslResourceKind = 'storage-read' | 'storage' | 'uniform' | 'texture' | 'sampler' | 'other';

export interface WgslResource {
  name: string;
  line: number;
  /** Null when the attribute is missing or not a constant this reader can evaluate. */
  group: number | null;
  binding: number | null;
  kind: WgslResourceKind;
  /** As written, compacted: `var<storage, read> a: array<f32>`. */
  declaration: string;
}

export interface WgslAttribute {
  name: string;
  line: number;
  /** The argument expressions, split at top-level commas. */
  args: Token[][];
}

export interface WgslFunction {
  name: string;
  line: number;
  attributes: WgslAttribute[];
  /** Parameters and local let/var/const names: they shadow module-scope names of the same spelling. */
  locals: Set<string>;
  /** Identifiers the body reads (member names after `.` excluded), calls included. */
  refs: Set<string>;
}

export interface WgslConstant {
  name: string;
  line: number;
  kind: 'const' | 'override';
  /** `@id(n)` of an override: kernel.constants may name it by that number. */
  id: number | null;
  init: Token[] | null;
}

export interface WgslShape {
  /** False when the module did not read as expected: no conclusion should be drawn from it. */
  complete: boolean;
  functions: Map<string, WgslFunction>;
  resources: WgslResource[];
  constants: Map<string, WgslConstant>;
}

const DECLARATION_END = new Set([';']);

class Reader {
  pos = 0;
  constructor(readonly tokens: Token[]) {}
  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new Unreadable();
    return t;
  }
  expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new Unreadable();
    return t;
  }
  ident(): Token {
    const t = this.next();
    if (t.kind !== 'ident') throw new Unreadable();
    return t;
  }
  /** From an opening bracket (at pos) to its match; returns the tokens strictly inside. */
  balanced(open: string, close: string): Token[] {
    this.expect(open);
    const start = this.pos;
    let depth = 1;
    while (depth > 0) {
      const t = this.next().text;
      if (t === open) depth++;
      else if (t === close) depth--;
    }
    return this.tokens.slice(start, this.pos - 1);
  }
  /** Up to (and past) the next `;` outside brackets, skipping `{...}` blocks; returns what lay before. */
  until(ends: Set<string>): Token[] {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const t = this.next().text;
      if (t === '(' || t === '[' || t === '{') depth++;
      else if (t === ')' || t === ']' || t === '}') depth--;
      else if (depth === 0 && ends.has(t)) return this.tokens.slice(start, this.pos - 1);
      if (depth < 0) throw new Unreadable();
    }
  }
}

class Unreadable extends Error {}

function splitArgs(tokens: Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[' || t.text === '<') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '>') depth--;
    if (depth === 0 && t.text === ',') args.push([]);
    else args[args.length - 1]!.push(t);
  }
  if (!args[args.length - 1]!.length) args.pop(); // a trailing comma
  return args;
}

function readAttribute(r: Reader): WgslAttribute {
  const at = r.expect('@');
  const name = r.ident().text;
  const args = r.peek()?.text === '(' ? splitArgs(r.balanced('(', ')')) : [];
  return { name, line: at.line, args };
}

/** `<...>` after `var`: the address space and access mode. */
function readTemplate(r: Reader): Token[] {
  if (r.peek()?.text !== '<') return [];
  return r.balanced('<', '>');
}

function resourceKind(template: Token[], type: Token[]): WgslResourceKind {
  const words = template.filter((t) => t.kind === 'ident').map((t) => t.text);
  if (words[0] === 'uniform') return 'uniform';
  if (words[0] === 'storage') {
    if (words.length === 1 || words[1] === 'read') return 'storage-read';
    return words[1] === 'read_write' ? 'storage' : 'other';
  }
  const typeName = type[0]?.text ?? '';
  if (typeName.startsWith('texture_')) return 'texture';
  if (typeName === 'sampler' || typeName === 'sampler_comparison') return 'sampler';
  return 'other';
}

function readFunction(r: Reader, attributes: WgslAttribute[]): WgslFunction {
  r.expect('fn');
  const name = r.ident();
  const params = r.balanced('(', ')');
  while (r.peek()?.text !== '{') r.next(); // the return type, attributes and all
  const body = r.balanced('{', '}');
  const locals = new Set<string>();
  let depth = 0;
  params.forEach((t, i) => {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'ident' && params[i + 1]?.text === ':' && params[i - 1]?.text !== '@')
      locals.add(t.text);
  });
  const refs = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    if (t.kind !== 'ident' || body[i - 1]?.text === '.' || body[i - 1]?.text === '@') continue;
    if (t.text === 'let' || t.text === 'const' || t.text === 'var') {
      let j = i + 1;
      if (body[j]?.text === '<') {
        while (j < body.length && body[j]!.text !== '>') j++;
        j++; // var<function> x
      }
      const local = body[j];
      if (local?.kind === 'ident') locals.add(local.text);
      i = j;
      continue;
    }
    refs.add(t.text);
  }
  return { name: name.text, line: name.line, attributes, locals, refs };
}

function numberAttribute(
  attributes: WgslAttribute[],
  name: string,
  constants: Map<string, WgslConstant>,
): number | null {
  const attr = attributes.find((a) => a.name === name);
  if (!attr || attr.args.length !== 1) return null;
  return evaluateInteger(attr.args[0]!, (id) => constValue(constants, id)) ?? null;
}

/** A `const`'s value, following other consts; undefined for overrides and anything unreadable. */
export function constValue(
  constants: Map<string, WgslConstant>,
  name: string,
  depth = 0,
): number | undefined {
  const c = constants.get(name);
  if (!c || c.kind !== 'const' || !c.init || depth > 16) return undefined;
  return evaluateInteger(c.init, (id) => constValue(constants, id, depth + 1));
}

export function inspectWgsl(code: string): WgslShape {
  const shape: WgslShape = { complete: true, functions: new Map(), resources: [], constants: new Map() };
  const r = new Reader(tokenize(code));
  const pendingResources: {
    attributes: WgslAttribute[];
    resource: Omit<WgslResource, 'group' | 'binding'>;
  }[] = [];
  try {
    let attributes: WgslAttribute[] = [];
    while (!r.done) {
      const t = r.peek()!;
      if (t.text === '@') {
        attributes.push(readAttribute(r));
        continue;
      }
      if (t.text === 'fn') {
        const fn = readFunction(r, attributes);
        shape.functions.set(fn.name, fn);
      } else if (t.text === 'var') {
        r.next();
        const template = readTemplate(r);
        const name = r.ident();
        const rest = r.until(DECLARATION_END);
        const colon = rest.findIndex((x) => x.text === ':');
        const equals = rest.findIndex((x) => x.text === '=');
        const type = colon < 0 ? [] : rest.slice(colon + 1, equals < 0 ? undefined : equals);
        const templateText = template.length ? `<${joinTokens(template)}>` : '';
        pendingResources.push({
          attributes,
          resource: {
            name: name.text,
            line: t.line,
            kind: resourceKind(template, type),
            declaration: `var${templateText} ${name.text}${type.length ? `: ${joinTokens(type)}` : ''}`,
          },
        });
      } else if (t.text === 'const' || t.text === 'override') {
        r.next();
        const name = r.ident();
        const rest = r.until(DECLARATION_END);
        const equals = rest.findIndex((x) => x.text === '=');
        const idAttr = attributes.find((a) => a.name === 'id');
        shape.constants.set(name.text, {
          name: name.text,
          line: t.line,
          kind: t.text,
          id: idAttr?.args.length === 1 ? (evaluateInteger(idAttr.args[0]!, () => undefined) ?? null) : null,
          init: equals < 0 ? null : rest.slice(equals + 1),
        });
      } else if (t.text === 'struct') {
        r.next();
        r.ident();
        r.balanced('{', '}');
        if (r.peek()?.text === ';') r.next();
      } else if (t.kind === 'ident') {
        r.until(DECLARATION_END); // enable, requires, diagnostic, alias, const_assert
      } else if (t.text === ';') {
        r.next();
      } else {
        throw new Unreadable();
      }
      attributes = [];
    }
    if (attributes.length) throw new Unreadable();
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    shape.complete = false;
  }
  // Bindings may be consts declared further down: evaluated once every const is known.
  for (const { attributes, resource } of pendingResources) {
    shape.resources.push({
      ...resource,
      group: numberAttribute(attributes, 'group', shape.constants),
      binding: numberAttribute(attributes, 'binding', shape.constants),
    });
  }
  return shape;
}

/** The stage attribute of a function: `@compute`, `@vertex`, `@fragment`, or null for a helper. */
export function stageOf(fn: WgslFunction): 'compute' | 'vertex' | 'fragment' | null {
  for (const a of fn.attributes)
    if (a.name === 'compute' || a.name === 'vertex' || a.name === 'fragment') return a.name;
  return null;
}

export interface ResourceUse {
  /** Resources the entry point reaches, directly or through the functions it calls. */
  used: WgslResource[];
  /**
   * Module resources whose name a reached function also declares locally: whether the global is
   * meant cannot be told without scoping rules, so nothing is concluded about them.
   */
  unsure: Set<string>;
}

export function resourcesUsedBy(shape: WgslShape, entryPoint: string): ResourceUse {
  const reached = new Set<string>();
  const queue = [entryPoint];
  while (queue.length) {
    const name = queue.pop()!;
    const fn = shape.functions.get(name);
    if (!fn || reached.has(name)) continue;
    reached.add(name);
    for (const ref of fn.refs) if (shape.functions.has(ref)) queue.push(ref);
  }
  const refs = new Set<string>();
  const locals = new Set<string>();
  for (const name of reached) {
    const fn = shape.functions.get(name)!;
    fn.refs.forEach((x) => refs.add(x));
    fn.locals.forEach((x) => locals.add(x));
  }
  const used = shape.resources.filter((res) => refs.has(res.name));
  const unsure = new Set(used.filter((res) => locals.has(res.name)).map((res) => res.name));
  return { used, unsure };
}
