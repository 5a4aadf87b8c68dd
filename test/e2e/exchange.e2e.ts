import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, openApp, screenshot, seriousAccessibilityViolations, storedTable, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

interface StoredSite {
  id: string;
  reference: string;
  name: string;
  road: string;
  lon: number;
  lat: number;
  notes: string;
}

/** Clicks a button that saves a file and returns the file's path and suggested name. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ path: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { path: (await download.path())!, name: download.suggestedFilename() };
}

/** The register's coverage as the sidebar states it: the analysis result a round trip must keep. */
const coverageText = (page: Page) => page.getByRole('region', { name: 'Coverage of the register' }).locator('.register-summary').innerText();

describe('evidence and exchange', () => {
  it('exports a public version with no exact location or removed field in it', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await expect.poll(() => coverageText(page), { timeout: 60_000 }).toMatch(/NRDs in use cover/);
    await page.getByRole('button', { name: 'Public export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Public export for consultation' });
    await dialog.getByLabel('Locations shown as').selectOption('1000');
    await screenshot(page, 'public-export-dialog');
    expect(await seriousAccessibilityViolations(page), 'public export dialog').toEqual([]);
    const csv = readFileSync((await downloaded(page, () => dialog.getByRole('button', { name: 'Save CSV' }).click())).path, 'utf8');
    const geojson = readFileSync((await downloaded(page, () => dialog.getByRole('button', { name: 'Save GeoJSON' }).click())).path, 'utf8');
    await dialog.getByLabel('Locations shown as').selectOption('lsoa');
    const byLsoa = readFileSync((await downloaded(page, () => dialog.getByRole('button', { name: 'Save CSV' }).click())).path, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^label,kind,status,force_area,region,area,/);
    expect(csv).toMatch(/1 km square ST \d\d \d\d/);
    expect(byLsoa).toMatch(/E0\d{7}/);
    const sites = await storedTable<StoredSite>(page, 'sites');
    // The GeoJSON holds only the areas' polygons: no corner is within 50 m of a site.
    const corners = (JSON.parse(geojson) as GeoJSON.FeatureCollection<GeoJSON.Polygon>).features.flatMap((feature) => feature.geometry.coordinates.flat());
    for (const site of sites) {
      const nearest = Math.min(...corners.map(([lon, lat]) => Math.hypot((lon! - site.lon) * 69_500, (lat! - site.lat) * 111_200)));
      expect(nearest, site.reference).toBeGreaterThan(50);
    }
    for (const output of [csv, geojson, byLsoa]) {
      for (const site of sites) {
        // No coordinate in the CSVs at all; and no reference, name, road or note anywhere.
        if (output !== geojson) {
          for (const places of [3, 4, 5, 6]) {
            expect(output).not.toContain(site.lon.toFixed(places));
            expect(output).not.toContain(site.lat.toFixed(places));
          }
        }
        for (const text of [site.reference, site.notes.slice(0, 40), site.road].filter((value) => value.length > 3)) expect(output).not.toContain(text);
        if (site.name.length > 4) expect(output).not.toContain(site.name);
      }
      for (const removed of ['reference', 'latitude', 'longitude', 'bearing_degrees', 'notes', 'status_changed_by']) expect(output).not.toMatch(new RegExp(`["\\r\\n,]${removed}["\\r\\n,:]`));
    }
    expect(problems).toEqual([]);
  });

  it('saves the workspace as a bundle that opens in a fresh browser profile with the same records and figures, and refuses a cut-short one', async () => {
    const a = await openApp(browser());
    await waitForSampleWorkspace(a.page);
    // A change and a record to carry: a site renamed, and a strategic assessment.
    await a.page.getByRole('row', { name: /BANES-E03/ }).click();
    const name = a.page.getByRole('complementary').getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('Box Road (renamed)');
    await name.press('Enter');
    await a.page.getByRole('button', { name: 'New strategic assessment…' }).click();
    const assessment = a.page.getByRole('dialog', { name: /^Strategic assessment/ });
    await assessment.getByLabel('Local Crime', { exact: true }).fill('Vehicle crime on the A4 corridor.');
    await assessment.getByLabel('Your name').fill('A. Analyst');
    await assessment.getByRole('button', { name: 'Save version 1' }).click();
    await assessment.getByText(/^Version 1, saved by A\. Analyst/).waitFor();
    await assessment.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => coverageText(a.page), { timeout: 60_000 }).toMatch(/NRDs in use cover/);
    const figuresBefore = await coverageText(a.page);
    const bundle = await downloaded(a.page, () => a.page.getByRole('button', { name: 'Save bundle' }).click());
    expect(bundle.name).toMatch(/^sample-avon-and-somerset-bath-\d{4}-\d{2}-\d{2}\.nrdplanner\.zip$/);
    const bundlePath = `${SCREENSHOTS}${bundle.name}`;
    writeFileSync(bundlePath, readFileSync(bundle.path));

    // Another profile: its own IndexedDB, opened on its own sample workspace.
    const b = await openApp(browser());
    await waitForSampleWorkspace(b.page);
    const sitesBefore = await storedTable<StoredSite>(b.page, 'sites');
    // A bundle cut short is refused with a clear message, and nothing changes.
    const cut = `${SCREENSHOTS}cut-short.nrdplanner.zip`;
    const bytes = readFileSync(bundlePath);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await b.page.locator('input[type=file][accept=".zip,application/zip"]').setInputFiles(cut);
    const refused = b.page.getByRole('dialog', { name: 'cut-short.nrdplanner.zip was not opened' });
    await refused.getByRole('alert').filter({ hasText: /ends early|not a whole NRD Planner bundle|damaged/ }).waitFor();
    await screenshot(b.page, 'bundle-refused');
    await refused.getByRole('button', { name: 'Close' }).click();
    expect(await storedTable<StoredSite>(b.page, 'sites')).toEqual(sitesBefore);

    await b.page.locator('input[type=file][accept=".zip,application/zip"]').setInputFiles(bundlePath);
    const open = b.page.getByRole('dialog', { name: `Open ${bundle.name}` });
    await open.getByText(/Opening it replaces “Sample: Avon and Somerset \(Bath\)”/).waitFor();
    await screenshot(b.page, 'bundle-open');
    await open.getByRole('button', { name: 'Replace and open' }).click();
    const done = b.page.getByRole('dialog', { name: `Imported ${bundle.name}` });
    await done.getByText(/Sites: 13 added/).waitFor();
    await done.getByRole('button', { name: 'Close' }).click();
    await b.page.getByRole('row', { name: /Box Road \(renamed\)/ }).waitFor();
    expect(await b.page.getByRole('region', { name: 'Procedure records' }).getByRole('button', { name: /^Avon and Somerset/ }).count()).toBe(1);
    await expect.poll(() => coverageText(b.page), { timeout: 60_000 }).toBe(figuresBefore);
    const recordsA = await storedTable<Record<string, unknown>>(a.page, 'records');
    expect(await storedTable<Record<string, unknown>>(b.page, 'records')).toEqual(recordsA);
    await b.page.getByRole('button', { name: 'Verify history' }).click();
    await b.page.getByText(/^All 1 versions of 1 records verified/).waitFor();

    // The same bundle again after a local edit: a merge, with a choice for the site both changed.
    await b.page.getByRole('row', { name: /BANES-E03/ }).click();
    const nameB = b.page.getByRole('complementary').getByRole('textbox', { name: 'Name', exact: true });
    await nameB.fill('Box Road (edited in B)');
    await nameB.press('Enter');
    await b.page.getByRole('row', { name: /Box Road \(edited in B\)/ }).waitFor();
    await b.page.locator('input[type=file][accept=".zip,application/zip"]').setInputFiles(bundlePath);
    const merge = b.page.getByRole('dialog', { name: `Open ${bundle.name}` });
    await merge.getByText(/1 item differs: choose for each/).waitFor();
    await merge.getByRole('radio', { name: 'Use the bundle’s' }).check();
    await screenshot(b.page, 'bundle-merge');
    expect(await seriousAccessibilityViolations(b.page), 'bundle merge dialog').toEqual([]);
    await merge.getByRole('button', { name: 'Import' }).click();
    await b.page.getByRole('dialog', { name: `Imported ${bundle.name}` }).getByText(/Sites: 1 replaced/).waitFor();
    await b.page.getByRole('dialog', { name: `Imported ${bundle.name}` }).getByRole('button', { name: 'Close' }).click();
    await b.page.getByRole('row', { name: /Box Road \(renamed\)/ }).waitFor();
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('saves the register with its figures, the map as a PNG, and shows the stakeholder view', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await expect.poll(() => coverageText(page), { timeout: 60_000 }).toMatch(/NRDs in use cover/);
    const csv = readFileSync((await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click())).path, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/,notes,crimes_total,crimes_share_of_layer,.*residents,/);
    const geojson = JSON.parse(readFileSync((await downloaded(page, () => page.getByRole('button', { name: 'Export GeoJSON' }).click())).path, 'utf8')) as GeoJSON.FeatureCollection;
    expect(typeof geojson.features[0]!.properties!.crimes_total).toBe('number');

    const image = await downloaded(page, () => page.getByRole('button', { name: 'Save map as PNG' }).click());
    const png = readFileSync(image.path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(`${SCREENSHOTS}map-export.png`, png);

    await page.getByRole('button', { name: 'Stakeholder view' }).click();
    const figures = page.getByRole('region', { name: 'Key figures' });
    await figures.getByText('NRDs in use', { exact: true }).waitFor();
    await expect.poll(() => page.locator('.map canvas').evaluate((canvas) => canvas.getBoundingClientRect().width)).toBeGreaterThan(1300);
    await waitForMap(page);
    await screenshot(page, 'stakeholder-view');
    expect(await seriousAccessibilityViolations(page), 'stakeholder view').toEqual([]);
    await page.keyboard.press('Escape');
    await figures.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
