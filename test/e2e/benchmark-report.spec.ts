// A person runs `io-provider benchmark --quick --html report.html` and opens the report: the
// installed command really measures (through the bundled CLI and a GPU worker process), and the
// page says what was measured, on what adapter, and that every figure was verified.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);

test('the benchmark command writes a report a person can read', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'io-provider-e2e-'));
  const html = join(dir, 'report.html');
  const { stdout } = await run(
    process.execPath,
    ['bin/io-provider.js', 'benchmark', '--quick', '--json', '--html', html, '--data', dir],
    { timeout: 170_000 },
  );
  const report = JSON.parse(stdout) as { results: { name: string; value: number }[]; durationMs: number };
  const names = report.results.map((r) => r.name);
  expect(names).toEqual(
    expect.arrayContaining(['fma-peak', 'matmul-f32', 'matmul-f32-naive', 'bandwidth-copy']),
  );
  expect(report.durationMs).toBeLessThan(60_000); // --quick promises under a minute on a CPU adapter

  await page.goto(pathToFileURL(html).href);
  await expect(page.getByRole('heading', { name: 'GPU benchmark' })).toBeVisible();
  for (const name of names) {
    const row = page.locator(`tr[data-name="${name}"]`);
    await expect(row).toContainText('verified');
  }
  const fma = report.results.find((r) => r.name === 'fma-peak')!;
  await expect(page.locator('tr[data-name="fma-peak"]')).toContainText(`${fma.value.toFixed(1)} GFLOPS`);
  if (readFileSync(html, 'utf8').includes('llvmpipe')) {
    await expect(page.getByRole('alert')).toContainText('Software adapter');
  }
  await page.screenshot({ path: join('test-results', 'benchmark-report.png'), fullPage: true });
});
