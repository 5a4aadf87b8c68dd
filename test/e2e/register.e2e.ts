import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { FIXTURES, dropFiles, openApp, storedTable, screenshot, seriousAccessibilityViolations, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

interface StoredSite {
  id: string;
  reference: string;
  lon: number;
  lat: number;
  bearingDegrees: number | null;
  rangeMetres: number;
  status: string;
  kind: string;
  name: string;
  road: string;
  revision: number;
  enteredAs: Record<string, unknown>;
  statusHistory: { from: string; to: string; by: string; reason: string; date: string }[];
}

/** The register as stored in IndexedDB, by reference: what a reload would find. */
async function storedSites(page: Page): Promise<Record<string, StoredSite>> {
  return Object.fromEntries((await storedTable<StoredSite>(page, 'sites')).map((site) => [site.reference, site]));
}

const panel = (page: Page) => page.getByRole('complementary');

/** Where a map position is on the page, in CSS pixels. */
async function pagePoint(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.map').boundingBox())!;
  const point = await page.evaluate(([lon, lat]) => window.nrdMap!.project([lon!, lat!]), [lon, lat]);
  return { x: box.x + point.x, y: box.y + point.y };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++) await page.mouse.move(from.x + ((to.x - from.x) * step) / 8, from.y + ((to.y - from.y) * step) / 8);
  await page.mouse.up();
}

async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('NRD register', () => {
  it('places a proposed site by grid reference and by a click, moves and aims it, undoes and redoes, and keeps it after a reload', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);

    // By OS grid reference: ST 75100 64500 is easting 375100, northing 164500, in Bath.
    await page.getByRole('button', { name: 'Add proposed site' }).click();
    const position = page.getByRole('textbox', { name: 'Position' });
    await position.fill('ST 751 645 9');
    await page.getByRole('button', { name: 'Place site' }).click();
    expect(await page.getByText(/grid reference/i).first().textContent()).toBeTruthy();
    await position.fill('ST 75100 64500');
    await page.getByRole('button', { name: 'Place site' }).click();
    await panel(page).getByRole('heading', { name: /NEW-001/ }).waitFor();
    expect(await panel(page).getByText('375100 E, 164500 N').count()).toBe(1);
    expect(await panel(page).getByText('OS grid reference ST 75100 64500').count()).toBe(1);
    await page.getByRole('heading', { name: 'NRD sites (14)' }).waitFor();
    await waitForMap(page);
    await screenshot(page, 'register-placed-by-grid-reference');

    // By a click on the map, at a known position.
    await page.evaluate(() => window.nrdMap!.jumpTo({ center: [-2.352, 51.386], zoom: 16 }));
    await waitForMap(page);
    await page.getByRole('button', { name: 'Add proposed site' }).click();
    const target = await pagePoint(page, -2.352, 51.386);
    await page.mouse.click(target.x, target.y);
    await panel(page).getByRole('heading', { name: /NEW-002/ }).waitFor();
    let site = (await storedSites(page))['NEW-002']!;
    expect(site).toMatchObject({ kind: 'proposed', status: 'proposed', bearingDegrees: 0, rangeMetres: 100 });
    // A click lands within a pixel of where it was aimed: a few metres at this zoom.
    expect(Math.abs(site.lon - -2.352)).toBeLessThan(0.0002);
    expect(Math.abs(site.lat - 51.386)).toBeLessThan(0.0002);

    // Move it by dragging its handle; the coverage sector goes with it.
    await page.evaluate(([lon, lat]) => window.nrdMap!.jumpTo({ center: [lon!, lat!], zoom: 17 }), [site.lon, site.lat]);
    await waitForMap(page);
    const handle = await centreOf(page, '.map-handle--move');
    await drag(page, handle, { x: handle.x + 80, y: handle.y + 40 });
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.lon).toBeGreaterThan(site.lon + 0.0003);
    const moved = (await storedSites(page))['NEW-002']!;
    expect(moved.lat).toBeLessThan(site.lat);
    expect(moved.enteredAs).toEqual({ crs: 'EPSG:4326', lon: moved.lon, lat: moved.lat });
    await waitForMap(page);
    const sectorApex = await page.evaluate(() => (window.nrdMap!.getStyle().sources['selected-site-sectors'] as { data: GeoJSON.FeatureCollection<GeoJSON.Polygon> }).data.features[0]!.geometry.coordinates[0]![0]);
    expect(sectorApex).toEqual([moved.lon, moved.lat]);

    // Aim it by dragging the other handle to due south of the site.
    const aim = await centreOf(page, '.map-handle--aim');
    const centre = await pagePoint(page, moved.lon, moved.lat);
    await drag(page, aim, { x: centre.x, y: centre.y + 120 });
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.bearingDegrees).toBe(180);
    await expect.poll(() => panel(page).getByRole('textbox', { name: 'Bearing' }).inputValue()).toBe('180');
    await waitForMap(page);
    await screenshot(page, 'register-moved-and-aimed');

    // The bearing field and the range field.
    const bearing = panel(page).getByRole('textbox', { name: 'Bearing' });
    await bearing.fill('45');
    await bearing.press('Enter');
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.bearingDegrees).toBe(45);
    const range = panel(page).getByRole('textbox', { name: 'Range' });
    await range.fill('-3');
    expect(await panel(page).getByText(/Not a valid range/).count()).toBe(1);
    await range.press('Escape');
    expect(await range.inputValue()).toBe('100');

    // Undo three steps (the field, the aim, the move) with the keyboard and a button; redo one.
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.bearingDegrees).toBe(180);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.bearingDegrees).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.lon).toBe(site.lon);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.lon).toBe(moved.lon);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(async () => (await storedSites(page))['NEW-002']!.bearingDegrees).toBe(180);
    expect(await page.getByRole('status').filter({ hasText: 'Redone: Turn NEW-002' }).count()).toBe(1);

    // Everything was saved as it happened: a reload finds it.
    site = (await storedSites(page))['NEW-002']!;
    await page.reload();
    await waitForSampleWorkspace(page);
    const reloaded = await storedSites(page);
    expect(reloaded['NEW-002']).toEqual(site);
    expect(reloaded['NEW-001']).toMatchObject({ enteredAs: { crs: 'OS-GRID-REF', gridReference: 'ST 75100 64500' } });
    await page.getByRole('row', { name: /NEW-002/ }).click();
    await panel(page).getByRole('heading', { name: /NEW-002/ }).waitFor();
    expect(await panel(page).getByRole('textbox', { name: 'Bearing' }).inputValue()).toBe('180');
    expect(await seriousAccessibilityViolations(page), 'site panel with edit fields').toEqual([]);
    expect(problems).toEqual([]);
  });

  it('starts the assessment of a proposed site, keeping the name, refusing a future date, and leaves approval to the decision record', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await page.getByRole('searchbox', { name: /Search the register/ }).fill('saltford');
    expect(await page.locator('.register__row').count()).toBe(1);
    await page.getByRole('row', { name: /BANES-P01/ }).click();
    const sitePanel = panel(page);
    await sitePanel.getByRole('heading', { name: /BANES-P01/ }).waitFor();

    await sitePanel.getByRole('button', { name: 'Start assessment…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Start assessment: BANES-P01/ });
    // The first time, the name is asked for; a change dated in the future is refused.
    const name = dialog.getByRole('textbox', { name: 'Your name' });
    expect(await name.inputValue()).toBe('');
    await name.fill('A. Analyst');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Proposed in the 2026 strategic assessment');
    await dialog.getByLabel('Date of the change').fill('2099-01-01');
    await dialog.getByRole('button', { name: 'Start assessment', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'in the future' }).waitFor();
    await dialog.getByLabel('Date of the change').fill('2026-11-02');
    await screenshot(page, 'register-lifecycle-dialog');
    expect(await seriousAccessibilityViolations(page), 'status change dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Start assessment', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const stored = (await storedSites(page))['BANES-P01']!;
    expect(stored).toMatchObject({ status: 'under-assessment', kind: 'proposed' });
    expect(stored.statusHistory.map((c) => `${c.from}>${c.to} ${c.by} ${c.date}`)).toEqual(['proposed>under-assessment A. Analyst 2026-11-02']);
    expect(await sitePanel.getByRole('list', { name: 'Status history of BANES-P01' }).getByRole('listitem').count()).toBe(1);
    // Approval or rejection is the decision on new infrastructure, recorded with its four steps.
    expect(await sitePanel.getByRole('button', { name: /^(Approve|Reject)…/ }).count()).toBe(0);
    expect(await sitePanel.getByText(/Approve or reject it by deciding on the new infrastructure/).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('imports an NRD list into the register, reports its bad rows, and undoes the import as one step', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await dropFiles(page, [`${FIXTURES}e2e/anpr-cameras-with-bad-rows.csv`]);
    const plan = page.getByRole('dialog', { name: 'Import files' });
    await plan.waitFor();
    expect(await plan.getByText('Into the NRD register').count()).toBe(1);
    await plan.getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getByText('6 read, 3 imported, 3 not imported.').count()).toBe(1);
    const rows = await report.locator('tbody tr').allInnerTexts();
    expect(rows.join('\n')).toMatch(/bearing[^\n]*\t1\trow 4, bearing "400"/i);
    expect(rows.join('\n')).toMatch(/\t1\trow 5, easting/i);
    expect(rows.join('\n')).toMatch(/already in the register[^\n]*\t1\trow 7, reference "BANES-E02"/);
    await screenshot(page, 'register-import-report');
    expect(await seriousAccessibilityViolations(page), 'register import report').toEqual([]);
    await report.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('heading', { name: 'NRD sites (16)' }).waitFor();
    const stored = await storedSites(page);
    expect(stored['AS-0101']).toMatchObject({ name: 'Wellsway south', bearingDegrees: 180, kind: 'existing', status: 'live', enteredAs: { crs: 'EPSG:27700', easting: 374480, northing: 163120 } });
    expect(stored['BANES-E02']!.name).toBe('Swainswick');

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { name: 'NRD sites (13)' }).waitFor();
    expect(Object.keys(await storedSites(page))).not.toContain('AS-0101');
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.getByRole('heading', { name: 'NRD sites (16)' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('exports the register as CSV and GeoJSON with British National Grid columns', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^nrd-register-sample-avon-and-somerset-bath-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').split('\r\n');
    // The register's own columns, then (once the layers are read) each site's evidence figures.
    expect(csv[0]).toMatch(/^reference,name,kind,status,latitude,longitude,easting,northing,os_grid_reference,bearing_degrees,range_metres,field_of_view_degrees,lanes,direction_of_travel,road,force_area,region,status_changed_on,status_changed_by,status_reason,illustrative,notes(,crimes_total,|$)/);
    expect(csv.filter((line) => line !== '')).toHaveLength(14);
    // BANES-E02 at 51.415647, -2.347527 is 375928.6 E, 168571.8 N (proj4 run by hand with the OSGB36 Helmert
    // parameters); a grid reference truncates, the easting and northing columns round.
    expect(csv[1]).toMatch(/^BANES-E02,Swainswick,existing,live,51\.415647,-2\.347527,375929,168572,ST 75928 68571,0,100,30,,Southbound,A46,/);

    const [geoJsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export GeoJSON' }).click()]);
    const geoJson = JSON.parse(readFileSync((await geoJsonDownload.path())!, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point>;
    expect(geoJson.features).toHaveLength(13);
    const e02 = geoJson.features.find((f) => f.properties!.reference === 'BANES-E02')!;
    expect(e02.geometry.coordinates).toEqual([-2.347527, 51.415647]);
    expect(typeof e02.properties!.easting).toBe('number');
  });

  it('shows one tab’s edits in another at once, and never loses an edit when both change the same site', async () => {
    const first = await openApp(browser());
    await waitForSampleWorkspace(first.page);
    const second = await openApp(browser(), { context: first.context });
    await waitForSampleWorkspace(second.page);

    const open = async (page: Page, reference: string) => {
      await page.getByRole('row', { name: new RegExp(reference) }).click();
      await panel(page).getByRole('heading', { name: new RegExp(reference) }).waitFor();
    };
    await open(first.page, 'BANES-E03');
    await open(second.page, 'BANES-E03');
    const nameIn = (page: Page) => panel(page).getByRole('textbox', { name: 'Name', exact: true });

    // A rename in the first tab appears in the second without a reload.
    await nameIn(first.page).fill('Box Road (A4)');
    await nameIn(first.page).press('Enter');
    await expect.poll(() => nameIn(second.page).inputValue()).toBe('Box Road (A4)');
    expect(await second.page.getByRole('row', { name: /BANES-E03/ }).textContent()).toContain('Box Road (A4)');

    // Both tabs rename it at once: the second to save is told, and chooses.
    await nameIn(second.page).fill('Box Road west');
    await nameIn(first.page).fill('Box Road east');
    await nameIn(first.page).press('Enter');
    await expect.poll(async () => (await storedSites(first.page))['BANES-E03']!.name).toBe('Box Road east');
    await nameIn(second.page).press('Enter');
    const conflict = second.page.getByRole('dialog', { name: 'BANES-E03 was changed in another tab' });
    await conflict.waitFor();
    expect(await conflict.getByRole('row', { name: /name/ }).textContent()).toContain('Box Road east');
    await screenshot(second.page, 'register-edit-conflict');
    expect(await seriousAccessibilityViolations(second.page), 'edit conflict dialog').toEqual([]);
    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await expect.poll(async () => (await storedSites(first.page))['BANES-E03']!.name).toBe('Box Road west');
    await expect.poll(() => nameIn(first.page).inputValue()).toBe('Box Road west');

    // Different fields at once: both edits are kept, no question asked.
    await nameIn(second.page).fill('Box Road');
    await panel(first.page).getByRole('textbox', { name: 'Road' }).fill('A4 Bath Road');
    await panel(first.page).getByRole('textbox', { name: 'Road' }).press('Enter');
    await expect.poll(async () => (await storedSites(first.page))['BANES-E03']!.road).toBe('A4 Bath Road');
    await nameIn(second.page).press('Enter');
    await expect.poll(async () => (await storedSites(first.page))['BANES-E03']!.name).toBe('Box Road');
    expect((await storedSites(first.page))['BANES-E03']!.road).toBe('A4 Bath Road');
    expect(await second.page.getByRole('dialog').count()).toBe(0);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });
});
