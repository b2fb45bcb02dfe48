// Where updates come from and the key they must be signed with: update.json next to the app's
// resources ({"feedUrl": "https://…/", "publicKey": "<base64 Ed25519>"}), written by whoever
// publishes releases (scripts/sign-release.mjs --new-key prints the key). Without it the app does
// not look for updates and says so once; a malformed one is an error, not a silent "no updates".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../../../common/zod-errors.js';

export const updateConfigSchema = z
  .object({
    feedUrl: z.url({ protocol: /^https$/ }),
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte Ed25519 key in base64'),
  })
  .strict();
export type UpdateConfig = z.infer<typeof updateConfigSchema>;

export function loadUpdateConfig(resourcesDir: string): UpdateConfig | null {
  const path = join(resourcesDir, 'update.json');
  if (!existsSync(path)) return null;
  const parsed = updateConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
