import { readFileSync } from 'node:fs';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { gridPoints } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { dftTrafficCsvDriver } from '../io/dft-traffic-csv.ts';
import { CandidateError, candidatePositions, gridArea } from './placement-candidates.ts';

/** A polygon drawn in grid metres, handed over in WGS84 as a boundary file or the map would give it. */
const polygonAt = (corners: [number, number][]): Polygon => ({
  type: 'Polygon',
  coordinates: [[...corners, corners[0]!].map(([easting, northing]) => {
    const { lon, lat } = bngToWgs84({ easting, northing });
    return [lon, lat];
  })],
});

// 1,020 m square whose edges sit 10 m off the 250 m lines, so no grid point is on an edge.
const square = gridArea(polygonAt([[373990, 164990], [375010, 164990], [375010, 166010], [373990, 166010]]));

describe('candidate positions inside the planning area', () => {
  it('puts grid points on whole multiples of the spacing: 5 x 5 in a 1 km square at 250 m', () => {
    const grid = candidatePositions(square, { kind: 'grid', spacingMetres: 250 });
    expect(grid).toHaveLength(25);
    expect(grid[0]).toMatchObject({ easting: 374000, northing: 165000, label: 'Grid point ST 74000 65000' });
    expect(grid.every((c) => c.easting % 250 === 0 && c.northing % 250 === 0)).toBe(true);
  });

  it('keeps only the grid points inside a triangle, by the even-odd rule', () => {
    // Right triangle over the square's lower-right half: points with x - 374000 >= y - 165000 (+10 m margin).
    const triangle = gridArea(polygonAt([[373980, 164990], [375010, 164990], [375010, 166020]]));
    const grid = candidatePositions(triangle, { kind: 'grid', spacingMetres: 250 });
    // Columns i = 0..4, rows j = 0..i: 1 + 2 + 3 + 4 + 5.
    expect(grid).toHaveLength(15);
    expect(grid.every((c) => c.easting - 374000 >= c.northing - 165000)).toBe(true);
  });

  it('walks along lines, a point every step from half a step in', () => {
    const { lon: lon0, lat: lat0 } = bngToWgs84({ easting: 374100, northing: 165500 });
    const { lon: lon1, lat: lat1 } = bngToWgs84({ easting: 374900, northing: 165500 });
    const roads = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { number: 'A4', name: 'London Road' }, geometry: { type: 'LineString' as const, coordinates: [[lon0, lat0], [lon1, lat1]] } }] };
    const found = candidatePositions(square, { kind: 'lines', layerName: 'Roads', features: roads, everyMetres: 300 });
    // 800 m of road: at 150, 450 and 750 m.
    expect(found.map((c) => Math.round(c.easting))).toEqual([374250, 374550, 374850]);
    expect(found[0]!.label).toBe('A4 London Road, 150 m along');
  });

  it('takes DfT count points inside the area once each, whatever the number of years', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../test/fixtures/io/dft/dft-aadf-leeds-63-slice.csv', import.meta.url)));
    const parsed = await dftTrafficCsvDriver.read({ name: 'leeds.csv', bytes }, { onProgress: () => {}, choices: {}, jobState: new Map(), companions: [] });
    if (parsed.geometry !== 'point') throw new Error('expected a point layer');
    const columns = parsed.columns;
    const grid = gridPoints(buildPointIndex(columns));
    // The whole of Leeds: every count point in the file.
    const leeds = gridArea(polygonAt([[380000, 420000], [460000, 420000], [460000, 460000], [380000, 460000]]));
    const found = candidatePositions(leeds, { kind: 'points', layerName: 'Traffic', columns, grid });
    const countPoints = columns.attributes.countPointId;
    if (countPoints?.kind !== 'dictionary') throw new Error('no count point column');
    const places = new Set(Array.from({ length: columns.count }, (_, row) => `${Math.round(grid.easting[row]!)},${Math.round(grid.northing[row]!)}`));
    expect(found).toHaveLength(places.size);
    expect(found.length).toBeLessThan(columns.count);
    expect(found[0]!.label).toMatch(/^Count point \d+, \S+/);
  });

  it('refuses more candidates than the limit with a message saying what to do', () => {
    expect(() => candidatePositions(square, { kind: 'grid', spacingMetres: 10 }, 1000)).toThrow(CandidateError);
    expect(() => candidatePositions(square, { kind: 'grid', spacingMetres: 10 }, 1000)).toThrow(/more than 1,000 grid points at 10 m\. Choose a smaller area/);
    expect(() => candidatePositions(square, { kind: 'grid', spacingMetres: 5 })).toThrow(/at least 10 metres/);
  });
});
