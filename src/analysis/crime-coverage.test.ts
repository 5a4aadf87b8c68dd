import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monthIndex } from '../domain/point-columns.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { coverageArea, coverageContains, type CoverageArea } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { parsePoliceUkCsv } from '../io/police-uk-csv.ts';
import { decodeText } from '../io/text-decoding.ts';
import { boundingBox, coverageCountsBySite, crimeCoverage, crimeLayer } from './crime-coverage.ts';
import { countFiltered, passingRows, type PointFilter } from './point-filter.ts';
import { crimeLayerAt, type CrimeAt } from '../../test/fixtures/crime-layer.ts';

const layerAt = (points: CrimeAt[]) => crimeLayerAt(points);

// Ten crimes around a site at E375000 N164000, worked out by hand (distance, grid bearing):
const E = 375000;
const N = 164000;
const handCrimes = [
  { e: E + 50, n: N, type: 'Burglary', month: '2023-01' }, //          0: 50 m at 90°
  { e: E + 100, n: N, type: 'Robbery', month: '2023-01' }, //          1: 100 m at 90°, on the arc
  { e: E + 101, n: N, type: 'Robbery', month: '2023-01' }, //          2: 101 m at 90°
  { e: E + 60, n: N - 10, type: 'Burglary', month: '2023-02' }, //     3: 60.8 m at 99.5°
  { e: E + 50, n: N - 20, type: 'Criminal damage', month: '2023-02' }, // 4: 53.9 m at 111.8°
  { e: E, n: N, type: 'Vehicle crime', month: '2023-02' }, //          5: at the site
  { e: E - 50, n: N, type: 'Shoplifting', month: '2023-03' }, //       6: 50 m at 270°
  { e: E, n: N + 61, type: 'Shoplifting', month: '2023-03' }, //       7: 61 m at 0°
  { e: E + 30, n: N + 40, type: 'Burglary', month: '2023-03' }, //     8: 50 m at 36.9°
  { e: E + 80, n: N + 30, type: 'Robbery', month: '2023-03' }, //      9: 85.4 m at 69.4°
];
/** Facing east (grid 75° to 105°), 100 m: crimes 0, 1 (on the arc), 3 and 5 (the apex). */
const east: CoverageArea = { easting: E, northing: N, radiusMetres: 100, sector: { startGridDegrees: 75, spanDegrees: 30 } };
/** A 60 m circle: crimes 0, 4, 5, 6 and 8. */
const circle: CoverageArea = { easting: E, northing: N, radiusMetres: 60, sector: null };
const filter = (overrides: Partial<PointFilter> = {}): PointFilter => ({ categoryColumn: 'crimeType', excludedCategories: [], fromMonth: null, toMonth: null, ...overrides });

describe('crimeCoverage on hand-placed crimes', () => {
  const layer = layerAt(handCrimes);

  it('counts the crimes inside one sector, edge and apex included, by type and month', () => {
    const result = crimeCoverage(layer, [east], null);
    expect([...result.rows]).toEqual([0, 1, 3, 5]);
    expect(result.crimes).toBe(4);
    expect(result.byType).toEqual([
      { type: 'Burglary', crimes: 2 },
      { type: 'Robbery', crimes: 1 },
      { type: 'Vehicle crime', crimes: 1 },
    ]);
    expect(result.byMonth).toEqual([
      { month: '2023-01', crimes: 2 },
      { month: '2023-02', crimes: 2 },
    ]);
    expect(result.layerCrimes).toBe(10);
    expect(result.shareOfLayer).toBe(0.4);
  });

  it('counts a set of sites as a union: crimes 0 and 5, inside both, once', () => {
    expect([...crimeCoverage(layer, [circle], null).rows]).toEqual([0, 4, 5, 6, 8]);
    const both = crimeCoverage(layer, [east, circle], null);
    expect([...both.rows]).toEqual([0, 1, 3, 4, 5, 6, 8]);
    expect(both.crimes).toBe(7);
    expect(both.byType).toEqual([
      { type: 'Burglary', crimes: 3 },
      { type: 'Criminal damage', crimes: 1 },
      { type: 'Robbery', crimes: 1 },
      { type: 'Shoplifting', crimes: 1 },
      { type: 'Vehicle crime', crimes: 1 },
    ]);
    expect(both.byMonth).toEqual([
      { month: '2023-01', crimes: 2 },
      { month: '2023-02', crimes: 3 },
      { month: '2023-03', crimes: 2 },
    ]);
    expect(both.shareOfLayer).toBe(0.7);
    // The same site twice is still each crime once; and the scratch bitmap is left clean for the next call.
    expect(crimeCoverage(layer, [east, east, circle, east], null).crimes).toBe(7);
    expect(crimeCoverage(layer, [east], null).crimes).toBe(4);
  });

  it('follows the filter: Feb-Mar without burglary leaves crimes 4, 5 and 6 of the 5 that pass', () => {
    const result = crimeCoverage(layer, [east, circle], filter({ excludedCategories: ['Burglary'], fromMonth: monthIndex(2023, 2), toMonth: monthIndex(2023, 3) }));
    expect([...result.rows]).toEqual([4, 5, 6]);
    expect(result.layerCrimes).toBe(5);
    expect(result.shareOfLayer).toBe(0.6);
    // Switching filters back and forth gives the same answers (the filter flags are cached by value).
    expect(crimeCoverage(layer, [east, circle], filter()).crimes).toBe(7);
    expect(crimeCoverage(layer, [east, circle], filter({ excludedCategories: ['Burglary'], fromMonth: monthIndex(2023, 2), toMonth: monthIndex(2023, 3) })).crimes).toBe(3);
  });

  it('handles a sector wider than 180° and one across north', () => {
    // 90° clockwise through 270°: all but the north-east quarter; crime 7 (due north) is on its last edge.
    const wide: CoverageArea = { easting: E, northing: N, radiusMetres: 100, sector: { startGridDegrees: 90, spanDegrees: 270 } };
    expect([...crimeCoverage(layer, [wide], null).rows]).toEqual([0, 1, 3, 4, 5, 6, 7]);
    const north: CoverageArea = { easting: E, northing: N, radiusMetres: 100, sector: { startGridDegrees: 350, spanDegrees: 20 } };
    expect([...crimeCoverage(layer, [north], null).rows]).toEqual([5, 7]);
    expect(crimeCoverage(layer, [], null)).toMatchObject({ crimes: 0, byType: [], byMonth: [], shareOfLayer: 0 });
  });

  it('gives each site its own counts by type for the per-site table', () => {
    const { types, crimes, byType } = coverageCountsBySite(layer, [east, circle], null);
    expect([...crimes]).toEqual([4, 5]);
    const row = (site: number) => Object.fromEntries(types.map((type, t) => [type, byType[site * types.length + t]]).filter(([, n]) => n !== 0));
    expect(row(0)).toEqual({ Burglary: 2, Robbery: 1, 'Vehicle crime': 1 });
    expect(row(1)).toEqual({ Burglary: 2, 'Criminal damage': 1, 'Vehicle crime': 1, Shoplifting: 1 });
  });

  it('bounds a sector by its apex, arc ends and the compass points it passes', () => {
    const [minX, minY, maxX, maxY] = boundingBox(east);
    expect(minX).toBeCloseTo(E, 2);
    expect(maxX).toBeCloseTo(E + 100, 2);
    expect(minY).toBeCloseTo(N - 100 * Math.sin((15 * Math.PI) / 180), 2);
    expect(maxY).toBeCloseTo(N + 100 * Math.sin((15 * Math.PI) / 180), 2);
  });
});

describe('crimeCoverage against coverageContains on random crimes and sectors', () => {
  it('agrees exactly, crimes on sector edges and arcs included', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const areas: CoverageArea[] = Array.from({ length: 60 }, (_, i) => ({
      easting: E + (random() - 0.5) * 400,
      northing: N + (random() - 0.5) * 400,
      radiusMetres: 20 + random() * 200,
      sector: i % 6 === 0 ? null : { startGridDegrees: random() * 360, spanDegrees: [1, 30, 60, 179.9, 180, 181, 270, 359][i % 8]! },
    }));
    const points: { e: number; n: number; type: string; month: string }[] = [];
    for (let i = 0; i < 20_000; i++) points.push({ e: E + (random() - 0.5) * 800, n: N + (random() - 0.5) * 800, type: i % 3 ? 'A' : 'B', month: '2023-01' });
    // Crimes placed on each sector's edges and arc, where rounding decides.
    for (const area of areas) {
      const start = area.sector?.startGridDegrees ?? 0;
      for (const degrees of [start, start + (area.sector?.spanDegrees ?? 0)]) {
        const radians = (degrees * Math.PI) / 180;
        for (const metres of [area.radiusMetres / 2, area.radiusMetres]) points.push({ e: area.easting + metres * Math.sin(radians), n: area.northing + metres * Math.cos(radians), type: 'A', month: '2023-01' });
      }
    }
    const layer = layerAt(points);
    for (const area of areas) {
      const expected = points.flatMap((p, row) => (coverageContains(area, p.e, p.n) ? [row] : []));
      expect([...crimeCoverage(layer, [area], null).rows]).toEqual(expected);
    }
    const union = points.flatMap((p, row) => (areas.some((area) => coverageContains(area, p.e, p.n)) ? [row] : []));
    expect([...crimeCoverage(layer, areas, null).rows]).toEqual(union);
  });
});

describe('passingRows', () => {
  it('passes the rows countFiltered counts', () => {
    const layer = layerAt(handCrimes);
    for (const f of [filter(), filter({ excludedCategories: ['Robbery', 'Shoplifting'] }), filter({ fromMonth: monthIndex(2023, 2) }), filter({ categoryColumn: 'none', excludedCategories: ['Robbery'] })]) {
      const pass = passingRows(layer.columns, f);
      expect(pass.reduce((a, b) => a + b, 0)).toBe(countFiltered(layer.columns, f).total);
    }
    expect([...passingRows(layer.columns, filter({ excludedCategories: ['Burglary'], toMonth: monthIndex(2023, 1) }))]).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(passingRows(layer.columns, null).every((flag) => flag === 1)).toBe(true);
  });
});

interface SampleSite {
  reference: string;
  lon: number;
  lat: number;
  bearingDegrees: number | null;
  rangeMetres: number;
  fieldOfViewDegrees: number;
}

describe('crimeCoverage on the Avon and Somerset sample, against a brute-force count in the same metric', () => {
  const text = decodeText(new Uint8Array(readFileSync(new URL('../../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url))));
  const { columns } = parsePoliceUkCsv(text, 'crime-2023-01-avon-and-somerset.csv');
  const layer = crimeLayer(columns, buildPointIndex(columns));
  const sites = JSON.parse(readFileSync(new URL('../../data/sample/sites.json', import.meta.url), 'utf8')) as SampleSite[];
  // Every row projected on its own, without the index.
  const grid = Array.from({ length: columns.count }, (_, i) => wgs84ToBng({ lon: columns.lon[i]!, lat: columns.lat[i]! }));
  const bruteForce = (areas: CoverageArea[], f: PointFilter | null) => {
    const pass = passingRows(columns, f);
    return grid.flatMap((p, row) => (pass[row] === 1 && areas.some((area) => coverageContains(area, p.easting, p.northing)) ? [row] : []));
  };
  const typeCounts = (rows: number[]) => {
    const codes = columns.attributes.crimeType;
    if (codes?.kind !== 'dictionary') throw new Error('no crime types');
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(codes.dictionary[codes.codes[row]!]!, (counts.get(codes.dictionary[codes.codes[row]!]!) ?? 0) + 1);
    return Object.fromEntries(counts);
  };

  it('has the 13 sample sites and 11,808 located crimes (12,566 rows less 758 without a location)', () => {
    expect(sites).toHaveLength(13);
    expect(columns.count).toBe(11_808);
  });

  it('counts identically for every site, at 300 m and at its own range, with and without a filter', () => {
    const filters = [null, filter({ excludedCategories: ['Anti-social behaviour', 'Violence and sexual offences'] })];
    let compared = 0;
    for (const site of sites) {
      for (const rangeMetres of [300, site.rangeMetres]) {
        const area = coverageArea({ ...site, rangeMetres });
        for (const f of filters) {
          const expected = bruteForce([area], f);
          const result = crimeCoverage(layer, [area], f);
          expect([...result.rows], `${site.reference} at ${rangeMetres} m`).toEqual(expected);
          expect(Object.fromEntries(result.byType.map((t) => [t.type, t.crimes]))).toEqual(typeCounts(expected));
          compared++;
        }
      }
    }
    expect(compared).toBe(52);
    // The sample's sites are on roads out of Bath with little crime near them (0 to 21 crimes within
    // 300 m), so the same again as 300 m circles, and at 100 crime positions in the city, aimed at random.
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const atCrimes = Array.from({ length: 100 }, () => {
      const row = Math.floor(random() * columns.count);
      return { lon: columns.lon[row]!, lat: columns.lat[row]!, bearingDegrees: Math.floor(random() * 360), rangeMetres: 300, fieldOfViewDegrees: 60 };
    });
    let crimes = 0;
    for (const site of [...sites.map((s) => ({ ...s, rangeMetres: 300, bearingDegrees: null })), ...atCrimes]) {
      const area = coverageArea(site);
      const expected = bruteForce([area], null);
      expect([...crimeCoverage(layer, [area], null).rows]).toEqual(expected);
      crimes += expected.length;
    }
    expect(crimes).toBe(855);
    const atCrimesUnion = bruteForce(atCrimes.map(coverageArea), filters[1]!);
    expect([...crimeCoverage(layer, atCrimes.map(coverageArea), filters[1]!).rows]).toEqual(atCrimesUnion);
    // All 13 together at 300 m, as a union.
    const all = sites.map((site) => coverageArea({ ...site, rangeMetres: 300 }));
    const union = bruteForce(all, null);
    expect([...crimeCoverage(layer, all, null).rows]).toEqual(union);
    expect(union.length).toBeGreaterThan(0);
  });
});
