// The JSON-RPC 2.0 envelope (shared by HTTP and WebSocket) and the HTTP front: CORS for a browser UI,
// a body limit, and an error object for every malformed request instead of a thrown exception.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  INTERNAL_ERROR,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  paramList,
  RpcError,
} from './rpc-params.js';

export type MethodCall = (method: string, params: unknown[]) => unknown;
type Id = string | number | null;

const MAX_BATCH = 100;

function errorResponse(id: Id, code: number, message: string, data?: unknown): Record<string, unknown> {
  return { jsonrpc: '2.0', error: data === undefined ? { code, message } : { code, message, data }, id };
}

async function handleOne(
  request: unknown,
  call: MethodCall,
  log: (message: string) => void,
): Promise<Record<string, unknown> | null> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return errorResponse(null, INVALID_REQUEST, 'Invalid request');
  }
  const { jsonrpc, method, params } = request as Record<string, unknown>;
  const rawId = (request as Record<string, unknown>).id;
  const id: Id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (
    jsonrpc !== '2.0' ||
    typeof method !== 'string' ||
    (rawId !== undefined && rawId !== null && id === null)
  ) {
    return errorResponse(id, INVALID_REQUEST, 'Invalid request');
  }
  try {
    const result = await call(method, paramList(params));
    // A notification (no id) gets no answer; web3.js sends its WebSocket "ping" that way.
    return rawId === undefined ? null : { jsonrpc: '2.0', result, id };
  } catch (error) {
    if (error instanceof RpcError) return errorResponse(id, error.code, error.message, error.data);
    log(
      `local chain: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return errorResponse(id, INTERNAL_ERROR, 'Internal error');
  }
}

/** Answers one JSON-RPC message (a request or a batch); null when nothing is to be sent back. */
export async function handleJsonRpc(
  body: string,
  call: MethodCall,
  log: (message: string) => void,
): Promise<string | null> {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return JSON.stringify(errorResponse(null, PARSE_ERROR, 'Parse error'));
  }
  if (!Array.isArray(message)) {
    const response = await handleOne(message, call, log);
    return response && JSON.stringify(response);
  }
  if (message.length === 0 || message.length > MAX_BATCH) {
    return JSON.stringify(
      errorResponse(null, INVALID_REQUEST, `Invalid request: a batch holds 1 to ${MAX_BATCH}`),
    );
  }
  const responses = await Promise.all(message.map((request) => handleOne(request, call, log)));
  const answered = responses.filter((response) => response !== null);
  return answered.length > 0 ? JSON.stringify(answered) : null;
}

export function unknownMethod(method: string): RpcError {
  return new RpcError(METHOD_NOT_FOUND, `Method not found: ${method}`);
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '86400',
};

export interface HttpFrontOptions {
  maxBodyBytes: number;
  call: MethodCall;
  log: (message: string) => void;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { ...CORS_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function httpFront(options: HttpFrontOptions): RequestListener {
  // An oversized body is read to its end (up to this much more) so the client sees the 413 answer
  // rather than a reset connection; a client that sends more than that is cut off.
  const drainLimit = options.maxBodyBytes * 8;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, 'ok', 'text/plain');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, GET, OPTIONS');
      return send(res, 405, JSON.stringify(errorResponse(null, INVALID_REQUEST, 'Use POST for JSON-RPC')));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.maxBodyBytes) chunks.push(chunk);
      else if (size > drainLimit) req.destroy();
    });
    req.on('error', () => req.destroy());
    req.on('end', () => {
      if (size > options.maxBodyBytes) {
        const message = `Invalid request: body exceeds ${options.maxBodyBytes} bytes`;
        return send(res, 413, JSON.stringify(errorResponse(null, INVALID_REQUEST, message)));
      }
      handleJsonRpc(Buffer.concat(chunks).toString('utf8'), options.call, options.log).then(
        (body) => (body === null ? send(res, 204, '') : send(res, 200, body)),
        (error: unknown) => {
          options.log(`local chain: request failed: ${String(error)}`);
          send(res, 500, JSON.stringify(errorResponse(null, INTERNAL_ERROR, 'Internal error')));
        },
      );
    });
  };
}
