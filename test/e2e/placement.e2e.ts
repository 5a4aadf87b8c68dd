import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { countPixels, mapRegion, openApp, screenshot, seriousAccessibilityViolations, storedTable, useBrowser, waitForMap, waitForSampleWorkspace } from './browser.ts';
import { placementPlan, type PlacementRequest } from '../../src/analysis/placement-plan.ts';
import { prepareAnalysisInputs } from '../../src/analysis/site-figures.ts';
import { layerRecord } from '../../src/app/layer-record.ts';
import { TRADE_OFF_LAMBDAS } from '../../src/app/use-placement-planner.ts';
import { LayerKind } from '../../src/domain/layer.ts';
import { SiteDraft } from '../../src/domain/site.ts';
import { coverageArea } from '../../src/geo/coverage-area.ts';
import { FORMAT_DRIVERS } from '../../src/io/format-registry.ts';
import { runImport } from '../../src/io/run-import.ts';
import { isOperationalNrd } from '../../src/procedure/lifecycle.ts';

const browser = useBrowser();
const SAMPLE = new URL('../../data/sample/', import.meta.url);

interface StoredSite {
  reference: string;
  name: string;
  kind: string;
  status: string;
  lon: number;
  lat: number;
  enteredAs: { crs: string; easting?: number; northing?: number };
  bearingDegrees: number | null;
  fieldOfViewDegrees: number;
  rangeMetres: number;
  notes: string;
}

const planner = (page: Page) => page.getByRole('region', { name: 'Plan new placements' });

/** The same run worked out in Node from data/sample, with the app's own import and analysis: what the worker must show. */
async function planInNode(request: Omit<PlacementRequest, 'existing' | 'area'>) {
  const read = (file: string) => new Uint8Array(readFileSync(new URL(file, SAMPLE)));
  const manifest = z
    .object({ layers: z.array(z.object({ name: z.string(), kind: LayerKind, file: z.string(), format: z.string() })) })
    .parse(JSON.parse(new TextDecoder().decode(read('workspace.json'))));
  const files = manifest.layers.map((layer) => ({ name: layer.file, bytes: read(layer.file) }));
  const jobs = manifest.layers.map((layer, i) => ({ layerName: layer.name, driverId: layer.format, kind: layer.kind, fileIndexes: [i], companionIndexes: [] }));
  const imported = await runImport(jobs, files, FORMAT_DRIVERS, { choices: {}, onProgress: () => {} });
  const layers = imported.layers.map((layer) => ({ layer: layerRecord(layer, 'node', '2026-11-26T00:00:00.000Z'), data: layer.data }));
  const inputs = prepareAnalysisInputs(layers.filter(({ layer }) => layer.kind !== 'boundary' && layer.kind !== 'other'), {});
  const sites = z.array(SiteDraft).parse(JSON.parse(new TextDecoder().decode(read('sites.json'))));
  const boundary = layers.find(({ layer }) => layer.kind === 'boundary')!.data;
  if (boundary.kind !== 'features' || boundary.features.features[0]?.geometry.type !== 'Polygon') throw new Error('the sample boundary is not one polygon');
  return placementPlan(
    { ...request, area: { label: 'Bath and North East Somerset', geometry: boundary.features.features[0].geometry }, existing: sites.filter(isOperationalNrd).map(coverageArea) },
    inputs,
    layers.map(({ layer, data }) => ({ id: layer.id, name: layer.name, data })),
    { current: null },
    () => {},
  );
}

async function setNumber(page: Page, label: RegExp, value: number) {
  const field = planner(page).getByRole('spinbutton', { name: label });
  await field.fill(String(value));
}

describe('placement optimiser on the sample workspace', () => {
  it('suggests sites inside the Bath and North East Somerset boundary, checks them against the exact optimum and adds one to the register', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await page.getByRole('button', { name: 'Plan placements' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Plan new placements');

    // Nothing to run before an area is chosen.
    await expect.poll(() => planner(page).getByRole('button', { name: 'Suggest sites' }).isDisabled()).toBe(true);
    await planner(page).getByRole('combobox', { name: 'Area' }).selectOption({ label: 'Bath and North East Somerset (Bath and North East Somerset boundary)' });

    // Too fine a grid for a district is refused with what to do, and nothing is suggested.
    await setNumber(page, /Grid spacing/, 20);
    await planner(page).getByRole('button', { name: 'Suggest sites' }).click();
    await expect.poll(() => planner(page).getByRole('alert').first().textContent(), { timeout: 30_000 }).toMatch(/more than 20,000 grid points at 20 m\. Choose a smaller area, a wider spacing/);

    // A long run (some 15,000 candidates, each with a 5 km circle of LSOAs to clip) can be cancelled while it runs.
    await setNumber(page, /Grid spacing/, 150);
    await setNumber(page, /Planned range/, 5000);
    await planner(page).getByRole('button', { name: 'Suggest sites' }).click();
    await planner(page).getByRole('button', { name: 'Cancel' }).dispatchEvent('click');
    await planner(page).getByText('Cancelled: nothing was suggested.').waitFor();
    expect(await planner(page).getByRole('table').count()).toBe(0);

    // A run the exact solver can check: a 1 km grid (some 350 candidates), 500 m range, 5 sites.
    await setNumber(page, /Grid spacing/, 1000);
    await setNumber(page, /Planned range/, 500);
    await setNumber(page, /Sites to choose/, 5);
    await setNumber(page, /Privacy weight/, 0.5);
    await setNumber(page, /Minimum spacing/, 1000);
    await planner(page).getByRole('button', { name: 'Suggest sites' }).click();
    const table = planner(page).getByRole('table', { name: 'Suggested sites, best first' });
    await table.waitFor({ timeout: 90_000 });

    const expected = await planInNode({
      source: { kind: 'grid', spacingMetres: 1000 },
      planning: { rangeMetres: 500, crimeTypeWeights: {}, exclusionMetres: 50, exclusionKinds: ['sensitive'] },
      k: 5,
      lambda: 0.5,
      minSpacingMetres: 1000,
      lambdas: TRADE_OFF_LAMBDAS,
    });
    expect(expected.greedy.chosen).toHaveLength(5);
    const rows = await table.getByRole('row').allTextContents();
    expect(rows).toHaveLength(1 + 5);
    const labels = new Map(expected.candidates.map((c) => [c.id, c]));
    expected.greedy.chosen.forEach((choice, i) => {
      const candidate = labels.get(choice.id)!;
      expect(rows[i + 1]).toContain(candidate.label);
      expect(rows[i + 1]).toContain(new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(choice.marginalGain));
    });
    const text = await planner(page).textContent();
    expect(text).toContain(`${new Intl.NumberFormat('en-GB').format(expected.candidates.length)} candidates in Bath and North East Somerset`);
    if (expected.exact.kind !== 'solved') throw new Error(`Node did not solve it exactly: ${expected.exact.reason}`);
    // The worker loaded HiGHS's WebAssembly under the Content-Security-Policy and proved the same optimum.
    expect(text).toMatch(/Exact optimum \(HiGHS\): objective [\d,.]+ against the greedy's [\d,.]+/);
    expect(text).toContain(`objective ${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(expected.exact.placement.objective)}`);
    // The trade-off chart is drawn.
    await expect.poll(() => planner(page).getByRole('img', { name: /Trade-off chart: at lambda 0 the sites cover/ }).count()).toBe(1);
    expect(await planner(page).locator('.plot-chart svg path').count()).toBeGreaterThan(0);
    await planner(page).locator('.plot-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'placement-trade-off');
    await planner(page).getByRole('heading', { name: 'Suggestions' }).scrollIntoViewIfNeeded();

    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Suggestions');
    await screenshot(page, 'placement-results');

    // The suggestions on the map: green coverage circles.
    await waitForMap(page);
    const before = await screenshot(page, 'placement-suggestions');
    const green = countPixels(before, await mapRegion(page), (r, g, b) => g > r + 30 && g > b + 20 && r < 140);
    expect(green).toBeGreaterThan(200);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The first suggestion goes into the register as a proposed site.
    const first = labels.get(expected.greedy.chosen[0]!.id)!;
    await table.getByRole('button', { name: `Add suggestion 1, ${first.label}, to the register as proposed` }).click();
    const reference = (await table.getByRole('button', { name: /^NEW-\d{3}$/ }).textContent())!;
    await expect.poll(async () => (await storedTable<StoredSite>(page, 'sites')).some((site) => site.reference === reference)).toBe(true);
    const site = (await storedTable<StoredSite>(page, 'sites')).find((s) => s.reference === reference)!;
    expect(site).toMatchObject({ kind: 'proposed', status: 'proposed', bearingDegrees: null, fieldOfViewDegrees: 360, rangeMetres: 500, name: first.label });
    expect(site.enteredAs).toEqual({ crs: 'EPSG:27700', easting: first.easting, northing: first.northing });
    expect(site.notes).toMatch(/^Suggested by the placement optimiser on \d{4}-\d{2}-\d{2} \(greedy, rank 1 of 5; k 5, lambda 0.5, 500 m range, in Bath and North East Somerset/);
    // The reference opens the new site's panel; undo takes the addition back and redo brings it again.
    await table.getByRole('button', { name: reference }).click();
    await page.getByRole('complementary', { name: new RegExp(reference) }).waitFor();
    const stored = async () => (await storedTable<StoredSite>(page, 'sites')).some((s) => s.reference === reference);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(stored).toBe(false);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(stored).toBe(true);
    await planner(page).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('row', { name: new RegExp(reference) }).waitFor();
    await screenshot(page, 'placement-added');
    expect(problems).toEqual([]);
  }, 240_000);

  it('takes a drawn area and a boundary picked on the map', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await page.getByRole('button', { name: 'Plan placements' }).click();
    const box = (await page.locator('.map').boundingBox())!;
    // Pick: the smallest shape under the click in the middle of Bath is an LSOA.
    await planner(page).getByRole('button', { name: 'Pick on the map' }).click();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => planner(page).getByRole('combobox', { name: 'Area' }).inputValue()).toBe('other');
    expect(await planner(page).getByRole('combobox', { name: 'Area' }).locator('option:checked').textContent()).toMatch(/\(Population by LSOA \(mid-2018\)\)$/);
    // Draw: three corners, one taken back, two more, then finish.
    await planner(page).getByRole('button', { name: 'Draw on the map' }).click();
    const corner = (dx: number, dy: number) => page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
    await corner(-150, -100);
    await corner(150, -100);
    await corner(0, 120);
    await planner(page).getByRole('button', { name: 'Undo corner' }).click();
    await planner(page).getByText(/2 so far, at least 3 needed/).waitFor();
    await corner(150, 100);
    await corner(-150, 100);
    await planner(page).getByRole('button', { name: 'Finish area' }).click();
    // Esc stops a drawing started by mistake, and the area drawn stays.
    await planner(page).getByRole('button', { name: 'Draw on the map' }).click();
    await corner(0, 0);
    await page.keyboard.press('Escape');
    await expect.poll(() => planner(page).getByRole('button', { name: 'Draw on the map' }).getAttribute('aria-pressed')).toBe('false');
    expect(await planner(page).getByRole('combobox', { name: 'Area' }).locator('option:checked').textContent()).toBe('the area drawn on the map');
    // Candidates along the basemap's main roads (OS A, B and primary roads), one every 100 m.
    await planner(page).getByRole('combobox', { name: 'Candidates from' }).selectOption({ label: 'Along the basemap’s main roads (OS, Bath & NE Somerset)' });
    await setNumber(page, /A candidate every/, 100);
    await setNumber(page, /Sites to choose/, 3);
    await planner(page).getByRole('button', { name: 'Suggest sites' }).click();
    await planner(page).getByText(/candidates in the area drawn on the map/).waitFor({ timeout: 90_000 });
    const labels = await planner(page).getByRole('table', { name: 'Suggested sites, best first' }).getByRole('row').allTextContents();
    expect(labels.slice(1).every((row) => / \d+(\.\d)? k?m along/.test(row))).toBe(true);
    await waitForMap(page);
    await screenshot(page, 'placement-drawn-area');
    expect(problems).toEqual([]);
  }, 180_000);
});
