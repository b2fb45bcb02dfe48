// The Electronegativity scan of the desktop shell (npm run scan:electron): Doyensec's checks for
// Electron misconfigurations run over main/electron/ and preload/. Its CLI does not start with the
// commander this project installs, so the scan calls the library's run() directly (same checks);
// its translations fetch fails offline and falls back to the bundled English, which is fine.
// Fails on any HIGH-severity finding, and prints every finding with its place.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const runScan = typeof run === 'function' ? run : run.default;
const electronVersion = require('electron/package.json').version;

// One input holding both folders, so the global checks (navigation limits, CSP, permission
// handler) see the whole shell at once.
const input = mkdtempSync(join(tmpdir(), 'io-provider-scan-'));
cpSync('main/electron', join(input, 'main-electron'), { recursive: true });
cpSync('preload', join(input, 'preload'), { recursive: true });
const findings = [];
try {
  const result = await runScan({ input, electronVersionOverride: electronVersion });
  for (const error of result.errors ?? [])
    if (!error.tolerable) throw new Error(`${error.file}: ${error.message}`);
  findings.push(...(result.issues ?? []));
} finally {
  rmSync(input, { recursive: true, force: true });
}
const high = findings.filter((f) => f.severity?.name === 'HIGH' || f.severity === 'HIGH');
for (const f of findings)
  console.log(
    `${f.severity?.name ?? f.severity} ${f.id} ${f.file.replace(input, '')}:${f.location?.line ?? '-'} ${f.description ?? ''}`,
  );
console.log(
  `electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${high.length} high`,
);
if (high.length) process.exit(1);
