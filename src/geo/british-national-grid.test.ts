import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bngToWgs84, gridConvergenceDegrees, isWithinNationalGrid, wgs84ToBng } from './british-national-grid.ts';

/** ONS publishes each police force area's label point in both BNG and WGS84: an independent check. */
const onsPoints = readFileSync(new URL('../../test/fixtures/ons-police-force-area-points.csv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('code,'))
  .map((line) => {
    const [code, , easting, northing, lon, lat] = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    return { code, easting: Number(easting), northing: Number(northing), lon: Number(lon), lat: Number(lat) };
  });

describe('British National Grid', () => {
  it('has all 43 England and Wales force areas in the fixture', () => {
    expect(onsPoints).toHaveLength(43);
  });

  it('projects WGS84 to BNG within the Helmert transformation error (5 m) of ONS figures', () => {
    for (const p of onsPoints) {
      const grid = wgs84ToBng(p);
      // 5 m Helmert error plus rounding of the published figures (1 m and 5 decimal places).
      expect(Math.hypot(grid.easting - p.easting, grid.northing - p.northing), p.code).toBeLessThan(6);
    }
  });

  it('round-trips BNG to WGS84 and back to the centimetre', () => {
    for (const p of onsPoints) {
      const back = wgs84ToBng(bngToWgs84(p));
      expect(back.easting).toBeCloseTo(p.easting, 2);
      expect(back.northing).toBeCloseTo(p.northing, 2);
    }
  });

  it('tells grid metres from degrees', () => {
    expect(isWithinNationalGrid({ easting: 375_000, northing: 165_000 })).toBe(true);
    expect(isWithinNationalGrid({ easting: -2.36, northing: 51.38 })).toBe(false);
  });

  it('matches the textbook convergence (lon0 - lon) * sin(lat), zero on the central meridian', () => {
    // The datum shift moves WGS84's 2 W about 100 m off OSGB36's, hence two decimal places.
    expect(gridConvergenceDegrees({ lon: -2, lat: 52 })).toBeCloseTo(0, 2);
    // West of 2 W, meridians lean east as they run north: true north is clockwise of grid north.
    const expected = (-2 - -2.36) * Math.sin((51.38 * Math.PI) / 180);
    expect(gridConvergenceDegrees({ lon: -2.36, lat: 51.38 })).toBeCloseTo(expected, 2);
  });
});
