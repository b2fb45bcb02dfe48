// An owner starts `io-provider run` in a fresh data folder, opens the dashboard URL it printed and
// watches it: the node benchmarks and proves this machine (the lavapipe CPU adapter here), earns from
// the embedded sandbox network's jobs, obeys Pause and Auto, exports its earnings as CSV, and shows
// nothing to a page opened without the printed token. Everything goes through the bundled CLI in a
// child process, the node's own HTTP/WebSocket server and a real Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CSV_HEADER = 'created_at_utc,entry_id,job_id,state,amount_io,amount_base_units';
// First start: ~12 s benchmark and ~2 s proof on a free CPU; the shared 2-core machines can be
// several times slower, so the waits are generous.
const EARNING_WITHIN_MS = 90_000;

interface NodeProcess {
  child: ChildProcess;
  dataDir: string;
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tail = (text: string, max = 4000) => (text.length > max ? `…${text.slice(-max)}` : text);

function nodeLogs(node: NodeProcess | undefined): string {
  if (!node) return '';
  const state = node.exited
    ? `the node exited (code ${node.exited.code}, signal ${node.exited.signal})`
    : 'the node is still running';
  return `\n--- ${state}; its stderr ---\n${tail(node.stderr) || '(empty)'}\n--- its stdout ---\n${tail(node.stdout) || '(empty)'}`;
}

/** Spawns `node dist/cli.js run --data DIR` and resolves with the dashboard URL it prints. */
async function startNode(timeoutMs: number): Promise<{ node: NodeProcess; url: string; deviceId: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'io-provider-dashboard-e2e-'));
  const child = spawn(process.execPath, [CLI, 'run', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const node: NodeProcess = {
    child,
    dataDir,
    stdout: '',
    stderr: '',
    exited: null,
    exit: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        node.exited = { code, signal };
        resolve(node.exited);
      }),
    ),
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (node.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (node.stderr += chunk));
  const printed = () => {
    const url = /^ {2}dashboard {2}(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m.exec(node.stdout)?.[1];
    const deviceId = /^io-provider node (\S+)$/m.exec(node.stdout)?.[1];
    return url && deviceId ? { url, deviceId } : null;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = printed();
    if (found) return { node, ...found };
    if (node.exited || Date.now() > deadline) {
      const why = node.exited ? 'exited before printing' : `did not print within ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
      throw new Error(`io-provider run ${why} its dashboard URL${nodeLogs(node)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `fn`; a failure gets the node's stderr and stdout appended, so a broken node explains itself. */
async function withNodeLogs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error && !error.message.includes('--- the node')) {
      const logs = nodeLogs(running);
      const at = error.stack?.indexOf('\n    at ') ?? -1;
      error.message += logs;
      if (error.stack && at >= 0) error.stack = error.stack.slice(0, at) + logs + error.stack.slice(at);
    }
    throw error;
  }
}

let running: NodeProcess | undefined;
let dashboardUrl = '';
let deviceId = '';
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.describe('the dashboard of `io-provider run`', () => {
  test.beforeAll(async ({ browser }) => {
    const started = await startNode(60_000);
    running = started.node;
    dashboardUrl = started.url;
    deviceId = started.deviceId;
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    const node = running;
    if (!node) return;
    if (!node.exited) node.child.kill('SIGTERM');
    const exited = await Promise.race([
      node.exit,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000)),
    ]);
    if (!exited) node.child.kill('SIGKILL');
    try {
      expect(exited, `the node stops within 60 s of SIGTERM${nodeLogs(node)}`).not.toBeNull();
      expect(exited!.code, `the node exits cleanly on SIGTERM${nodeLogs(node)}`).toBe(0);
      expect(node.stdout).toContain('Stopped. Earnings and kept results are in the data folder.');
    } finally {
      rmSync(node.dataDir, { recursive: true, force: true });
    }
  });

  test('shows the node earning, its verified earnings and the jobs behind them', async () => {
    await withNodeLogs(async () => {
      await page.goto(dashboardUrl);
      await expect(page).toHaveTitle('io-provider node');
      await expect(page.locator('#dev')).toContainText(deviceId);
      // Benchmark, connect, prove: the headline says each step, then "Earning: …".
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: EARNING_WITHIN_MS });
      await expect(page.locator('#headline')).toHaveClass(/\bearning\b/);

      const verifiedIo = async () => {
        const text = (await page.locator('#verified').textContent()) ?? '';
        const match = /^(\d+(?:\.\d+)?) IO$/.exec(text.trim());
        return match ? Number(match[1]) : Number.NaN;
      };
      await expect
        .poll(verifiedIo, { message: 'verified earnings become > 0 IO', timeout: 60_000 })
        .toBeGreaterThan(0);

      const verifiedJobs = page.locator('#jobs tr').filter({ has: page.locator('td.v-verified') });
      await expect(verifiedJobs.first()).toBeVisible({ timeout: 60_000 });
      const first = verifiedJobs.first().locator('td');
      await expect(first).toHaveCount(5);
      await expect(first.nth(2)).toHaveText('verified');
      await expect(first.nth(3)).toHaveText(/^\d+(\.\d+)? IO$/);
      await expect(first.nth(4)).toHaveText(/^\d+ ms$/);
      await expect(page.locator('#earn')).toContainText('Jobs verified');
      // The log keeps what happened before the page was opened: the proof of GPU at start.
      await expect(page.locator('#log')).toContainText('proof of GPU accepted');
    });
  });

  test('Pause stops earning and says why; Auto resumes', async () => {
    await withNodeLogs(async () => {
      const headline = page.locator('#headline');
      const pause = page.getByRole('button', { name: 'Pause', exact: true });
      const auto = page.getByRole('button', { name: 'Auto', exact: true });

      await pause.click();
      // The worker stops between two chunks; a job caught mid-way waits ("… (the current job waits)").
      await expect(headline).toHaveText(/^Not earning: paused/i, { timeout: 30_000 });
      await expect(headline).not.toHaveClass(/\bearning\b/);
      // The governor's own words ("Paused by you") show under "When to compute" and in the headline.
      const gov = page.locator('#gov');
      await expect(gov).toHaveText(/^Paused/);
      const reason = (await gov.textContent())!.trim();
      await expect(headline).toHaveText(new RegExp(`^Not earning: ${escapeRegExp(reason)}`, 'i'));
      await expect(pause).toHaveClass(/\bon\b/);
      await expect(auto).not.toHaveClass(/\bon\b/);

      await auto.click();
      await expect(auto).toHaveClass(/\bon\b/);
      await expect(pause).not.toHaveClass(/\bon\b/);
      await expect(headline).toHaveText(/^Earning: /, { timeout: 30_000 });
      await expect(page.locator('#gov')).not.toHaveText(/^Paused/);
    });
  });

  test('Export CSV downloads the earnings ledger', async () => {
    await withNodeLogs(async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).toBe(CSV_HEADER);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const row = lines[1]!.split(',');
      expect(row).toHaveLength(6);
      expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(BigInt(row[5]!)).toBeGreaterThan(0n);

      // The page as the owner sees it after all of this (earning, jobs listed), for a person to review.
      const shot = join('test-results', 'dashboard.png');
      await page.screenshot({ path: shot, fullPage: true });
      await test.info().attach('dashboard', { path: shot, contentType: 'image/png' });
    });
  });

  test('fits a phone: nothing scrolls sideways, each job shows its time, outcome and credit', async () => {
    await withNodeLogs(async () => {
      const phone = await context.browser()!.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const small = await phone.newPage();
        await small.goto(dashboardUrl);
        const job = small.locator('#jobs tr').first();
        await expect(job).toBeVisible({ timeout: 30_000 });
        const visible = job.locator('td:visible');
        await expect(visible).toHaveCount(3);
        await expect(visible.nth(1)).toHaveText(/^(verified|pending|rejected|failed)/);
        await expect(visible.nth(2)).toHaveText(/ IO$/);
        const overflow = await small.evaluate(() =>
          [...document.querySelectorAll('body, .scroll')].map((e) => e.scrollWidth - e.clientWidth),
        );
        expect(Math.max(...overflow)).toBeLessThanOrEqual(0);
      } finally {
        await phone.close();
      }
    });
  });

  test('without the printed token the page asks for the URL and shows no data', async () => {
    await withNodeLogs(async () => {
      const origin = new URL(dashboardUrl).origin;
      const bare = await context.newPage();
      try {
        const denied = await bare.request.get(`${origin}/api/state`);
        expect(denied.status()).toBe(401);

        await bare.goto(`${origin}/`);
        await expect(bare.locator('#headline')).toHaveText(
          /^Open the dashboard from the URL that io-provider run printed/,
        );
        // Nothing of the node reaches a page without the token, and no empty cards or dead buttons show.
        await expect(bare.locator('main')).toBeHidden();
        await expect(bare.locator('#verified')).toHaveText('—');
        await expect(bare.locator('#dev')).toHaveText('');
        await expect(bare.locator('#jobs tr')).toHaveCount(0);
        await expect(bare.locator('body')).not.toContainText(deviceId);
        await expect(bare.locator('body')).not.toContainText(' IO');
      } finally {
        await bare.close();
      }
    });
  });
});
