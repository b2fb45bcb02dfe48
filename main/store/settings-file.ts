// settings.json: read at start, written atomically on every change. A file that cannot be read as
// settings (torn by a crash on an old build, edited by hand, a disk error) is never silently used or
// overwritten: it is kept beside as settings.json.bad-<time> and the defaults take its place, with a
// message the owner sees.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSettingsSchema, type NodeSettings } from '../../common/node-settings.js';
import { describeZodError } from '../../common/zod-errors.js';
import { writeFileAtomic } from '../../common/node/atomic-file.js';

export interface LoadedSettings {
  settings: NodeSettings;
  /** Set when the file was damaged: what was wrong and where the bad copy was kept. */
  problem: string | null;
}

export class SettingsFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  load(now = Date.now()): LoadedSettings {
    if (!existsSync(this.path)) return { settings: nodeSettingsSchema.parse({}), problem: null };
    let what: string;
    try {
      const parsed = nodeSettingsSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.success) return { settings: parsed.data, problem: null };
      what = describeZodError(parsed.error);
    } catch (error) {
      what = (error as Error).message;
    }
    const backup = `${this.path}.bad-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.path, backup);
    const settings = nodeSettingsSchema.parse({});
    this.save(settings);
    return {
      settings,
      problem: `settings.json was damaged (${what}); defaults restored, the damaged file is kept as ${backup}`,
    };
  }

  /** Throws (disk full, read-only folder) with the previous file intact: the caller keeps its old settings. */
  save(settings: NodeSettings): void {
    writeFileAtomic(this.path, `${JSON.stringify(settings, null, 2)}\n`);
  }
}
