// An owner starts `io-provider run` in a fresh data folder and opens the dashboard URL it printed: the
// first-run screens (benchmark progress, how to share, temperature, network), earnings appearing from
// the embedded sandbox network's jobs, Pause / Snooze / Finish / Auto obeyed by the node, settings
// that survive a restart, a page that rides out a stopped or killed node, hostile data shown as text
// under a strict CSP, and every screen in light and dark, desktop and phone, screenshotted and
// scanned by axe-core. Everything goes through the bundled CLI in a child process (one node for the
// whole file, restarted in place), the node's own HTTP/WebSocket server and a real Chromium.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { NodeSettings } from '../../common/node-settings.js';
import {
  callNode,
  cliStatus,
  freshDataDir,
  startNode,
  stopNode,
  withNodeLogs,
  type NodeProcess,
} from './support/node-process.js';
import { openScreen, SCREENS, seriousViolations, sidewaysOverflow } from './support/screens.js';

const EARNING_WITHIN_MS = 120_000;
const CSV_HEADER = 'created_at_utc,entry_id,job_id,state,amount_io,amount_base_units';
const SHOTS = join('test-results', 'screenshots');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let node: NodeProcess | undefined;
let dataDir = '';
let context: BrowserContext;
let page: Page;
const logged = <T>(fn: () => Promise<T>) => withNodeLogs(() => node, fn);

/** Every CSP violation a page reports, recorded before any page script runs. */
async function newContext(browser: Browser, o: Parameters<Browser['newContext']>[0] = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...o,
  });
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  return ctx;
}
const cspViolations = (p: Page) => p.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

/**
 * Restarts the node on the same data folder and port. With the token kept across restarts the open
 * page reconnects by itself; with a new token it can only say so, and the page is reopened from the
 * new URL (noted in the report: the node-side persistence of the token is a separate change).
 */
/** Stops the node and starts it again on the same data folder, as an owner would (no --port). */
async function restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const before = node!;
  const exited = await stopNode(before, signal);
  if (signal === 'SIGTERM') expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
  await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('connection-lost')).toContainText('Reconnecting');
  node = await startNode({ dataDir });
  // The node keeps its port and token (<data>/dashboard.json): the open page reconnects by itself.
  expect(node.url, 'the restarted node serves the same URL').toBe(before.url);
  await expect(page.getByTestId('connection-lost')).toBeHidden({ timeout: 30_000 });
}

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.describe('the dashboard of `io-provider run`', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = freshDataDir();
    node = await startNode({ dataDir });
    context = await newContext(browser);
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
    if (!node) return;
    const exited = await stopNode(node);
    rmSync(dataDir, { recursive: true, force: true });
    expect(exited?.code, 'the node exits cleanly on SIGTERM').toBe(0);
  });

  test('first run: welcome, live benchmark progress, the owner’s choices saved, then Home', async () => {
    await logged(async () => {
      await page.goto(node!.url);
      // The token leaves the address bar at once (kept in this tab's sessionStorage).
      await expect(page).toHaveURL(`${node!.origin}/`);
      await expect(page.getByRole('heading', { name: 'Set up io-provider' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
      await page.getByRole('button', { name: 'Get started' }).click();

      // A fresh data folder: the node is measuring the GPU right now, and the page shows how far.
      const progress = page.getByRole('progressbar', { name: 'Benchmark progress' });
      await expect(progress).toBeVisible({ timeout: 30_000 });
      await expect
        .poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 })
        .toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'first-run-benchmark-light-1280.png') });
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByRole('radio', { name: /When I’m away/ }).check();
      await page.getByLabel('Idle for (minutes)').fill('2');
      await page.getByRole('button', { name: 'Next' }).click();

      const slider = page.getByLabel(/^Limit:/);
      await slider.focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
      await expect(page.getByText('Limit: 75 °C')).toBeVisible();
      await page.getByRole('button', { name: 'Next' }).click();

      await expect(page.getByRole('radio', { name: /Sandbox/ })).toBeChecked();
      await page.getByRole('button', { name: 'Finish' }).click();
      await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
      await expect(page).toHaveURL(/#\/home$/);

      const saved = await callNode<NodeSettings>(node!, 'getSettings');
      expect(saved.onboarded).toBe(true);
      expect(saved.governor.mode).toEqual({ kind: 'auto' });
      expect(saved.governor.limits.idleStartSeconds).toBe(120);
      expect(saved.governor.limits.temperatureLimitC).toBe(75);
      expect(saved.governor.schedule.windows).toEqual([]);
      expect(saved.networkUrl).toBeNull();
    });
  });

  test('earnings appear: Home, the charts, the jobs and the CSV export', async () => {
    await logged(async () => {
      await expect(page.getByTestId('device-id')).toHaveText(node!.deviceId);
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: EARNING_WITHIN_MS });
      await expect(page.getByTestId('verified')).toHaveText(/^0\.\d*[1-9]\d* IO$/, { timeout: 60_000 });
      // The lavapipe CPU adapter has no sensors, and the card says so rather than showing zeros.
      await expect(page.getByTestId('no-sensor')).toBeVisible({ timeout: 20_000 });

      await page.getByRole('link', { name: 'Earnings' }).click();
      await expect(page.locator('main[data-screen="earnings"]')).toBeVisible();
      const verifiedJob = page.locator('[data-testid="jobs"] tr[data-outcome="verified"]').first();
      await expect(verifiedJob).toBeVisible({ timeout: 60_000 });
      await expect(verifiedJob.locator('td').nth(3)).toContainText('verified');
      await expect(verifiedJob.locator('td').nth(4)).toHaveText(/^\d+(\.\d+)? IO$/);
      await expect(page.getByRole('img', { name: /^Credits per hour/ })).toBeVisible();
      await expect(page.getByTestId('span-total')).not.toHaveText('0 IO', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Show as table' }).click();
      await expect(page.getByRole('table', { name: 'Credits per hour' }).locator('tbody tr')).toHaveCount(24);
      await page.getByRole('button', { name: '7 days' }).click();
      await expect(page.getByRole('table', { name: 'Credits per day' }).locator('tbody tr')).toHaveCount(7);
      await page.getByRole('button', { name: 'Show chart' }).click();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^io-earnings-.*\.csv$/);
      const lines = readFileSync((await download.path())!, 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines[0]).toBe(CSV_HEADER);
      expect(BigInt(lines[1]!.split(',')[5]!)).toBeGreaterThan(0n);
    });
  });

  test('Pause, Snooze, Finish then pause and Auto change the node’s mode', async () => {
    await logged(async () => {
      await page.getByRole('link', { name: 'Home' }).click();
      const mode = page.getByRole('group', { name: 'Mode' });
      const pause = mode.getByRole('button', { name: 'Pause', exact: true });
      const auto = mode.getByRole('button', { name: 'Auto', exact: true });

      await pause.click();
      await expect(pause).toHaveAttribute('aria-pressed', 'true');
      await expect(auto).toHaveAttribute('aria-pressed', 'false');
      await expect(page.locator('#headline')).toHaveText(/^Not earning: paused/i, { timeout: 30_000 });
      expect((await cliStatus(dataDir)).governor.mode).toEqual({ kind: 'paused' });

      const asked = Date.now();
      await page.getByRole('group', { name: 'Snooze' }).getByRole('button', { name: '3 hours' }).click();
      await expect(page.getByTestId('snooze-left')).toHaveText(
        /Snoozed · 2 hr 59 min left|Snoozed · 3 hr left/,
      );
      const snoozed = (await cliStatus(dataDir)).governor.mode;
      expect(snoozed.kind).toBe('snoozed');
      if (snoozed.kind === 'snoozed') {
        expect(snoozed.until).toBeGreaterThanOrEqual(asked + 3 * 3_600_000 - 5_000);
        expect(snoozed.until).toBeLessThanOrEqual(Date.now() + 3 * 3_600_000);
      }
      await expect(page.locator('#headline')).toHaveText(/^Not earning: snoozed/i, { timeout: 30_000 });

      await auto.click();
      await expect(auto).toHaveAttribute('aria-pressed', 'true');
      expect((await cliStatus(dataDir)).governor.mode).toEqual({ kind: 'auto' });
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: 30_000 });

      // Finish: the current job (if any) completes, then the node pauses by itself.
      await mode.getByRole('button', { name: 'Finish then pause' }).click();
      await expect
        .poll(async () => (await cliStatus(dataDir)).governor.mode.kind, { timeout: 30_000 })
        .toBe('paused');
      await expect(page.locator('#headline')).toHaveText(/^Not earning: paused/i, { timeout: 30_000 });
      // The mode the finish turned into reaches the open page as an event, without a reload.
      await expect(pause).toHaveAttribute('aria-pressed', 'true', { timeout: 10_000 });

      await auto.click();
      await expect(page.locator('#headline')).toHaveText(/^Earning: /, { timeout: 30_000 });
    });
  });

  test('settings are validated, saved, and still there after the node restarts (SIGTERM)', async () => {
    await logged(async () => {
      await page.getByRole('link', { name: 'Settings' }).click();
      const status = page.getByTestId('save-status');
      await expect(status).toHaveText('All changes saved');
      await page.getByLabel('Device name').fill('Render box 7');
      await expect(status).toHaveText('Unsaved changes');

      // Checked in the page with the contract's schema before anything is sent.
      await page.getByLabel('Temperature limit (°C)').fill('200');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByText('Fix the marked fields before saving.')).toBeVisible();
      await expect(page.getByLabel('Temperature limit (°C)')).toHaveAttribute('aria-invalid', 'true');
      expect((await callNode<NodeSettings>(node!, 'getSettings')).deviceName).toBe('');

      await page.getByLabel('Temperature limit (°C)').fill('78');
      await page.getByLabel('Most of its time the GPU may compute (%)').fill('80');
      await page.getByLabel('App to add').fill('blender.exe');
      await page.getByRole('button', { name: 'Add app' }).click();
      await page.getByRole('button', { name: 'Add a window' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(status).toHaveText(/^(Saved|All changes saved)$/);

      const saved = await callNode<NodeSettings>(node!, 'getSettings');
      expect(saved.deviceName).toBe('Render box 7');
      expect(saved.governor.limits.temperatureLimitC).toBe(78);
      expect(saved.governor.limits.dutyCap).toBe(0.8);
      expect(saved.governor.apps.exclusiveApps).toEqual(['blender.exe']);
      expect(saved.governor.schedule.windows).toEqual([
        { days: [1, 2, 3, 4, 5], start: '20:00', end: '08:00' },
      ]);
      expect(saved.governor.mode).toEqual({ kind: 'auto' }); // the live mode, not a stale copy

      await restart('SIGTERM');
      await expect(page.getByLabel('Device name')).toHaveValue('Render box 7', { timeout: 30_000 });
      await expect(page.getByLabel('Temperature limit (°C)')).toHaveValue('78');
      await expect(page.getByText('blender.exe', { exact: true })).toBeVisible();
      expect((await cliStatus(dataDir)).device.name).toBe('Render box 7');
      // The schedule was only there to be saved: Auto must keep earning here at any hour.
      await page.getByRole('button', { name: 'Remove', exact: true }).first().click();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(status).toHaveText(/^(Saved|All changes saved)$/);
    });
  });

  test('a node killed with SIGKILL and started again: the page shows the lost connection, then recovers', async () => {
    await logged(async () => {
      await page.getByRole('link', { name: 'Home' }).click();
      await expect(page.locator('#headline')).toBeVisible();
      await restart('SIGKILL');
      await expect(page.locator('#headline')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('device-id')).toHaveText(node!.deviceId);
      await expect(page.getByTestId('connection-lost')).toBeHidden();
      // Nothing was lost: the verified earnings are still there after the kill.
      await expect(page.getByTestId('verified')).not.toHaveText('0 IO', { timeout: 30_000 });
    });
  });

  test('hostile data is shown as text, and the CSP blocks inline script', async () => {
    await logged(async () => {
      await callNode(node!, 'updateSettings', { deviceName: HOSTILE });
      await page.reload();
      await expect(page.getByTestId('device-name')).toHaveText(HOSTILE, { timeout: 30_000 });
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByLabel('Device name')).toHaveValue(HOSTILE);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await expect(page.locator('img[src="x"]')).toHaveCount(0);

      // An injected inline script does not run: the CSP refuses it and the page reports a violation.
      const ran = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inline = 1';
        document.head.append(script);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return (window as unknown as { __inline?: number }).__inline;
      });
      expect(ran).toBeUndefined();
      const violations = await cspViolations(page);
      expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
      await callNode(node!, 'updateSettings', { deviceName: 'Render box 7' });
    });
  });

  test('every screen, light and dark, desktop and phone: screenshots, no sideways scroll, axe clean, no CSP violation', async ({
    browser,
  }) => {
    await logged(async () => {
      const problems: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const viewport of [
          { width: 1280, height: 900 },
          { width: 390, height: 844 },
        ]) {
          const tag = `${colorScheme}-${viewport.width}`;
          const ctx = await newContext(browser, { colorScheme, viewport });
          try {
            const p = await ctx.newPage();
            // The first-run screens, shown again for the pictures, then put back.
            await callNode(node!, 'updateSettings', { onboarded: false });
            await p.goto(node!.url);
            await expect(p.getByRole('heading', { name: 'Welcome' })).toBeVisible();
            await p.getByRole('button', { name: 'Get started' }).click();
            await p.getByRole('button', { name: 'Next' }).click();
            await expect(p.getByRole('radio', { name: /When I’m away/ })).toBeVisible();
            await p.screenshot({ path: join(SHOTS, `first-run-${tag}.png`), fullPage: true });
            problems.push(...(await seriousViolations(p)).map((v) => `first-run ${tag}: ${v}`));
            await callNode(node!, 'updateSettings', { onboarded: true });
            await p.reload();

            for (const screen of SCREENS) {
              await openScreen(p, screen);
              await p.screenshot({ path: join(SHOTS, `${screen}-${tag}.png`), fullPage: true });
              const overflow = await sidewaysOverflow(p);
              if (overflow > 0) problems.push(`${screen} ${tag}: scrolls sideways by ${overflow} px`);
              problems.push(...(await seriousViolations(p)).map((v) => `${screen} ${tag}: ${v}`));
            }
            const csp = await cspViolations(p);
            if (csp.length) problems.push(`${tag}: CSP violations: ${csp.join('; ')}`);
          } finally {
            await ctx.close();
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });

  test('keyboard: the navigation and the mode buttons are reachable and show focus', async () => {
    await logged(async () => {
      await page.goto(`${node!.origin}/#/home`); // the token stays in this tab's sessionStorage
      await page.reload(); // focus starts at the top of a freshly loaded page
      await expect(page.locator('#headline')).toBeVisible();
      await page.keyboard.press('Tab'); // skip link
      await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Home' })).toBeFocused();
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).toBe('solid');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page.locator('main[data-screen="earnings"]')).toBeVisible();
    });
  });

  test('without the printed token the page asks for the URL and shows no data', async () => {
    await logged(async () => {
      const bare = await browser_newPage();
      try {
        const denied = await bare.request.post(`${node!.origin}/api/call/getState`, { data: {} });
        expect(denied.status()).toBe(401);
        await bare.goto(`${node!.origin}/`);
        await expect(bare.getByRole('heading', { level: 1 })).toHaveText(
          /^Open the dashboard from the URL that io-provider run printed/,
        );
        await expect(bare.locator('body')).not.toContainText(node!.deviceId);
        await expect(bare.locator('body')).not.toContainText(' IO');
        await expect(bare.getByRole('navigation')).toHaveCount(0);
      } finally {
        await bare.close();
      }
    });
  });
});

/** A page in a context of its own: no sessionStorage token from the other tests. */
async function browser_newPage(): Promise<Page> {
  const ctx = await newContext(context.browser()!);
  const p = await ctx.newPage();
  p.on('close', () => void ctx.close());
  return p;
}
