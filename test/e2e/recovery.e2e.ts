import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appUrl, changeStoredRecord, useBrowser, openApp, screenshot, seriousAccessibilityViolations, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

/** A page on the app's origin that does not start the app, to prepare IndexedDB as a newer or broken release would leave it. */
async function onOriginWithoutApp(page: Page): Promise<void> {
  await page.route(`${appUrl()}setup`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title>' }));
  await page.goto(`${appUrl()}setup`);
}

async function exportAndReset(page: Page, expectInExport: (json: { tables: Record<string, unknown[]> }) => void) {
  await page.getByRole('heading', { name: 'The workspace in this browser cannot be opened' }).waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export what can be read' }).click()]);
  expectInExport(JSON.parse(readFileSync((await download.path())!, 'utf8')));
  await page.getByRole('button', { name: 'Reset the database…' }).click();
  await page.getByRole('button', { name: 'Yes, delete the stored data and reset' }).click();
  await waitForSampleWorkspace(page);
}

describe('recovery screen', () => {
  it('opens instead of a blank page when another release left an incompatible table, exports it, then resets', async () => {
    const context = await browser().newContext({ viewport: { width: 1200, height: 800 }, acceptDownloads: true });
    const setup = await context.newPage();
    await onOriginWithoutApp(setup);
    // A release that keyed sites differently: Dexie cannot change a table's primary key, so the open fails.
    await setup.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('nrd-planner', 990);
          request.onupgradeneeded = () => request.result.createObjectStore('sites', { keyPath: 'siteKey' }).add({ siteKey: 'S1', note: 'kept by another release' });
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
    );
    await setup.close();

    const { page } = await openApp(browser(), { context });
    await page.getByRole('heading', { name: 'The workspace in this browser cannot be opened' }).waitFor({ timeout: 60_000 });
    // Dexie adapts what it can; the sites table it cannot re-key, and the first write to it fails.
    expect(await page.getByText(/key path/).count()).toBe(1);
    await screenshot(page, 'recovery-screen');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await exportAndReset(page, (json) => expect(json.tables.sites).toEqual([{ siteKey: 'S1', note: 'kept by another release' }]));
    await context.close();
  });

  it('opens when the data was saved by a newer release of the app', async () => {
    const { page, context } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await changeStoredRecord(page, 'settings', 'schemaVersion', { value: 99 });
    await page.reload();
    await page.getByRole('heading', { name: 'The workspace in this browser cannot be opened' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/saved by a newer version of NRD Planner \(schema 99\)/).count()).toBe(1);
    await exportAndReset(page, (json) => expect(json.tables.sites).toHaveLength(13));
    await context.close();
  });

  it('opens when a stored record no longer matches its schema, naming the record', async () => {
    const { page, context } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await changeStoredRecord(page, 'sites', null, { lat: 'north of Bath' });
    await page.reload();
    await page.getByRole('heading', { name: 'The workspace in this browser cannot be opened' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/Stored sites record .* cannot be read/).count()).toBe(1);
    await exportAndReset(page, (json) => expect((json.tables.sites as { lat: unknown }[]).some((site) => site.lat === 'north of Bath')).toBe(true));
    await context.close();
  });
});
