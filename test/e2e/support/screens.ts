// Visiting each dashboard screen the way a person does (the nav's hash links), waiting until its
// figures are in, then a screenshot and an axe-core scan.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const SCREENS = ['home', 'earnings', 'network', 'settings', 'diagnostics'] as const;
export type Screen = (typeof SCREENS)[number];

/** What shows once a screen has its data (not its loading state). */
const READY: Record<Screen, (page: Page) => Promise<void>> = {
  home: (page) => expect(page.locator('#headline')).toBeVisible(),
  earnings: (page) => expect(page.locator('canvas[role="img"], [data-testid="jobs"]').first()).toBeVisible(),
  network: (page) => expect(page.getByRole('heading', { name: 'Devices' })).toBeVisible(),
  settings: (page) => expect(page.getByLabel('Device name')).toBeVisible(),
  diagnostics: (page) => expect(page.getByTestId('benchmark')).toBeVisible(),
};

export async function openScreen(page: Page, screen: Screen): Promise<void> {
  await page.evaluate((s) => (window.location.hash = `#/${s}`), screen);
  await expect(page.locator(`main[data-screen="${screen}"]`)).toBeVisible();
  await READY[screen](page);
  // chart.js draws on the next frame; give charts and fonts a moment before a screenshot.
  await page.waitForTimeout(300);
}

/** axe-core on the whole page: serious and critical violations, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How far the page scrolls sideways (0: it fits). */
export const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
