// The built dashboard (dist/renderer: index.html, app.js, app.css) served by exact file name: no path
// is ever joined from the request, so `..`, encoded separators and absolute paths cannot reach any
// other file. The page runs under a strict Content-Security-Policy: scripts and styles only from this
// origin (no inline code, no eval), connections only to this node.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * dist/renderer beside the bundled dist/cli.js; from the sources (tests run main/ through tsx or
 * vitest) the same folder two levels up.
 */
export function defaultStaticDir(): string {
  const candidates = [
    new URL('./renderer/', import.meta.url),
    new URL('../../dist/renderer/', import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

export interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The file for a request path, or null: '/' is index.html; anything else must be a file's exact name. */
export function findStaticFile(staticDir: string, pathname: string): StaticFile | null {
  const name = pathname === '/' || pathname === '/index.html' ? 'index.html' : pathname.slice(1);
  if (!SAFE_NAME.test(name) || !CONTENT_TYPES[extname(name)]) return null;
  let names: string[];
  try {
    names = readdirSync(staticDir);
  } catch {
    return null;
  }
  if (!names.includes(name)) return null;
  const path = join(staticDir, name);
  if (!statSync(path).isFile()) return null;
  const body = readFileSync(path);
  const html = name === 'index.html';
  return {
    body,
    headers: {
      'content-type': CONTENT_TYPES[extname(name)]!,
      // Names carry no content hash, so the browser revalidates (cheap: an ETag) rather than caching
      // an old app.js across an update; the page itself is never cached.
      'cache-control': html ? 'no-store' : 'no-cache',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(html ? { 'content-security-policy': DASHBOARD_CSP, 'x-frame-options': 'DENY' } : {}),
    },
  };
}
