// Replay protection: a (device, nonce) pair is accepted once while its timestamp is inside the
// signature window. The set lives in memory for the synchronous check (two copies of one request
// racing each other) and in used_nonces so a restart does not reopen the window.
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import { SIGNATURE_WINDOW_MS } from '../../common/node/signed-request.js';
import { sql } from '../store/statements.js';

export class NonceRegistry {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly commit: GroupCommit,
  ) {
    const rows = sql(db, 'SELECT device_id, nonce, expires_at FROM used_nonces WHERE expires_at >= ?').all(
      Date.now(),
    ) as {
      device_id: string;
      nonce: string;
      expires_at: number;
    }[];
    for (const row of rows) this.seen.set(`${row.device_id}:${row.nonce}`, row.expires_at);
  }

  /** False for a replay. The returned promise settles once the nonce is durable. */
  consume(deviceId: string, nonce: string, timestamp: number): Promise<void> | false {
    const key = `${deviceId}:${nonce}`;
    if (this.seen.has(key)) return false;
    // Kept until the request's own timestamp leaves the window: after that the clock check refuses it.
    const expiresAt = timestamp + SIGNATURE_WINDOW_MS;
    this.seen.set(key, expiresAt);
    return this.commit.run(() => {
      sql(this.db, 'INSERT INTO used_nonces (device_id, nonce, expires_at) VALUES (?, ?, ?)').run(
        deviceId,
        nonce,
        expiresAt,
      );
    });
  }

  purge(now: number): Promise<void> {
    for (const [key, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(key);
    return this.commit.run(() => {
      sql(this.db, 'DELETE FROM used_nonces WHERE expires_at < ?').run(now);
    });
  }
}
