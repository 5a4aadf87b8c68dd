import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPointIndex } from '../geo/point-index.ts';
import { parsePoliceUkCsv } from '../io/police-uk-csv.ts';
import { decodeText } from '../io/text-decoding.ts';
import { crimeLayer } from './crime-coverage.ts';
import { hotSpotCoverage, hotSpots } from './hot-spots.ts';
import { passingRows } from './point-filter.ts';
import { crimeLayerAt, type CrimeAt } from '../../test/fixtures/crime-layer.ts';

const layerAt = (points: CrimeAt[], withLsoa = true) => crimeLayerAt(points, { lsoa: withLsoa });

// Ten LSOAs with 5, 3, 3, 2 and six with 1 crime, and 6 crimes with no LSOA (row numbers in comments).
const lsoaPoints = [
  ...[0, 2, 4, 6, 8].map((dx) => ({ e: 1000 + dx, n: 500, lsoa: 'A' })), // 0-4: mean E1004 N500
  ...[0, 3, 6].map((dn) => ({ e: 2000, n: 600 + dn, lsoa: 'B', type: 'Robbery' })), // 5-7: mean E2000 N603
  ...[0, 0, 0].map(() => ({ e: 3000, n: 700, lsoa: 'C' })), // 8-10
  { e: 4000, n: 0, lsoa: 'D' }, // 11
  { e: 4001, n: 0, lsoa: 'D' }, // 12
  ...['E', 'F', 'G', 'H', 'I', 'J'].map((lsoa, i) => ({ e: 5000 + i, n: 0, lsoa })), // 13-18
  ...[0, 1, 2, 3, 4, 5].map((i) => ({ e: 6000 + i, n: 0, lsoa: '' })), // 19-24: no LSOA
];

describe('hot spots by LSOA, hand-counted', () => {
  const layer = layerAt(lsoaPoints);

  it('takes the top decile of the 10 LSOAs with crime: ceil(1) = 1, the LSOA with 5', () => {
    const spots = hotSpots(layer, null);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ id: 'A', kind: 'lsoa', crimes: 5, easting: 1004, northing: 500 });
    expect([...spots[0]!.rows]).toEqual([0, 1, 2, 3, 4]);
  });

  it('includes every LSOA tied at the threshold, and never the crimes without an LSOA', () => {
    // Top 20%: the 2nd LSOA has 3 crimes, and so does the 3rd: both in. The 6 crimes with no LSOA are in none.
    const spots = hotSpots(layer, null, { topFraction: 0.2 });
    expect(spots.map((s) => [s.id, s.crimes])).toEqual([['A', 5], ['B', 3], ['C', 3]]);
    expect(spots[1]).toMatchObject({ easting: 2000, northing: 603 });
    // All of them: only the 10 LSOAs with crime.
    expect(hotSpots(layer, null, { topFraction: 1 })).toHaveLength(10);
  });

  it('counts only crimes passing the filter; an LSOA left with none is never hot', () => {
    // Without burglary only B (3 robberies) has crime: n = 1, and B is the top decile.
    const spots = hotSpots(layer, { categoryColumn: 'crimeType', excludedCategories: ['Burglary'], fromMonth: null, toMonth: null }, { topFraction: 1 });
    expect(spots.map((s) => [s.id, s.crimes])).toEqual([['B', 3]]);
    expect(hotSpots(layer, { categoryColumn: 'crimeType', excludedCategories: ['Burglary', 'Robbery'], fromMonth: null, toMonth: null })).toEqual([]);
  });

  it('refuses a fraction or cell size that means nothing', () => {
    expect(() => hotSpots(layer, null, { topFraction: 0 })).toThrow(RangeError);
    expect(() => hotSpots(layer, null, { topFraction: 1.5 })).toThrow(RangeError);
    expect(() => hotSpots(layer, null, { by: 'grid', cellMetres: 0 })).toThrow(RangeError);
  });
});

describe('hot spots on a 250 m grid, hand-counted', () => {
  // Squares by south-west corner: E375000 N164000 has 4 crimes, E375250 N164000 2 (one on its west edge,
  // which belongs to it), E374750 N163750 2, and 7 squares 1 each: 10 squares with crime.
  const points = [
    ...[0, 1, 2, 3].map((i) => ({ e: 375010 + i, n: 164010 })), // 0-3
    { e: 375250, n: 164000 }, // 4: on the corner of four squares: the one to its north-east
    { e: 375499, n: 164249 }, // 5
    { e: 374800, n: 163800 }, // 6
    { e: 374999, n: 163999 }, // 7
    ...[0, 1, 2, 3, 4, 5, 6].map((i) => ({ e: 380000 + 250 * i, n: 170000 })), // 8-14
  ];
  const layer = layerAt(points, false);

  it('takes the square with 4 crimes, named by its corner and placed at its centre', () => {
    const spots = hotSpots(layer, null);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ id: 'grid 250 m E375000 N164000', kind: 'grid', crimes: 4, easting: 375125, northing: 164125 });
    expect([...spots[0]!.rows]).toEqual([0, 1, 2, 3]);
    expect(hotSpots(layer, null, { topFraction: 0.3 }).map((s) => [s.id, s.crimes])).toEqual([
      ['grid 250 m E375000 N164000', 4],
      ['grid 250 m E374750 N163750', 2],
      ['grid 250 m E375250 N164000', 2],
    ]);
  });

  it('uses the grid when asked, even with LSOAs, and any cell size', () => {
    // 500 m squares: E375000 N164000 holds rows 0-5 (6); E374500 N163500 rows 6-7; 380000, 380500, 381000 and 381500 N170000 hold 2, 2, 2 and 1.
    const spots = hotSpots(layer, null, { by: 'grid', cellMetres: 500, topFraction: 0.5 });
    expect(spots.map((s) => [s.id, s.crimes])).toEqual([
      ['grid 500 m E375000 N164000', 6],
      ['grid 500 m E374500 N163500', 2],
      ['grid 500 m E380000 N170000', 2],
      ['grid 500 m E380500 N170000', 2],
      ['grid 500 m E381000 N170000', 2],
    ]);
    expect(hotSpots(layerAt(lsoaPoints), null, { by: 'grid' })[0]!.kind).toBe('grid');
  });
});

describe('hotSpotCoverage', () => {
  const layer = layerAt(lsoaPoints);
  const spots = hotSpots(layer, null, { topFraction: 0.2 }); // A (rows 0-4), B (5-7), C (8-10)

  it('covers a hot spot when any one of its crimes is covered', () => {
    const result = hotSpotCoverage(spots, Uint32Array.of(1, 2, 7, 20), layer.columns.count);
    expect(result.covered).toBe(2);
    expect(result.total).toBe(3);
    expect(result.share).toBeCloseTo(2 / 3, 12);
    // Rows 1 and 2 of A, row 7 of B; row 20 is in no hot spot.
    expect(result.crimesInHotSpotsCovered).toBe(3);
    expect(result.uncovered.map((s) => s.id)).toEqual(['C']);
  });

  it('lists the gaps most crimes first', () => {
    const result = hotSpotCoverage(spots, new Uint32Array(0), layer.columns.count);
    expect(result).toMatchObject({ covered: 0, total: 3, share: 0, crimesInHotSpotsCovered: 0 });
    expect(result.uncovered.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    expect(hotSpotCoverage([], new Uint32Array(0), 0)).toMatchObject({ covered: 0, total: 0, share: 0 });
  });
});

describe('hot spots on the Avon and Somerset sample, against a count by hand-written loop', () => {
  const text = decodeText(new Uint8Array(readFileSync(new URL('../../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url))));
  const { columns } = parsePoliceUkCsv(text, 'sample');
  const layer = crimeLayer(columns, buildPointIndex(columns));
  const filter = { categoryColumn: 'crimeType', excludedCategories: ['Anti-social behaviour'], fromMonth: null, toMonth: null };

  it('finds the top decile of LSOAs, ties in, each with its crimes', () => {
    const lsoa = columns.attributes.lsoaCode;
    if (lsoa?.kind !== 'dictionary') throw new Error('no LSOA column');
    const pass = passingRows(columns, filter);
    const counts = new Map<string, number>();
    for (let row = 0; row < columns.count; row++) {
      const code = lsoa.dictionary[lsoa.codes[row]!]!;
      if (pass[row] === 1 && code !== '') counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const threshold = sorted[Math.ceil(sorted.length / 10) - 1]!;
    const expected = [...counts].filter(([, n]) => n >= threshold).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const spots = hotSpots(layer, filter);
    expect(spots.map((s) => [s.id, s.crimes])).toEqual(expected);
    expect(spots.length).toBeGreaterThanOrEqual(Math.ceil(counts.size / 10));
    for (const spot of spots) {
      expect(spot.rows).toHaveLength(spot.crimes);
      for (const row of spot.rows) expect(lsoa.dictionary[lsoa.codes[row]!]).toBe(spot.id);
    }
  });

  it('finds the top decile of 250 m squares', () => {
    const pass = passingRows(columns, filter);
    const counts = new Map<string, number>();
    for (let row = 0; row < columns.count; row++) {
      if (pass[row] === 0) continue;
      const id = `grid 250 m E${Math.floor(layer.grid.easting[row]! / 250) * 250} N${Math.floor(layer.grid.northing[row]! / 250) * 250}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const threshold = sorted[Math.ceil(sorted.length / 10) - 1]!;
    const spots = hotSpots(layer, filter, { by: 'grid' });
    expect(spots.map((s) => [s.id, s.crimes])).toEqual([...counts].filter(([, n]) => n >= threshold).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  });
});
