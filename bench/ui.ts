// The dashboard UI's cost to its owner:
// - initialJsGzipBytes / initialCssGzipBytes: what the page loads before it can show anything
//   (the scripts index.html lists and the chunks they import statically, and app.css; gzip level 9;
//   the goal is <= 300 KB of JS). Chunks loaded on demand (chart.js, the settings schema) are apart.
// - firstStateMs: from navigation start to the node's state (the headline) on screen, against a real
//   `io-provider run` on a fresh data folder, median of several loads in Debian's Chromium (goal
//   <= 500 ms). The node is paused while measuring: on the lavapipe CPU adapter its jobs would compete
//   with the browser for the same cores, which a real GPU does not.
// Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const description =
  'dashboard UI: gzipped initial JS/CSS of dist/renderer, ms from navigation start to the first node state shown';

const LOADS = 9;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Records when the headline (the node's state) first shows, relative to navigation start. */
const RECORD_FIRST_STATE = `new MutationObserver((_, observer) => {
  if (document.querySelector('#headline')?.textContent) {
    window.__firstState = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true, characterData: true });`;

/** The scripts index.html loads and, transitively, what they import statically (not import()). */
function initialScripts(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<script[^>]*src="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    // Static imports only: `import ... from "./x.js"` or `import "./x.js"`, not `import("./x.js")`.
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(m[1]!);
  }
  return [...seen];
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = 'dist/renderer';
  if (!existsSync(join(dir, 'app.js')))
    throw new Error('dist/renderer is missing: run `npm run build` first');
  const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  const initialJs = initialScripts(dir);
  const initialJsGzipBytes = initialJs.reduce((sum, file) => sum + gz(file), 0);
  const initialCssGzipBytes = gz('app.css');

  const dataDir = mkdtempSync(join(tmpdir(), 'io-provider-bench-ui-'));
  const child = spawn(process.execPath, ['dist/cli.js', 'run', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    let url: string | undefined;
    for (let i = 0; i < 600 && !url; i++) {
      url = /^ {2}dashboard {2}(http:\/\/\S+)$/m.exec(stdout)?.[1];
      if (!url) await sleep(100);
    }
    if (!url) throw new Error(`the node printed no dashboard URL:\n${stdout}`);
    const { origin, searchParams } = new URL(url);
    const call = async (name: string, input: unknown = {}) => {
      const res = await fetch(`${origin}/api/call/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${searchParams.get('token')}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { phase?: string };
    };
    await call('updateSettings', { onboarded: true });
    // Let the first-start benchmark finish (it would take the CPU), then pause the node.
    for (let i = 0; i < 300; i++) {
      const { phase } = await call('getState');
      if (phase && !['starting', 'benchmarking'].includes(phase)) break;
      await sleep(1_000);
    }
    await call('setMode', { mode: 'paused' });
    await sleep(2_000);

    const samples: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      // Records the moment the headline (the node's state) first shows, relative to navigation start.
      // Browser-side code as text: this Node project has no DOM types (tsconfig.json leaves them out).
      await context.addInitScript(RECORD_FIRST_STATE);
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction('window.__firstState', null, { timeout: 30_000 });
      const ms = (await page.evaluate('window.__firstState')) as number;
      if (i > 0) samples.push(Math.round(ms)); // the first load warms the disk cache and the node's JIT
      await context.close();
    }
    return {
      initialJsGzipBytes,
      initialJs,
      initialCssGzipBytes,
      jsGoalBytes: 300 * 1024,
      firstStateMsMedian: median(samples),
      firstStateMsMin: Math.min(...samples),
      firstStateMsMax: Math.max(...samples),
      firstStateGoalMs: 500,
      loads: samples.length,
      samples,
    };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
