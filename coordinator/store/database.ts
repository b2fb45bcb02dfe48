// Opens the coordinator's SQLite database (WAL, synchronous=FULL, migrations: main/store/sqlite.ts)
// in its data folder: a committed credit survives a power cut.
import { join } from 'node:path';
import { openMigratedDatabase, type Db } from '../../main/store/sqlite.js';
import { MIGRATIONS } from './migrations.js';

export type { Db };
export { schemaVersion } from '../../main/store/sqlite.js';

export function openDatabase(dataDir: string): Db {
  return openMigratedDatabase(join(dataDir, 'coordinator.sqlite'), MIGRATIONS);
}
