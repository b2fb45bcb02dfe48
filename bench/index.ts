// `npm run bench -- <name>` runs bench/<name>.ts and prints its one JSON object on stdout;
// `npm run bench` lists the benchmarks. Benchmarks report numbers; tests check behaviour.
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  description: string;
  run(args: string[]): Promise<Record<string, unknown>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .map((f) => basename(f, '.ts'))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stdout.write('Benchmarks (npm run bench -- <name>):\n');
  for (const n of names) {
    const mod = (await import(pathToFileURL(`${here}/${n}.ts`).href)) as BenchModule;
    process.stdout.write(`  ${n.padEnd(14)} ${mod.description}\n`);
  }
} else if (!names.includes(name)) {
  process.stderr.write(`unknown benchmark "${name}"; known: ${names.join(', ')}\n`);
  process.exitCode = 2;
} else {
  const mod = (await import(pathToFileURL(`${here}/${name}.ts`).href)) as BenchModule;
  const result = await mod.run(args);
  process.stdout.write(`${JSON.stringify({ benchmark: name, ...result })}\n`);
}
