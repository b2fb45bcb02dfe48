// Just enough WGSL lexing to read a job's declarations before Dawn does: comments (nested block
// comments included) dropped, every token with its line and column, and a small evaluator for the
// integer expressions that appear in @workgroup_size and @binding. Not a parser: anything it cannot
// read for sure comes back undefined, and the caller leaves that case to Dawn.

export interface Token {
  text: string;
  kind: 'ident' | 'number' | 'punct';
  line: number;
  col: number;
}

const IDENT = /[\p{XID_Start}_][\p{XID_Continue}]*/uy;
const NUMBER =
  /(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[fhiu]?/y;

function matchAt(re: RegExp, code: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(code)?.[0];
}

/** Splits WGSL into tokens, skipping blank space and comments; punctuation comes one character at a time. */
export function tokenize(code: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const advanceTo = (end: number) => {
    for (; i < end; i++) {
      if (code[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (i < code.length) {
    const c = code[i]!;
    if (/\s/u.test(c)) {
      advanceTo(i + 1);
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      advanceTo(end < 0 ? code.length : end);
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      let depth = 0;
      let j = i;
      do {
        if (code.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (code.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else j++;
      } while (depth > 0 && j < code.length);
      advanceTo(j);
      continue;
    }
    const col = i - lineStart + 1;
    const word = matchAt(NUMBER, code, i) ?? matchAt(IDENT, code, i);
    if (word) out.push({ text: word, kind: /^[\d.]/.test(word) ? 'number' : 'ident', line, col });
    else out.push({ text: c, kind: 'punct', line, col });
    i += word ? word.length : 1;
  }
  return out;
}

/** Tokens back to compact WGSL text for messages: `array<vec4<f32>, 4>`, `var<storage, read>`. */
export function joinTokens(tokens: readonly Token[]): string {
  let text = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev && prev.kind !== 'punct' && t.kind !== 'punct') text += ' ';
    text += t.text;
    if (t.text === ',' || t.text === ':') text += ' ';
  });
  return text.trim();
}

/** Value of an identifier in a constant expression, or undefined when it is not known for sure. */
export type Lookup = (name: string) => number | undefined;

/**
 * Evaluates an integer expression of literals, identifiers (through `lookup`), + - * / %, unary minus
 * and parentheses. Anything else (calls, floats, comparisons) is undefined: the caller cannot decide.
 */
export function evaluateInteger(tokens: readonly Token[], lookup: Lookup): number | undefined {
  let pos = 0;
  const peek = () => tokens[pos]?.text;
  const fail = Symbol('fail');
  const primary = (): number => {
    const t = tokens[pos++];
    if (!t) throw fail;
    if (t.text === '(') {
      const v = sum();
      if (tokens[pos++]?.text !== ')') throw fail;
      return v;
    }
    if (t.text === '-') return -primary();
    if (t.kind === 'number') {
      const m = /^(0[xX][0-9a-fA-F]+|\d+)[iu]?$/.exec(t.text);
      if (!m) throw fail;
      return Number(m[1]);
    }
    if (t.kind === 'ident') {
      const v = lookup(t.text);
      if (v === undefined || !Number.isInteger(v)) throw fail;
      return v;
    }
    throw fail;
  };
  const product = (): number => {
    let v = primary();
    for (let op = peek(); op === '*' || op === '/' || op === '%'; op = peek()) {
      pos++;
      const r = primary();
      if (op !== '*' && r === 0) throw fail;
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      pos++;
      v = op === '+' ? v + product() : v - product();
    }
    return v;
  };
  try {
    const v = sum();
    return pos === tokens.length && Number.isSafeInteger(v) ? v : undefined;
  } catch (error) {
    if (error === fail) return undefined;
    throw error;
  }
}
