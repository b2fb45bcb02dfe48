// A small JSON router over node:http: size-limited bodies, signed-request checks, zod validation and
// one error shape ({error, message}) for every refusal. Nothing a client sends can throw past it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeZodError } from '../../common/zod-errors.js';
import { checkSignedRequest, SignedRequestError } from '../../common/node/signed-request.js';
import { ApiError } from '../service/api-error.js';
import type { NonceRegistry } from './nonces.js';

export interface RouteContext<B> {
  deviceId: string | null;
  body: B;
}

export interface Route<B = unknown> {
  method: 'GET' | 'POST';
  path: string;
  /** signed: a registered device; register: any key (the device id is the public key); public: no check. */
  auth: 'signed' | 'register' | 'public';
  body?: z.ZodType<B>;
  summary: string;
  response: z.ZodType;
  /** Error statuses beyond the common ones (400, 401, 404, 409, 413), for the OpenAPI document. */
  moreErrors?: number[];
  handle(ctx: RouteContext<B>): Promise<unknown> | unknown;
}

export interface RouterOptions {
  routes: Route<never>[];
  maxBodyBytes: number;
  nonces: NonceRegistry;
  isRegistered(deviceId: string): boolean;
  now(): number;
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Over the limit the rest is drained, not kept, and refused once it has arrived: a client still
 * uploading would otherwise see a reset instead of the 413. Past 8x the limit the socket is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > 8 * limit) req.destroy();
    });
    req.on('end', () =>
      size > limit
        ? reject(new ApiError(413, 'body-too-large', `body of ${size} bytes is over the ${limit}-byte limit`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** Checks the signature, that the device exists (unless registering) and that the nonce is fresh. */
export async function authenticate(
  req: IncomingMessage,
  raw: Buffer,
  auth: Route['auth'],
  options: Pick<RouterOptions, 'nonces' | 'isRegistered' | 'now'>,
): Promise<string | null> {
  if (auth === 'public') return null;
  let check;
  try {
    check = checkSignedRequest(req.headers, req.method ?? 'GET', req.url ?? '/', raw, options.now());
  } catch (error) {
    if (error instanceof SignedRequestError) throw new ApiError(401, 'bad-signature', error.message);
    throw error;
  }
  if (auth === 'signed' && !options.isRegistered(check.deviceId))
    throw new ApiError(
      401,
      'unknown-device',
      `device ${check.deviceId} is not registered: POST /v1/devices/register first`,
    );
  return check.deviceId;
}

export function createHandler(options: RouterOptions) {
  const table = new Map(options.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const paths = new Set(options.routes.map((r) => r.path));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = table.get(`${req.method} ${path}`);
      if (!route) {
        if (paths.has(path))
          throw new ApiError(405, 'method-not-allowed', `${req.method} is not allowed on ${path}`);
        throw new ApiError(404, 'not-found', `no route ${req.method} ${path}; see GET /openapi.json`);
      }
      const raw = await readBody(req, options.maxBodyBytes);
      const deviceId = await authenticate(req, raw, route.auth, options);
      let body: unknown = undefined;
      if (route.body) {
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch (error) {
          throw new ApiError(400, 'malformed-json', `body is not valid JSON: ${(error as Error).message}`);
        }
        const parsed = route.body.safeParse(json);
        if (!parsed.success) throw new ApiError(400, 'invalid-body', describeZodError(parsed.error));
        body = parsed.data;
      }
      // The nonce is spent only by a well-formed, authentic request, and is durable before the answer.
      let nonceWrite: Promise<void> | undefined;
      if (deviceId !== null) {
        const headers = req.headers as Record<string, string>;
        const spent = options.nonces.consume(
          deviceId,
          headers['x-io-nonce']!,
          Number(headers['x-io-timestamp']),
        );
        if (spent === false)
          throw new ApiError(
            401,
            'replayed',
            'this request (device and nonce) was already used: replay refused',
          );
        nonceWrite = spent;
      }
      const [result] = await Promise.all([route.handle({ deviceId, body: body as never }), nonceWrite]);
      send(res, 200, result);
    } catch (error) {
      if (error instanceof ApiError) send(res, error.status, { error: error.code, message: error.message });
      else {
        send(res, 500, { error: 'internal', message: 'internal error; the request may be retried' });
        process.emitWarning(`coordinator: ${(error as Error).stack ?? String(error)}`);
      }
    }
  };
}
