// The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's
// toJSONSchema), so the served description cannot drift from what the server validates.
import { z } from 'zod';
import { errorResponseSchema } from '../common/network-api.js';
import { SIGNED_HEADERS } from '../common/node/signed-request.js';
import type { Route } from './http/router.js';

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

export function openApiDocument(routes: Route<never>[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = {
    description: 'Refused: `error` is a stable code, `message` says why.',
    content: json(errorResponseSchema, 'output'),
  };
  for (const r of routes) {
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      summary: r.summary,
      security: r.auth === 'public' ? [] : [{ deviceSignature: [] }],
      ...(r.body ? { requestBody: { required: true, content: json(r.body, 'input') } } : {}),
      responses: {
        '200': { description: 'OK', content: json(r.response, 'output') },
        '400': error,
        '401': error,
        '404': error,
        '409': error,
        '413': error,
        ...Object.fromEntries((r.moreErrors ?? []).map((status) => [String(status), error])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'io-provider reference coordinator',
      version: '1',
      description: `Device requests carry ${Object.values(SIGNED_HEADERS).join(', ')}: an ed25519 signature (base64) by the device key over "METHOD\\npath?query\\ntimestamp\\nnonce\\nsha256(body) hex". Amounts are IO base units (9 decimals) as strings. Device events: WebSocket GET /v1/events, signed the same way.`,
    },
    paths,
    components: {
      securitySchemes: {
        deviceSignature: { type: 'apiKey', in: 'header', name: SIGNED_HEADERS.signature },
      },
    },
  };
}
