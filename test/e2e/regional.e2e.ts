import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import { FIXTURES, countPixels, openApp, screenshot, seriousAccessibilityViolations, storedWorkspace, useBrowser, waitForSampleWorkspace } from './browser.ts';
import { regionalFit, regionalForceName, type RegionalFigures, type RegionalFit } from '../../src/analysis/regional-fit.ts';
import { layerRecord } from '../../src/app/layer-record.ts';
import { LayerKind, LayerStyle, SourceCrs } from '../../src/domain/layer.ts';
import { SiteDraft, type Site } from '../../src/domain/site.ts';
import { FORMAT_DRIVERS } from '../../src/io/format-registry.ts';
import { runImport } from '../../src/io/run-import.ts';
import { readBundle, writeBundle, type WorkspaceBundle } from '../../src/io/workspace-bundle.ts';
import { FORCE_PALETTE } from '../../src/map/regional-style.ts';

const browser = useBrowser();

const CREATED = '2026-11-20T09:00:00.000Z';
const EXPORTED = '2026-11-30T12:00:00.000Z';
const SAMPLE = new URL('../../data/sample/', import.meta.url);

/** Reads files with the app's own drivers, as an import does, into layers of `workspaceId`. */
async function importLayers(workspaceId: string, entries: { name: string; kind: z.infer<typeof LayerKind>; driverId: string; bytes: Uint8Array; style?: z.infer<typeof LayerStyle> }[]) {
  const files = entries.map((entry) => ({ name: entry.name, bytes: entry.bytes }));
  const jobs = entries.map((entry, i) => ({ layerName: entry.name, driverId: entry.driverId, kind: entry.kind, fileIndexes: [i], companionIndexes: [] }));
  const result = await runImport(jobs, files, FORMAT_DRIVERS, { choices: {}, onProgress: () => {} });
  return result.layers.map((imported, i) => ({ layer: layerRecord(imported, workspaceId, CREATED, entries[i]!.style), data: imported.data }));
}

const SampleManifest = z.object({
  name: z.string(),
  forceArea: z.string(),
  description: z.string(),
  layers: z.array(z.object({ name: z.string(), kind: LayerKind, file: z.string(), format: z.enum(['police-uk-csv', 'geojson']), sourceCrs: SourceCrs, style: LayerStyle })),
});

/** Force 1: the bundled sample workspace (Avon and Somerset, Bath), every layer read from data/sample. */
async function sampleBundle(): Promise<WorkspaceBundle> {
  const read = (file: string) => new Uint8Array(readFileSync(new URL(file, SAMPLE)));
  const manifest = SampleManifest.parse(JSON.parse(new TextDecoder().decode(read('workspace.json'))));
  const workspaceId = 'regional-test-avon-and-somerset';
  const layers = await importLayers(
    workspaceId,
    manifest.layers.map((layer) => ({ name: layer.name, kind: layer.kind, driverId: layer.format, bytes: read(layer.file), style: layer.style })),
  );
  const drafts = z.array(SiteDraft).parse(JSON.parse(new TextDecoder().decode(read('sites.json'))));
  const sites: Site[] = drafts.map((draft, i) => ({ ...draft, id: `avon-site-${i}`, workspaceId, statusHistory: [], revision: 0, createdAt: CREATED, updatedAt: CREATED }));
  return {
    workspace: { id: workspaceId, name: manifest.name, forceArea: manifest.forceArea, description: manifest.description, isSample: true, createdAt: CREATED },
    sites,
    layers,
    records: [],
    attachments: [],
    exportedAt: EXPORTED,
  };
}

const ESSEX_NOTE = (road: string) =>
  `Illustrative, for a browser test: placed at data.police.uk's anonymised map point for crimes “On or near ${road}” in Basildon, January 2018; not a police NRD. No public register of police NRD locations exists.`;

/**
 * Force 2: Essex Police's real street crime (the first 1,500 rows of January 2018, all in Basildon),
 * with four illustrative NRD sites, each at the police.uk map point of a crime recorded "On or near"
 * that road in the same file, so each is on the road it names.
 */
async function essexBundle(): Promise<WorkspaceBundle> {
  const workspaceId = 'regional-test-essex';
  const layers = await importLayers(workspaceId, [
    { name: 'Street crime, January 2018 (Basildon)', kind: 'crime', driverId: 'police-uk-csv', bytes: new Uint8Array(readFileSync(`${FIXTURES}e2e/2018-01-essex-street-1500.csv`)) },
  ]);
  const site = (id: string, reference: string, name: string, road: string, lon: number, lat: number, extra: Partial<Site>): Site => ({
    id,
    workspaceId,
    reference,
    name,
    kind: 'existing',
    lon,
    lat,
    enteredAs: { crs: 'EPSG:4326', lon, lat },
    bearingDegrees: null,
    rangeMetres: 150,
    fieldOfViewDegrees: 360,
    lanes: null,
    directionOfTravel: 'Both directions',
    road,
    status: 'live',
    forceArea: 'Essex',
    region: 'East of England',
    notes: ESSEX_NOTE(name),
    illustrative: true,
    statusHistory: [],
    revision: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...extra,
  });
  const sites = [
    site('essex-e01', 'ESX-E01', 'Southend Arterial Road', 'A127 Southend Arterial Road', 0.539912, 51.589618, { bearingDegrees: 90, fieldOfViewDegrees: 40, directionOfTravel: 'Eastbound' }),
    site('essex-e02', 'ESX-E02', 'A176', 'A176', 0.420247, 51.618003, { bearingDegrees: 0, fieldOfViewDegrees: 40, directionOfTravel: 'Northbound' }),
    site('essex-e03', 'ESX-E03', 'A130', 'A130', 0.560035, 51.591357, {}),
    site('essex-p01', 'ESX-P01', 'A132', 'A132', 0.524857, 51.613883, { kind: 'proposed', status: 'proposed', bearingDegrees: 180, rangeMetres: 200, fieldOfViewDegrees: 40, directionOfTravel: 'Southbound' }),
  ];
  return {
    workspace: { id: workspaceId, name: 'Essex (Basildon), illustrative NRDs', forceArea: 'Essex', description: 'Real police.uk crime; illustrative NRD sites.', isSample: false, createdAt: CREATED },
    sites,
    layers,
    records: [],
    attachments: [],
    exportedAt: EXPORTED,
  };
}

interface Prepared {
  avon: Uint8Array;
  essex: Uint8Array;
  /** What readBundle says of the Essex bundle cut in half. */
  truncatedMessage: string;
  /** The figures worked out in Node from the bundles as read back, Avon and Somerset first. */
  expected: RegionalFit;
}

async function prepare(): Promise<Prepared> {
  const avon = await writeBundle(await sampleBundle());
  const essex = await writeBundle(await essexBundle());
  const forces = [];
  for (const bytes of [avon, essex]) {
    const read = await readBundle(bytes);
    if (!read.ok) throw new Error(read.message);
    forces.push({ name: regionalForceName(read.bundle.workspace), sites: read.bundle.sites, layers: read.bundle.layers });
  }
  const truncated = await readBundle(essex.slice(0, Math.floor(essex.byteLength / 2)));
  if (truncated.ok) throw new Error('A bundle cut in half was read.');
  return { avon, essex, truncatedMessage: truncated.message, expected: regionalFit(forces) };
}

const whole = new Intl.NumberFormat('en-GB');
const zipFile = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });

/** A table row's cells after its header, as text. */
async function rowCells(table: Locator, name: string): Promise<string[]> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: false }) });
  return (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
}

/** The cells a row of the fit table should hold, in column order, from figures worked out in Node. */
function expectedCells(figures: RegionalFigures): RegExp[] {
  const count = (n: number) => new RegExp(`^${whole.format(n)}$`);
  const covered = (n: number) => new RegExp(`^${whole.format(n)} \\(`);
  return [
    count(figures.nrdsInUse),
    count(figures.proposed),
    count(figures.crimes),
    covered(figures.coveredByOwnNrds),
    covered(figures.coveredByAnyNrds),
    count(figures.hotSpots),
    count(figures.gapCount),
    count(figures.gapsWithOwnSitesAlone),
  ];
}

async function waitForRegionalMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.nrdRegionalMap;
      return !!map && map.loaded() && map.isStyleLoaded() && map.areTilesLoaded() && !map.isMoving();
    },
    null,
    { timeout: 60_000, polling: 250 },
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('the regional view', () => {
  let prepared: Prepared;
  beforeAll(async () => {
    prepared = await prepare();
  }, 120_000);

  it('shows two forces’ bundles side by side, coloured by force, with the fit figures and gaps across them', async () => {
    const { expected } = prepared;
    // The two forces are far apart: neither's cameras cover the other's crimes, so "any force" is "own".
    expect(expected.forces.map((force) => force.name)).toEqual(['Avon and Somerset', 'Essex']);
    expect(expected.forces[1]).toMatchObject({ nrdsInUse: 3, proposed: 1, crimes: 1500 });
    expect(expected.region.gapCount).toBeGreaterThan(0);

    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const storedBefore = await storedWorkspace(page);

    await page.getByRole('button', { name: 'Regional view…' }).click();
    const view = page.getByRole('region', { name: 'Regional view' });
    await view.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Regional view');
    // The caller may show the open workspace from the start; both forces here come from the bundles made above.
    const forceList = view.getByRole('list', { name: 'Forces in the regional view' });
    const openWorkspace = view.getByRole('button', { name: 'Remove Avon and Somerset' });
    if (await openWorkspace.count()) {
      await forceList.getByText(/from the open workspace/).waitFor();
      await screenshot(page, 'regional-view-open-workspace');
      await openWorkspace.click();
      await view.getByRole('heading', { name: 'Forces (0)' }).waitFor();
    }

    const add = view.getByLabel('Add a force’s bundle…');
    await add.setInputFiles(zipFile('avon-and-somerset.nrdplanner.zip', prepared.avon));
    const addedAvon = view.getByText('Added Avon and Somerset from “avon-and-somerset.nrdplanner.zip”.');
    const openWorkspaceFirst = view.getByText(/^“avon-and-somerset\.nrdplanner\.zip” was not added: Avon and Somerset is already in the regional view \(from the open workspace\)/);
    await addedAvon.or(openWorkspaceFirst).waitFor({ timeout: 60_000 });
    if (await openWorkspaceFirst.count()) {
      // The open workspace arrived after the check above: it goes, and the bundle comes in its place.
      await openWorkspace.click();
      await add.setInputFiles(zipFile('avon-and-somerset.nrdplanner.zip', prepared.avon));
      await addedAvon.waitFor({ timeout: 60_000 });
    }
    await add.setInputFiles(zipFile('essex.nrdplanner.zip', prepared.essex));
    await view.getByText('Added Essex from “essex.nrdplanner.zip”.').waitFor({ timeout: 60_000 });
    expect(await forceList.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Avon and Somerset\s+Sample: Avon and Somerset \(Bath\) · from avon-and-somerset\.nrdplanner\.zip\s+\d+ NRDs in use · \d+ proposed · 11,784 crimes/),
      expect.stringMatching(/^Essex\s+Essex \(Basildon\), illustrative NRDs · from essex\.nrdplanner\.zip\s+3 NRDs in use · 1 proposed · 1,500 crimes/),
    ]);

    // The figures, as regional-fit.ts works them out in Node from the same bundles.
    const table = view.getByRole('table', { name: 'Fit figures by force and for the region' });
    await table.waitFor({ timeout: 60_000 });
    for (const [name, figures] of [...expected.forces.map((force) => [force.name, force] as const), ['Region', expected.region] as const]) {
      const cells = await rowCells(table, name);
      expect(cells, name).toHaveLength(8);
      cells.forEach((cell, i) => expect(cell, `${name}, column ${i + 2}`).toMatch(expectedCells(figures)[i]!));
    }
    for (const force of expected.forces) {
      await view.getByRole('heading', { name: new RegExp(`^${force.name}: ${whole.format(force.gapCount)} gaps?$`) }).waitFor();
      const listed = view.getByRole('list', { name: `Gaps in ${force.name}, most crimes first` }).getByRole('listitem');
      expect(await listed.count()).toBe(Math.min(10, force.gapCount));
      expect(await listed.first().innerText()).toBe(`${force.gaps[0]!.id} ${force.gaps[0]!.crimes === 1 ? '1 crime' : `${whole.format(force.gaps[0]!.crimes)} crimes`}`);
    }
    const proposed = view.getByRole('table', { name: 'Proposed sites and the nearest NRD in use' });
    const p01 = expected.forces[1]!.proposedSites[0]!;
    expect(await rowCells(proposed, 'ESX-P01')).toEqual([
      `${p01.nearestOwn!.reference} (Essex), ${whole.format(Math.round(p01.nearestOwn!.distanceMetres))} m`,
      `${p01.nearestAny!.reference} (Essex), ${whole.format(Math.round(p01.nearestAny!.distanceMetres))} m`,
      whole.format(p01.crimes),
      whole.format(p01.marginalCrimes),
    ]);

    // The map: each force's sites and gaps in its own colour, framed together.
    await waitForRegionalMap(page);
    const drawn = await page.evaluate(() => {
      const map = window.nrdRegionalMap!;
      const features = (source: string) => ((map.getStyle().sources[source] as { data: GeoJSON.FeatureCollection }).data.features ?? []).map((feature) => feature.properties!);
      const rendered = map.queryRenderedFeatures({ layers: ['regional-positions', 'regional-gaps'] }).map((feature) => [feature.layer.id, feature.properties.force, feature.properties.colour]);
      return { positions: features('regional-positions'), gaps: features('regional-gaps'), rendered };
    });
    const countsOf = (name: string) => drawn.positions.filter((site) => site.force === name).length;
    for (const [i, force] of expected.forces.entries()) {
      expect(countsOf(force.name), force.name).toBe(force.nrdsInUse + force.proposed);
      expect(new Set(drawn.positions.filter((site) => site.force === force.name).map((site) => site.colour)), force.name).toEqual(new Set([FORCE_PALETTE[i]]));
      expect(drawn.gaps.filter((gap) => gap.force === force.name).map((gap) => gap.id)).toEqual(force.gaps.map((gap) => gap.id));
      expect(new Set(drawn.gaps.filter((gap) => gap.force === force.name).map((gap) => gap.colour))).toEqual(new Set([FORCE_PALETTE[i]]));
      // Both forces are on screen at once.
      expect(drawn.rendered.some(([layer, name, colour]) => layer === 'regional-positions' && name === force.name && colour === FORCE_PALETTE[i]), force.name).toBe(true);
    }
    // Site labels would cover each other at a region's scale: they show from town scale in.
    const labels = page.locator('.regional-view .map-label--site');
    expect(await labels.count()).toBe(drawn.positions.length);
    expect(await labels.evaluateAll((elements) => elements.every((element) => (element as HTMLElement).hidden))).toBe(true);
    const png = await screenshot(page, 'regional-view');
    const box = (await page.locator('.regional-view .map canvas').boundingBox())!;
    const mapArea = { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
    const near = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return (red: number, green: number, blue: number) => Math.abs(red - r!) + Math.abs(green - g!) + Math.abs(blue - b!) < 40;
    };
    expect(countPixels(png, mapArea, near(FORCE_PALETTE[0])), 'Avon and Somerset’s colour on the map').toBeGreaterThan(20);
    expect(countPixels(png, mapArea, near(FORCE_PALETTE[1])), 'Essex’s colour on the map').toBeGreaterThan(20);
    expect(await seriousAccessibilityViolations(page), 'regional view').toEqual([]);

    // A gap flies the map there.
    const firstEssexGap = expected.forces[1]!.gaps[0]!;
    await view.getByRole('list', { name: 'Gaps in Essex, most crimes first' }).getByRole('button', { name: firstEssexGap.id }).click();
    await expect
      .poll(() => page.evaluate(() => ({ ...window.nrdRegionalMap!.getCenter(), zoom: window.nrdRegionalMap!.getZoom(), moving: window.nrdRegionalMap!.isMoving() })), { timeout: 30_000 })
      .toMatchObject({ moving: false, zoom: expect.closeTo(13, 1) });
    const centre = await page.evaluate(() => window.nrdRegionalMap!.getCenter());
    expect(centre.lng).toBeCloseTo(firstEssexGap.lon, 4);
    expect(centre.lat).toBeCloseTo(firstEssexGap.lat, 4);
    await waitForRegionalMap(page);
    expect(await labels.evaluateAll((elements) => elements.some((element) => !(element as HTMLElement).hidden))).toBe(true);
    await screenshot(page, 'regional-view-gap');

    // A cut-short file and a second bundle of a force already shown are refused, and nothing is added.
    await add.setInputFiles(zipFile('essex-cut-short.zip', prepared.essex.slice(0, Math.floor(prepared.essex.byteLength / 2))));
    await view.getByRole('alert').getByText(`“essex-cut-short.zip” was not added: ${prepared.truncatedMessage}`).waitFor();
    await add.setInputFiles(zipFile('avon-again.zip', prepared.avon));
    await view
      .getByRole('alert')
      .getByText('“avon-again.zip” was not added: Avon and Somerset is already in the regional view (from “avon-and-somerset.nrdplanner.zip”). Remove it first to show another bundle of the same force.')
      .waitFor();
    expect(await forceList.getByRole('listitem').count()).toBe(2);
    await view.getByRole('alert').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'regional-view-refused');

    // Removing a force takes its sites and gaps off the map and its row out of the figures.
    await view.getByRole('button', { name: 'Remove Essex' }).click();
    await expect.poll(() => rowCells(table, 'Region')).toEqual(expect.arrayContaining([whole.format(expected.forces[0]!.crimes)]));
    await expect
      .poll(() => page.evaluate(() => (window.nrdRegionalMap!.getStyle().sources['regional-positions'] as { data: GeoJSON.FeatureCollection }).data.features.map((f) => f.properties!.force)))
      .not.toContain('Essex');

    // Read only: nothing was written to this browser's storage.
    expect(await storedWorkspace(page)).toEqual(storedBefore);

    await view.getByRole('button', { name: 'Close the regional view' }).click();
    await view.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened the view, and the app behind is usable again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Regional view…');
    expect(problems).toEqual([]);
  });
});
