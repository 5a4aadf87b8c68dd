import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, dropFiles, openApp, screenshot, seriousAccessibilityViolations, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();
const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;
const REPO = new URL('../../', import.meta.url).pathname;

/** The first number in a text, without its thousands commas. */
const numberIn = (text: string | null) => Number(/[\d,]+(\.\d+)?/.exec(text ?? '')![0].replaceAll(',', ''));

describe('evidence figures', () => {
  it('shows every figure of a sample site with its records, follows a drag, and agrees with the command line', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await page.getByRole('row', { name: /BANES-E22/ }).click();
    const panel = page.getByRole('complementary', { name: /BANES-E22/ });
    const figures = panel.locator('.figures');
    const crimeFigure = figures.getByText(/crimes, [\d.]+% of/);
    await crimeFigure.waitFor({ timeout: 30_000 });
    const crimesNow = async () => numberIn(await crimeFigure.textContent());

    // The register as a whole, counted in a worker: crime covered per force area and the gaps.
    const summary = page.getByRole('region', { name: 'Coverage of the register' });
    const allAreas = summary.getByRole('listitem').filter({ hasText: 'All loaded areas' });
    await allAreas.waitFor({ timeout: 30_000 });
    const coveredByRegister = async () => numberIn(/NRDs in use cover ([\d,]+)/.exec((await allAreas.textContent())!)![1]!);
    const registerBefore = await coveredByRegister();
    expect(await summary.getByText(/^Gaps: \d+ hot spots no site covers/).count()).toBe(1);

    // The sample's sectors are small (80 m, 30°): widen this one to a 300 m circle, through the panel.
    const bearing = panel.getByRole('textbox', { name: 'Bearing' });
    const sector = await crimesNow();
    await bearing.fill('');
    await bearing.press('Enter');
    const range = panel.getByRole('textbox', { name: 'Range' });
    await range.fill('300');
    await range.press('Enter');
    await expect.poll(crimesNow).toBeGreaterThan(sector);
    const crimes = await crimesNow();
    // BANES-E22 is an NRD in use: the register covers more once its coverage is wider.
    await expect.poll(coveredByRegister).toBeGreaterThan(registerBefore);

    const residents = numberIn(await figures.getByText(/residents in the coverage/).textContent());
    expect(residents).toBeGreaterThan(0);
    expect(await figures.getByText(/evenly spread/).count()).toBe(1);
    expect(await figures.getByText(/Nearest NRD in use: BANES-/).count()).toBe(1);
    // Drill-down: the crimes by type and the LSOAs behind the residents add up to the figures.
    await figures.getByText('By crime type and month').click();
    const typeRows = await figures.getByRole('table', { name: 'Crimes in the coverage by type' }).locator('tbody tr').allInnerTexts();
    expect(typeRows.reduce((sum, row) => sum + numberIn(row.split('\t')[1]!), 0)).toBe(crimes);
    await figures.getByText('Each LSOA’s share').click();
    const lsoaRows = await figures.getByRole('table', { name: 'Residents in the coverage by LSOA' }).locator('tbody tr').allInnerTexts();
    expect(Math.abs(lsoaRows.reduce((sum, row) => sum + Number(row.split('\t')[3]!.replaceAll(',', '')), 0) - residents)).toBeLessThanOrEqual(1);
    await figures.getByText('The places, nearest first').waitFor();
    await figures.evaluate((element) => element.closest('.site-panel')!.scrollTo({ top: (element as HTMLElement).offsetTop - 40 }));
    await screenshot(page, 'figures-site-panel');
    expect(await seriousAccessibilityViolations(page), 'site figures').toEqual([]);

    // The figures follow the site as it turns; undo brings them back.
    await bearing.fill('90');
    await bearing.press('Enter');
    await expect.poll(crimesNow).toBeLessThan(crimes);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(crimesNow).toBe(crimes);

    // The command line, on the same files and the register exported from the app, gives the same figures.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'nrd-analyse-'));
    const sites = path.join(dir, 'register.csv');
    copyFileSync((await download.path())!, sites);
    const out = path.join(dir, 'figures.json');
    execFileSync(
      process.execPath,
      [
        '--import', 'tsx', 'scripts/analyse.ts',
        '--sites', sites,
        '--crime', `${SAMPLE}crime-2023-01-avon-and-somerset.csv`,
        '--lsoa', `${SAMPLE}lsoa-population-avon-and-somerset.geojson`,
        '--sensitive', `${SAMPLE}sensitive-places-banes.geojson`, `${SAMPLE}rail-stations-banes.geojson`,
        '--within', '250',
        '--out', out,
      ],
      { cwd: REPO, stdio: 'pipe' },
    );
    const cli = (JSON.parse(readFileSync(out, 'utf8')) as { site_id: string; figures: { coverage: { crimes: number }; residents: { residents: number }; sensitive: unknown[]; fit: { nearestExisting: { reference: string } | null; marginalCrimes: number } } }[]).find(
      (entry) => entry.site_id === 'BANES-E22',
    )!;
    expect(cli.figures.coverage.crimes).toBe(crimes);
    expect(Math.round(cli.figures.residents.residents)).toBe(residents);
    const nearest = /Nearest NRD in use: (BANES-\w+)/.exec((await figures.getByText(/Nearest NRD in use/).textContent())!)![1];
    expect(cli.figures.fit.nearestExisting?.reference).toBe(nearest);
    const marginal = numberIn(/; ([\d,]+) of its/.exec((await figures.getByText(/covered by no NRD in use/).textContent())!)![1]!);
    expect(cli.figures.fit.marginalCrimes).toBe(marginal);
    const placesText = await figures.getByText(/in the coverage, \d+ in all|None in the coverage/).textContent();
    expect(cli.figures.sensitive.length).toBe(/None in the coverage/.test(placesText!) ? 0 : Number(/(\d+) in all/.exec(placesText!)![1]));
    await waitForMap(page);
    expect(problems).toEqual([]);
  });

  it('counts the vehicles a day through a site from imported DfT counts, with the count points behind the figure', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    // No DfT count file covers Bath & North East Somerset: this test uses Leeds's, with a site placed there.
    await dropFiles(page, [`${FIXTURES}io/dft/dft-aadf-leeds-63-slice.csv`]);
    await page.getByRole('dialog', { name: 'Import files' }).getByRole('button', { name: 'Import' }).click();
    await page.getByRole('dialog', { name: 'Import report' }).getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Add proposed site' }).click();
    // Count point 46069 (A58(M), Leeds) stands at easting 429624, northing 434296.
    await page.getByRole('textbox', { name: 'Position' }).fill('429624, 434296');
    await page.getByRole('button', { name: 'Place site' }).click();
    const panel = page.getByRole('complementary', { name: /NEW-001/ });
    await panel.waitFor();
    const bearing = panel.getByRole('textbox', { name: 'Bearing' });
    await bearing.fill('');
    await bearing.press('Enter');
    const range = panel.getByRole('textbox', { name: 'Range' });
    await range.fill('400');
    await range.press('Enter');
    // 46069's latest year (2020) is 55,289 and 8540's (2019) 15,238, as the file gives them.
    const vehicles = panel.getByText(/motor vehicles a day pass through/);
    await expect.poll(() => vehicles.textContent()).toMatch(/^70,527 motor vehicles a day pass through, from 2 DfT count points/);
    await panel.getByText('Count points and vehicle classes').click();
    const rows = await panel.getByRole('table', { name: 'DfT count points in the coverage' }).locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t')[0]).sort()).toEqual(['46069', '8540']);
    await panel.locator('.figures').evaluate((element) => element.closest('.site-panel')!.scrollTo({ top: (element as HTMLElement).offsetTop - 40 }));
    await screenshot(page, 'figures-traffic');
    expect(problems).toEqual([]);
  });
});
