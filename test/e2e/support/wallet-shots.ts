// The wallet screen in one state, in light and dark at desktop and phone width: a screenshot each,
// no sideways scroll, and axe-core clean. The page is opened on a fresh context per combination
// (the node keeps the wallet, so the state is the node's, not the page's).
import { expect, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { seriousViolations, sidewaysOverflow } from './screens.js';

export const WALLET_SHOTS = join('test-results', 'screenshots');

export async function shootWalletState(
  browser: Browser,
  url: string,
  state: string,
  ready: (page: Page) => Promise<void>,
): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const tag = `${state}-${colorScheme}-${viewport.width}`;
      const ctx = await browser.newContext({ colorScheme, viewport });
      try {
        const page = await ctx.newPage();
        await page.goto(url.replace(/#.*$/, '') + '#/wallet');
        await expect(page.locator('main[data-screen="wallet"] [data-wallet-kind]')).toBeVisible({
          timeout: 30_000,
        });
        await ready(page);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(WALLET_SHOTS, `wallet-${tag}.png`), fullPage: true });
        expect(await sidewaysOverflow(page), `${tag}: no sideways scroll`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(page), `${tag}: axe`).toEqual([]);
      } finally {
        await ctx.close();
      }
    }
  }
}
