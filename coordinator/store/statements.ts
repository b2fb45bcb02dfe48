// Prepared statements, compiled once per database and SQL text: compiling on every call cost the
// coordinator more CPU than running the statements did.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

export function sql(db: Db, text: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
