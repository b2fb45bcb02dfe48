// The headless node's UI transport: the loopback dashboard server. Its port and token are kept in
// <data>/dashboard.json (mode 0600, like the device key), so a page left open across a restart or a
// crash reconnects by itself instead of showing a dead token; a port taken meanwhile falls back to
// a free one (that page then needs the newly printed URL).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startDashboardServer, type LoopbackRoutes } from '../dashboard/dashboard-server.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';
import type { UiTransport } from './ui-transport.js';

const addressSchema = z.object({
  port: z.number().int().min(1).max(65_535),
  token: z.string().regex(/^[0-9a-f]{48}$/),
});
type DashboardAddress = z.infer<typeof addressSchema>;

export const dashboardAddressPath = (dataDir: string) => join(dataDir, 'dashboard.json');

function readAddress(dataDir: string): DashboardAddress | null {
  const path = dashboardAddressPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const parsed = addressSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // damaged: a new token and port, the owner opens the newly printed URL
  }
}

export interface LoopbackUiOptions {
  dataDir: string;
  /** The owner's --port: used as given, never replaced by another one; 0 or absent: any (the last one). */
  port?: number;
  /** Routes that authenticate themselves (the browser-wallet page and bridge), tried before the token check. */
  publicRoutes?: LoopbackRoutes;
}

export function loopbackUi(o: LoopbackUiOptions): UiTransport {
  return async (api, onEvent) => {
    const asked = o.port || undefined;
    const saved = readAddress(o.dataDir);
    const token = saved?.token ?? randomBytes(24).toString('hex');
    const start = (port: number | undefined) =>
      startDashboardServer({ api, onEvent, token, port, publicRoutes: o.publicRoutes });
    let server;
    try {
      server = await start(asked ?? saved?.port);
    } catch (error) {
      if (asked !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      server = await start(undefined);
    }
    const port = Number(new URL(server.origin).port);
    if (saved?.port !== port || saved.token !== token)
      writeFileAtomic(dashboardAddressPath(o.dataDir), JSON.stringify({ port, token }));
    return { url: server.url, http: { origin: server.origin, token }, stop: () => server.stop() };
  };
}
