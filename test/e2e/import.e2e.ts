import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES, dropFiles, dropLargeCrimeFile, openApp, screenshot, storedWorkspace, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

async function startEmpty(page: Page): Promise<void> {
  await waitForSampleWorkspace(page);
  await page.getByRole('button', { name: 'Start empty' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start empty' }).click();
  await page.getByText('This workspace is empty').waitFor();
}

export async function importDropped(page: Page, files: string[]): Promise<void> {
  await dropFiles(page, files);
  const dialog = page.getByRole('dialog', { name: 'Import files' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('dialog', { name: 'Import report' }).waitFor({ timeout: 60_000 });
}

describe('importing files', () => {
  it('takes two police.uk months dropped on the map as one crime layer, with counts, and draws it', async () => {
    const { page, problems } = await openApp(browser());
    await startEmpty(page);
    await dropFiles(page, [`${FIXTURES}e2e/2018-01-essex-street-1500.csv`, `${FIXTURES}e2e/2018-02-essex-street-1500.csv`]);
    const plan = page.getByRole('dialog', { name: 'Import files' });
    await plan.waitFor();
    expect(await plan.getByRole('textbox', { name: 'Layer name' }).inputValue()).toBe('Street crime (2 files)');
    await screenshot(page, 'import-plan');
    await plan.getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor({ timeout: 60_000 });
    // 1,500 rows a month, every one with a location (counted in the fixtures with Python's csv module).
    expect(await report.getByText('Imported 1 layer: Street crime (2 files) (3,000 crimes).').count()).toBe(1);
    expect(await report.getByText('1,500 read, 1,500 imported, 0 not imported.').count()).toBe(2);
    await screenshot(page, 'import-report');
    await report.getByRole('button', { name: 'Done' }).click();

    await page.getByText(/crime · 3,000 points/).waitFor();
    await page.evaluate(() => window.nrdMap!.jumpTo({ center: [0.55, 51.75], zoom: 9 }));
    await waitForMap(page);
    const drawn = await page.evaluate(() =>
      window.nrdMap!.getStyle().layers.filter((l) => l.id.endsWith('-heat')).map((l) => window.nrdMap!.querySourceFeatures((l as { source: string }).source).length),
    );
    expect(drawn[0]).toBeGreaterThan(0);
    await screenshot(page, 'import-crime-layer');

    // Filters: leaving out anti-social behaviour changes the count shown.
    await page.getByText('Style and filters').click();
    const asb = page.getByRole('checkbox', { name: /^Anti-social behaviour/ });
    await asb.uncheck();
    await expect.poll(() => page.getByText(/crime · [\d,]+ of 3,000 points/).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  for (const interruption of ['cancel', 'reload'] as const) {
    it(`leaves the workspace as it was when a running import is stopped by ${interruption === 'cancel' ? 'Cancel' : 'a reload'}`, async () => {
      const { page } = await openApp(browser());
      await waitForSampleWorkspace(page);
      const before = await storedWorkspace(page);
      // 300 x 1,500 = 450,000 rows, about 100 MB.
      await dropLargeCrimeFile(page, 300);
      await page.getByRole('dialog', { name: 'Import files' }).waitFor();
      // The reader takes about 10^6 rows a second, faster than a test can click: the page itself stops the import
      // the moment the progress dialog shows, while the worker is still reading the 450,000 rows.
      await page.evaluate((interruption) => {
        const observer = new MutationObserver(() => {
          const running = [...document.querySelectorAll('dialog[open]')].find((d) => d.querySelector('h2')?.textContent === 'Importing');
          const cancel = [...(running?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Cancel');
          if (!cancel) return;
          observer.disconnect();
          if (interruption === 'cancel') cancel.click();
          else location.reload();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        [...document.querySelectorAll('dialog[open] button')].find((b) => b.textContent === 'Import')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, interruption);
      if (interruption === 'cancel') {
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        // Long enough for a worker that had not really stopped to finish and store.
        await page.waitForTimeout(3000);
      } else {
        await page.waitForEvent('load');
        await waitForSampleWorkspace(page);
      }
      expect(await storedWorkspace(page)).toEqual(before);
      expect(await page.getByText('Street crime, January 2023').count()).toBe(1);
      expect(await page.getByText('large-street').count()).toBe(0);
    });
  }
});
