import { readFileSync } from 'node:fs';
import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { coverageArea, coverageContains, coverageRing, type CoverageArea, type CoverageGeometry } from '../geo/coverage-area.ts';
import { ringArea, type Ring } from '../geo/convex-clip.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { parsePoliceUkCsv } from '../io/police-uk-csv.ts';
import { decodeText } from '../io/text-decoding.ts';
import { crimeLayer } from './crime-coverage.ts';
import type { HotSpot } from './hot-spots.ts';
import { ALL_LOADED_AREAS, convexPieces, forceAreaKey, overlapArea, registerFit, siteFit, type FitSite } from './infrastructure-fit.ts';
import { crimeLayerAt, type CrimeAt } from '../../test/fixtures/crime-layer.ts';

const E = 375000;
const N = 164000;
const circle = (radiusMetres: number, dx = 0, dy = 0): CoverageArea => ({ easting: E + dx, northing: N + dy, radiusMetres, sector: null });
const sector = (radiusMetres: number, startGridDegrees: number, spanDegrees: number): CoverageArea => ({ easting: E, northing: N, radiusMetres, sector: { startGridDegrees, spanDegrees } });
const existingAt = (reference: string, area: CoverageArea, forceArea = 'Avon and Somerset'): FitSite => ({ siteId: `id-${reference}`, reference, forceArea, area });
/** The polygons are inside the true arcs by (2π/720)²/6 = 0.0013% of the area; allow 0.01%. */
const closeTo = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-4);

const layerAt = (points: CrimeAt[], withForce = true) => crimeLayerAt(points, { force: withForce });

describe('overlap with existing NRDs, by hand', () => {
  it('cuts a coverage into convex pieces that tile it', () => {
    expect(convexPieces(sector(100, 75, 30))).toHaveLength(1);
    expect(convexPieces(sector(100, 0, 180))).toHaveLength(1);
    expect(convexPieces(sector(100, 0, 270))).toHaveLength(2);
    expect(convexPieces(circle(100))).toHaveLength(1);
    closeTo(convexPieces(circle(100)).reduce((sum, piece) => sum + ringArea(piece), 0), Math.PI * 100 ** 2);
    closeTo(convexPieces(sector(100, 10, 270)).reduce((sum, piece) => sum + ringArea(piece), 0), (Math.PI * 100 ** 2 * 3) / 4);
  });

  it('two concentric circles: the smaller one, π × 60² of the site’s π × 100²', () => {
    const { squareMetres, method } = overlapArea(circle(100), [circle(60)]);
    expect(method).toBe('exact');
    closeTo(squareMetres, Math.PI * 3600);
  });

  it('a sector inside a larger circle: the whole sector, π × 100² / 6', () => {
    closeTo(overlapArea(sector(100, 75, 60), [circle(200, 50, 0)]).squareMetres, (Math.PI * 100 ** 2) / 6);
  });

  it('two circles of 100 m, 100 m apart: the lens, 2r²·acos(d/2r) − (d/2)·√(4r² − d²)', () => {
    const lens = 2 * 100 ** 2 * Math.acos(0.5) - 50 * Math.sqrt(4 * 100 ** 2 - 100 ** 2); // 12,283.7 m²
    closeTo(overlapArea(circle(100), [circle(100, 100, 0)]).squareMetres, lens);
  });

  it('counts ground under two existing NRDs once: nested circles, and the same NRD twice', () => {
    closeTo(overlapArea(circle(100), [circle(50), circle(80)]).squareMetres, Math.PI * 6400);
    closeTo(overlapArea(circle(100), [circle(80), circle(80)]).squareMetres, Math.PI * 6400);
  });

  it('a triple overlap: sectors 0-120°, 60-180° and 90-150° cover the half circle 0-180°', () => {
    // By inclusion-exclusion: (120 + 120 + 60) − (60 + 30 + 60) + 30 = 180 degrees of the circle.
    const { squareMetres, method } = overlapArea(circle(100), [sector(100, 0, 120), sector(100, 60, 120), sector(100, 90, 60)]);
    expect(method).toBe('exact');
    closeTo(squareMetres, (Math.PI * 100 ** 2) / 2);
    // A site that is itself a sector: 45-135° under the same three is covered whole.
    closeTo(overlapArea(sector(100, 45, 90), [sector(100, 0, 120), sector(100, 60, 120), sector(100, 90, 60)]).squareMetres, (Math.PI * 100 ** 2) / 4);
  });

  it('samples instead when inclusion-exclusion would take too long, and says so', () => {
    // 14 nested circles all overlap one another: 2^14 intersections. Their union is the largest, π × 80².
    const nested = Array.from({ length: 14 }, (_, i) => circle(80 - 5 * i));
    const { squareMetres, method } = overlapArea(circle(100), nested);
    expect(method).toBe('sampled');
    expect(Math.abs(squareMetres / (Math.PI * 6400) - 1)).toBeLessThan(0.005);
  });

  it('is nothing where the existing NRDs do not reach', () => {
    expect(overlapArea(circle(100), [circle(100, 250, 0)]).squareMetres).toBe(0);
    // Circles that reach each other, sectors both facing east, the second starting beyond the first's end.
    expect(overlapArea(sector(100, 60, 60), [{ ...sector(100, 60, 60), easting: E + 150 }]).squareMetres).toBe(0);
  });
});

describe('overlap against a general polygon clipper, on random coverages', () => {
  it('gives polygon-clipping’s area of the site inside the union, pairs to fives, circles and sectors of any width', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const randomArea = (): CoverageArea => ({
      easting: E + (random() - 0.5) * 300,
      northing: N + (random() - 0.5) * 300,
      radiusMetres: 50 + random() * 200,
      sector: random() < 0.25 ? null : { startGridDegrees: random() * 360, spanDegrees: [10, 30, 60, 90, 180, 200, 270, 350][Math.floor(random() * 8)]! },
    });
    const multi = (area: CoverageArea) => convexPieces(area).map((ring) => [[...ring, ring[0]!]] as [number, number][][]);
    const measure = (result: MultiPolygon) => result.reduce((sum, rings) => sum + rings.reduce((s, ring, k) => s + (k === 0 ? 1 : -1) * ringArea(ring.slice(0, -1) as Ring), 0), 0);
    let overlapping = 0;
    for (let trial = 0; trial < 150; trial++) {
      const site = randomArea();
      const others = Array.from({ length: 1 + (trial % 5) }, randomArea);
      const union = polygonClipping.union(...(others.flatMap(multi) as [MultiPolygon[number], ...MultiPolygon]));
      const general = measure(polygonClipping.intersection(polygonClipping.union(...(multi(site) as [MultiPolygon[number], ...MultiPolygon])), union));
      const { squareMetres, method } = overlapArea(site, others);
      expect(method).toBe('exact');
      const siteArea = convexPieces(site).reduce((sum, piece) => sum + ringArea(piece), 0);
      expect(Math.abs(squareMetres - general), `trial ${trial}`).toBeLessThan(1e-7 * siteArea);
      if (general > 0) overlapping++;
    }
    expect(overlapping).toBeGreaterThan(100);
  });
});

describe('siteFit, by hand', () => {
  // The crimes of the coverage tests: a site facing east (75-105°, 100 m) holds rows 0, 1, 3 and 5.
  const layer = layerAt([
    { e: E + 50, n: N }, //                        0: 50 m at 90°
    { e: E + 100, n: N, type: 'Robbery' }, //       1: on the arc
    { e: E + 101, n: N }, //                        2
    { e: E + 60, n: N - 10 }, //                    3: 60.8 m at 99.5°
    { e: E + 50, n: N - 20 }, //                    4
    { e: E, n: N, type: 'Vehicle crime' }, //       5: at the site
  ]);
  const site = { siteId: 'proposed-1', reference: 'P1', area: sector(100, 75, 30) };

  it('finds the nearest existing NRD, the overlap, and the crimes no existing NRD covers', () => {
    // A 60 m circle on the site (crimes 0 and 5) and one 400 m away.
    const existing = [existingAt('X', circle(60)), existingAt('Far', circle(100, 0, 400)), existingAt('Near', circle(10, 30, 40))];
    const fit = siteFit(site, existing, layer, null);
    expect(fit.nearestExisting).toEqual({ reference: 'X', distanceMetres: 0 });
    expect(fit.crimes).toBe(4);
    // Crimes 1 (Robbery, 100 m) and 3 (Burglary, 60.8 m) are beyond the 60 m circle.
    expect(fit.marginalCrimes).toBe(2);
    expect(fit.marginalByType).toEqual([
      { type: 'Burglary', crimes: 1 },
      { type: 'Robbery', crimes: 1 },
    ]);
    // The 60 m circle covers the sector's first 60 m: 30/360 of π × 60².
    closeTo(fit.overlapSquareMetres, (Math.PI * 3600) / 12);
    closeTo(fit.overlapShare, 0.36);
    expect(fit.overlapMethod).toBe('exact');
  });

  it('leaves the site itself out of the existing NRDs', () => {
    const itself = { siteId: 'proposed-1', reference: 'P1', forceArea: 'Avon and Somerset', area: site.area };
    const fit = siteFit(site, [itself, existingAt('Near', circle(10, 30, 40))], layer, null);
    expect(fit.nearestExisting).toEqual({ reference: 'Near', distanceMetres: 50 });
    expect(fit).toMatchObject({ overlapSquareMetres: 0, overlapShare: 0, crimes: 4, marginalCrimes: 4 });
    expect(siteFit(site, [], layer, null)).toMatchObject({ nearestExisting: null, marginalCrimes: 4 });
  });
});

describe('registerFit, by hand', () => {
  const AS = 'Avon and Somerset Constabulary';
  const W = 'Wiltshire Police';
  // Rows: 0 (0,0) AS, 1 (50,0) AS, 2 (150,0) AS, 3 (1000,0) W, 4 (1050,0) W, 5 (5000,0) W, 6 (0,5000) AS.
  const layer = layerAt([
    { e: E, n: N, force: AS },
    { e: E + 50, n: N, force: AS },
    { e: E + 150, n: N, force: AS },
    { e: E + 1000, n: N, force: W },
    { e: E + 1050, n: N, force: W },
    { e: E + 5000, n: N, force: W },
    { e: E, n: N + 5000, force: AS },
  ]);
  const existing = [existingAt('X', circle(100)), existingAt('Y', circle(10, 1050, 0), 'Wiltshire'), existingAt('Z', circle(100, 0, -90000), 'Dorset Police')];
  const proposed = [existingAt('P', circle(120, 100, 0)), existingAt('Q', circle(100, 1000, 0), 'Wiltshire')];
  const spot = (id: string, rows: number[]): HotSpot => ({ id, kind: 'grid', crimes: rows.length, easting: 0, northing: 0, rows: Uint32Array.from(rows) });
  // H1 (rows 0, 1) is covered; H2 (5) and H3 (6) are not; H4 (2, 3, 4) is mostly Wiltshire's, and covered.
  const spots = [spot('H4', [2, 3, 4]), spot('H1', [0, 1]), spot('H2', [5]), spot('H3', [6])];

  it('counts need covered by existing, proposed, both and either, per force area and for all', () => {
    const fit = registerFit(existing, proposed, layer, null, spots);
    expect(fit.map((a) => a.area)).toEqual(['Avon and Somerset', 'Dorset Police', 'Wiltshire', ALL_LOADED_AREAS]);
    const [avon, dorset, wiltshire, all] = fit;
    // Avon and Somerset: rows 0, 1, 2, 6. X covers 0, 1; P covers 0, 1, 2.
    expect(avon).toMatchObject({ crimes: 4, coveredByExisting: 2, coveredByProposed: 3, coveredByBoth: 2, coveredByEither: 3, hotSpots: 2, hotSpotsCovered: 1 });
    expect(avon!.uncoveredHotSpots.map((s) => s.id)).toEqual(['H3']);
    // Wiltshire: rows 3, 4, 5. Y covers 4; Q covers 3, 4.
    expect(wiltshire).toMatchObject({ crimes: 3, coveredByExisting: 1, coveredByProposed: 2, coveredByBoth: 1, coveredByEither: 2, hotSpots: 2, hotSpotsCovered: 1 });
    expect(wiltshire!.uncoveredHotSpots.map((s) => s.id)).toEqual(['H2']);
    // An area named only by a site: shown, with no crimes loaded.
    expect(dorset).toMatchObject({ crimes: 0, coveredByExisting: 0, hotSpots: 0 });
    expect(all).toMatchObject({ crimes: 7, coveredByExisting: 3, coveredByProposed: 5, coveredByBoth: 3, coveredByEither: 5, hotSpots: 4, hotSpotsCovered: 2 });
    expect(all!.uncoveredHotSpots.map((s) => s.id)).toEqual(['H2', 'H3']);
  });

  it('puts every crime in one area, named "", when the layer has no force column', () => {
    const plain = layerAt([{ e: E, n: N }, { e: E + 150, n: N }]);
    const noForce = layerAt([{ e: E, n: N }, { e: E + 150, n: N }], false);
    expect(registerFit(existing, [], plain, null, []).map((a) => a.area)).toEqual(['', 'Avon and Somerset', 'Dorset Police', 'Wiltshire', ALL_LOADED_AREAS]);
    const fit = registerFit(existing, proposed, noForce, null, []);
    expect(fit.map((a) => a.area)).toEqual(['', ALL_LOADED_AREAS]);
    expect(fit[0]).toMatchObject({ crimes: 2, coveredByExisting: 1, coveredByProposed: 2, coveredByBoth: 1, coveredByEither: 2 });
  });

  it('matches force names without "Constabulary", "Police" and the like', () => {
    expect(forceAreaKey('Avon and Somerset Constabulary')).toBe(forceAreaKey('Avon and Somerset'));
    expect(forceAreaKey('Wiltshire Police')).toBe('wiltshire');
    expect(forceAreaKey('Police Service of Northern Ireland')).toBe('northern ireland');
    expect(forceAreaKey('Devon & Cornwall Police')).toBe('devon and cornwall');
  });
});

describe('fit on the Avon and Somerset sample, against brute force and a general polygon clipper', () => {
  const text = decodeText(new Uint8Array(readFileSync(new URL('../../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url))));
  const { columns } = parsePoliceUkCsv(text, 'sample');
  const layer = crimeLayer(columns, buildPointIndex(columns));
  const sites = JSON.parse(readFileSync(new URL('../../data/sample/sites.json', import.meta.url), 'utf8')) as (CoverageGeometry & { reference: string; kind: string; forceArea: string })[];
  // 500 m circles and 300 m sectors, so that the sample's sites (0.5 to 3 km apart) overlap.
  const shapes = [(s: CoverageGeometry) => ({ ...s, rangeMetres: 500, bearingDegrees: null }), (s: CoverageGeometry) => ({ ...s, rangeMetres: 300, fieldOfViewDegrees: 120 })];

  /** Union of the existing polygons by polygon-clipping (Martinez–Rueda), intersected with the site's, then measured. */
  const generalOverlap = (site: CoverageArea, others: CoverageArea[]) => {
    const polygon = (area: CoverageArea): [number, number][][] => {
      const ring = coverageRing(area, 720);
      return [[...ring, ring[0]!]];
    };
    if (others.length === 0) return 0;
    const union = polygonClipping.union(polygon(others[0]!), ...others.slice(1).map(polygon));
    const inSite: MultiPolygon = polygonClipping.intersection(polygon(site), union);
    return inSite.reduce((sum, rings) => sum + rings.reduce((s, ring, k) => s + (k === 0 ? 1 : -1) * ringArea(ring.slice(0, -1) as Ring), 0), 0);
  };

  it('gives every site the overlap a general clipper gives, and the marginal crimes a loop over every crime gives', () => {
    let overlapping = 0;
    for (const shape of shapes) {
      const all = sites.map((s) => ({ siteId: s.reference, reference: s.reference, forceArea: s.forceArea, area: coverageArea(shape(s)) }));
      const existing = all.filter((_, i) => sites[i]!.kind === 'existing');
      for (const site of all) {
        const fit = siteFit(site, existing, layer, null);
        const others = existing.filter((other) => other.siteId !== site.siteId).map((other) => other.area);
        const general = generalOverlap(site.area, others);
        expect(Math.abs(fit.overlapSquareMetres - general), site.reference).toBeLessThan(1e-6 * convexPieces(site.area).reduce((sum, p) => sum + ringArea(p), 0) + 1e-6);
        if (general > 0) overlapping++;
        let crimes = 0;
        let marginal = 0;
        for (let row = 0; row < columns.count; row++) {
          const e = layer.grid.easting[row]!;
          const n = layer.grid.northing[row]!;
          if (!coverageContains(site.area, e, n)) continue;
          crimes++;
          if (!others.some((other) => coverageContains(other, e, n))) marginal++;
        }
        expect(fit.crimes).toBe(crimes);
        expect(fit.marginalCrimes).toBe(marginal);
      }
    }
    expect(overlapping).toBeGreaterThanOrEqual(5);
  });

  it('splits the sample’s need between existing and proposed sites as a loop over every crime does', () => {
    const all = sites.map((s) => ({ siteId: s.reference, reference: s.reference, forceArea: s.forceArea, area: coverageArea(shapes[0]!(s)) }));
    const existing = all.filter((_, i) => sites[i]!.kind === 'existing');
    const proposed = all.filter((_, i) => sites[i]!.kind === 'proposed');
    const fit = registerFit(existing, proposed, layer, null, []);
    expect(fit.map((a) => a.area)).toEqual(['Avon and Somerset', ALL_LOADED_AREAS]);
    const inAny = (areas: FitSite[], row: number) => areas.some((site) => coverageContains(site.area, layer.grid.easting[row]!, layer.grid.northing[row]!));
    let byExisting = 0;
    let byProposed = 0;
    let both = 0;
    for (let row = 0; row < columns.count; row++) {
      const e = inAny(existing, row);
      const p = inAny(proposed, row);
      byExisting += e ? 1 : 0;
      byProposed += p ? 1 : 0;
      both += e && p ? 1 : 0;
    }
    expect(fit[0]).toMatchObject({ crimes: columns.count, coveredByExisting: byExisting, coveredByProposed: byProposed, coveredByBoth: both, coveredByEither: byExisting + byProposed - both });
    expect(fit[1]).toMatchObject({ crimes: columns.count, coveredByExisting: byExisting });
    expect(byExisting).toBeGreaterThan(100);
  });
});
