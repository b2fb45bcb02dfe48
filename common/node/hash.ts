// SHA-256 as lowercase hex, the one form the project compares: request bodies, job outputs, job specs.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The spec hash a receipt names and the coordinator stores: sha256 of the spec's canonical JSON. */
export const specSha256 = (spec: unknown): string => sha256Hex(canonicalJson(spec));
