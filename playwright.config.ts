import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium (Playwright's own browser download is not available on
// these machines). The flags keep a headless root Chromium from phoning home.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
