// The desktop UI is served from a custom protocol (app://io-provider/), not file://: a file:// page
// may read any local file and shares one origin with every other file, while app:// gives the page
// its own origin that the IPC check can pin. The answer comes from the same exact-name lookup the
// loopback server uses (static-files.ts), under a CSP stricter still: IPC needs no connections.
import { findStaticFile } from '../dashboard/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'io-provider';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/`;

export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ProtocolAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** What app:// answers to `requestUrl` (GET only); any other host, scheme or method gets an error. */
export function appProtocolAnswer(staticDir: string, requestUrl: string, method = 'GET'): ProtocolAnswer {
  const text = (status: number, body: string): ProtocolAnswer => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
  });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password)
    return text(403, 'not this app');
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'read only');
  const file = findStaticFile(staticDir, url.pathname);
  if (!file) return text(404, `no such file: ${url.pathname}`);
  const headers = { ...file.headers };
  if (headers['content-security-policy']) headers['content-security-policy'] = APP_CSP;
  return { status: 200, headers, body: method === 'HEAD' ? '' : file.body };
}
