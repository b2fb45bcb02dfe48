// Opens the coordinator's SQLite database (WAL, synchronous=FULL, migrations: common/node/sqlite.ts)
// in its data folder: a committed credit survives a power cut.
import { join } from 'node:path';
import { openMigratedDatabase, type Db } from '../../common/node/sqlite.js';
import { MIGRATIONS } from './migrations.js';

export type { Db };
export { schemaVersion } from '../../common/node/sqlite.js';

export function openDatabase(dataDir: string): Db {
  return openMigratedDatabase(join(dataDir, 'coordinator.sqlite'), MIGRATIONS);
}
