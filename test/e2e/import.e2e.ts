import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES, dropFiles, dropLargeCrimeFile, openApp, screenshot, seriousAccessibilityViolations, storedWorkspace, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

async function startEmpty(page: Page): Promise<void> {
  await waitForSampleWorkspace(page);
  await page.getByRole('button', { name: 'Start empty' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start empty' }).click();
  await page.getByText('This workspace is empty').waitFor();
}

async function importDropped(page: Page, files: string[]): Promise<void> {
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
    expect(await seriousAccessibilityViolations(page), 'import plan').toEqual([]);
    await plan.getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor({ timeout: 60_000 });
    // 1,500 rows a month, every one with a location (counted in the fixtures with Python's csv module).
    expect(await report.getByText('Imported 1 layer: Street crime (2 files) (3,000 crimes).').count()).toBe(1);
    expect(await report.getByText('1,500 read, 1,500 imported, 0 not imported.').count()).toBe(2);
    await screenshot(page, 'import-report');
    expect(await seriousAccessibilityViolations(page), 'import report').toEqual([]);
    await report.getByRole('button', { name: 'Done' }).click();

    await page.getByText(/crime · 3,000 points/).waitFor();
    // Its spatial index was built in the import worker and stored with it.
    expect(((await storedWorkspace(page)) as { layerIndexes: string }).layerIndexes).toMatch(/^\["[0-9a-f-]{36}"\]$/);
    await page.evaluate(() => window.nrdMap!.jumpTo({ center: [0.55, 51.75], zoom: 9 }));
    await waitForMap(page);
    const drawn = await page.evaluate(() =>
      window.nrdMap!.getStyle().layers.filter((l) => l.id.endsWith('-heat')).map((l) => window.nrdMap!.querySourceFeatures((l as { source: string }).source).length),
    );
    expect(drawn[0]).toBeGreaterThan(0);
    await screenshot(page, 'import-crime-layer');

    // Filters: leaving out anti-social behaviour changes the count shown.
    await page.getByText('Style and filters').click();
    expect(await seriousAccessibilityViolations(page), 'layer style and filters').toEqual([]);
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

const IO = `${FIXTURES}io/`;

/** Files that cannot be imported at all: each must say why, specifically, and change nothing. */
const UNREADABLE: { file: string; readAs?: RegExp; message: RegExp }[] = [
  { file: 'point-csv/empty.csv', message: /empty\.csv: the file is empty/ },
  { file: 'point-csv/header-only.csv', message: /header-only\.csv: the file has a header row but no rows under it/ },
  { file: 'point-csv/wrong-delimiter.csv', message: /wrong-delimiter\.csv: the header \(row 1\) has only one column.*separated by "\|"/ },
  { file: 'dft/missing-all-motor-vehicles.csv', readAs: /DfT road traffic counts/, message: /missing-all-motor-vehicles\.csv: .*all_motor_vehicles/ },
  { file: '../e2e/truncated.geojson', message: /truncated\.geojson: not valid JSON/ },
];

/** Files with some bad rows: the good rows are imported and the report names the bad ones. */
const PARTLY_BAD: { file: string; imported: string; reason: RegExp }[] = [
  { file: 'point-csv/outside-uk.csv', imported: '6 read, 2 imported, 4 not imported.', reason: /^outside the UK$/ },
  { file: 'point-csv/truncated-last-row.csv', imported: '6 read, 5 imported, 1 not imported.', reason: /fewer values than the header has columns/ },
  { file: 'point-csv/quoted-newlines.csv', imported: '4 read, 3 imported, 1 not imported.', reason: /missing coordinate/ },
  { file: 'dft/non-numeric-count.csv', imported: '5 read, 1 imported, 4 not imported.', reason: /not a count of vehicles/ },
];

describe('the import test corpus', () => {
  it('gives each unreadable file its own message and leaves the workspace exactly as it was', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const before = await storedWorkspace(page);
    for (const { file, readAs, message } of UNREADABLE) {
      await dropFiles(page, [`${IO}${file}`]);
      const plan = page.getByRole('dialog', { name: 'Import files' });
      await plan.waitFor();
      if (readAs) {
        const select = plan.getByRole('combobox', { name: 'Read as' });
        const label = (await select.locator('option').allTextContents()).find((text) => readAs.test(text))!;
        await select.selectOption({ label });
      }
      await plan.getByRole('button', { name: 'Import' }).click();
      const failed = page.getByRole('dialog', { name: 'The import did not work' });
      await failed.waitFor();
      expect(await failed.getByRole('alert').textContent(), file).toMatch(message);
      if (file.endsWith('wrong-delimiter.csv')) await screenshot(page, 'import-failed');
      await failed.getByRole('button', { name: 'Close' }).click();
      expect(await storedWorkspace(page), file).toEqual(before);
    }
    expect(problems).toEqual([]);
  });

  it('imports the good rows of a partly bad file and reports the bad ones by reason', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    for (const { file, imported, reason } of PARTLY_BAD) {
      await importDropped(page, [`${IO}${file}`]);
      const report = page.getByRole('dialog', { name: 'Import report' });
      expect(await report.getByText(imported).count(), file).toBe(1);
      const reasons = await report.locator('tbody tr td:first-child').allTextContents();
      expect(reasons.some((r) => reason.test(r)), `${file}: ${reasons.join(' | ')}`).toBe(true);
      await report.getByRole('button', { name: 'Done' }).click();
    }
  });

  it('keeps HTML in a text field as text, and reads Windows-1252 and BOM files', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await importDropped(page, [`${IO}point-csv/html-in-text.csv`, `${IO}point-csv/windows-1252.csv`, `${IO}point-csv/utf8-bom.csv`]);
    const report = page.getByRole('dialog', { name: 'Import report' });
    expect(await report.getByText(/^Imported 3 layers/).count()).toBe(1);
    await report.getByRole('button', { name: 'Done' }).click();
    // Nothing from the file ran: no dialog, no injected element, no error.
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.locator('img[onerror], [onload]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('asks which columns hold the coordinates when a file is ambiguous, and imports with the answer', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const before = await storedWorkspace(page);
    await dropFiles(page, [`${IO}point-csv/swapped-lat-lon.csv`]);
    await page.getByRole('dialog', { name: 'Import files' }).getByRole('button', { name: 'Import' }).click();
    const question = page.getByRole('dialog', { name: 'A question about the file' });
    await question.waitFor();
    await screenshot(page, 'import-question');
    await question.getByRole('button', { name: 'Cancel the import' }).click();
    expect(await storedWorkspace(page)).toEqual(before);

    await dropFiles(page, [`${IO}point-csv/bng-in-lonlat-columns.csv`]);
    await page.getByRole('dialog', { name: 'Import files' }).getByRole('button', { name: 'Import' }).click();
    await question.waitFor();
    await question.getByRole('radio', { name: /British National Grid/i }).first().check();
    await question.getByRole('button', { name: 'Continue' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor();
    expect(await report.getByText(/^Imported 1 layer: bng-in-lonlat-columns/).count()).toBe(1);
  });

  it('joins a population table to LSOA boundaries dropped with it, and imports DfT traffic counts', async () => {
    const { page, problems } = await openApp(browser());
    await startEmpty(page);
    await importDropped(page, [`${IO}population/ks102ew-liverpool-20-and-3-others.csv`, `${IO}population/liverpool-lsoa-2011-21.geojson`, `${IO}dft/dft-aadf-leeds-63-slice.csv`]);
    const report = page.getByRole('dialog', { name: 'Import report' });
    // 20 LSOAs match (3 table rows have no boundary, 1 boundary no row); 52 DfT rows (counted with Python's csv module).
    expect(await report.getByText(/^Imported 2 layers: ks102ew-liverpool-20-and-3-others \(20 features\); dft-aadf-leeds-63-slice \(52 features\)/).count()).toBe(1);
    await screenshot(page, 'import-population-traffic-report');
    await report.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/population · 20 features/).waitFor();
    await page.getByText(/traffic · 52 points/).waitFor();
    await page.evaluate(() => window.nrdMap!.jumpTo({ center: [-2.95, 53.41], zoom: 11 }));
    await waitForMap(page);
    const fills = await page.evaluate(() => window.nrdMap!.queryRenderedFeatures({ layers: window.nrdMap!.getStyle().layers.filter((l) => l.id.endsWith('-fill')).map((l) => l.id) }).length);
    expect(fills).toBeGreaterThan(0);
    await screenshot(page, 'import-population-layer');
    expect(problems).toEqual([]);
  });
});
