import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePoliceUkCsv } from '../io/police-uk-csv.ts';
import { wgs84ToBng } from './british-national-grid.ts';
import { buildPointIndex, rowsWithinMetres } from './point-index.ts';

const sample = parsePoliceUkCsv(readFileSync(new URL('../../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url), 'utf8'), 'sample.csv').columns;

/** The same question answered by looking at every row: the independent check the index must agree with. */
function bruteForce(centre: { easting: number; northing: number }, radius: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < sample.count; i++) {
    const p = wgs84ToBng({ lon: sample.lon[i]!, lat: sample.lat[i]! });
    if (Math.hypot(p.easting - centre.easting, p.northing - centre.northing) <= radius) rows.push(i);
  }
  return rows;
}

describe('point index', () => {
  const index = buildPointIndex(sample);

  it('finds exactly the crimes a brute-force search finds, around Bath and Bristol', () => {
    for (const [lon, lat, radius] of [
      [-2.3597, 51.3811, 300],
      [-2.5879, 51.4545, 150],
      [-2.3670, 51.3768, 250],
    ] as const) {
      const centre = wgs84ToBng({ lon, lat });
      const found = rowsWithinMetres(index, centre, radius).sort((a, b) => a - b);
      expect(found, `${lon},${lat}`).toEqual(bruteForce(centre, radius));
      expect(found.length).toBeGreaterThan(0);
    }
  });

  it('reopens from its stored bytes and skips rows without a position', () => {
    const copy = buildPointIndex({ count: 2, lon: Float64Array.of(NaN, -2.36), lat: Float64Array.of(NaN, 51.38), attributes: {} });
    const bytes = structuredClone(copy);
    expect(rowsWithinMetres(bytes, wgs84ToBng({ lon: -2.36, lat: 51.38 }), 1)).toEqual([1]);
  });
});
