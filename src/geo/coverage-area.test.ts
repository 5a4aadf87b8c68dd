import { describe, expect, it } from 'vitest';
import { buildPointIndex } from './point-index.ts';
import { bngToWgs84, gridConvergenceDegrees, wgs84ToBng } from './british-national-grid.ts';
import { coverageArea, coverageContains, coverageRing, gridPoints, rowsInCoverage, type CoverageArea } from './coverage-area.ts';

const centre = { easting: 375000, northing: 164000 };
const east90: CoverageArea = { ...centre, radiusMetres: 100, sector: { startGridDegrees: 75, spanDegrees: 30 } };
const at = (bearingDegrees: number, metres: number) => [
  centre.easting + metres * Math.sin((bearingDegrees * Math.PI) / 180),
  centre.northing + metres * Math.cos((bearingDegrees * Math.PI) / 180),
] as const;

describe('coverage area in grid metres', () => {
  it('holds points within the range and the angle, edges included, and nothing else', () => {
    expect(coverageContains(east90, ...at(90, 50))).toBe(true);
    expect(coverageContains(east90, ...at(75, 99.9999))).toBe(true);
    expect(coverageContains(east90, ...at(105, 99.999))).toBe(true);
    expect(coverageContains(east90, ...at(106, 50))).toBe(false);
    expect(coverageContains(east90, ...at(90, 100.01))).toBe(false);
    expect(coverageContains(east90, centre.easting, centre.northing)).toBe(true);
    expect(coverageContains(east90, ...at(270, 50))).toBe(false);
  });

  it('handles a sector across north', () => {
    const north: CoverageArea = { ...centre, radiusMetres: 100, sector: { startGridDegrees: 350, spanDegrees: 20 } };
    expect(coverageContains(north, ...at(355, 50))).toBe(true);
    expect(coverageContains(north, ...at(5, 50))).toBe(true);
    expect(coverageContains(north, ...at(15, 50))).toBe(false);
  });

  it('turns a compass bearing into a grid bearing with the convergence at the site', () => {
    const site = { ...bngToWgs84(centre), bearingDegrees: 90, rangeMetres: 100, fieldOfViewDegrees: 30 };
    const area = coverageArea(site);
    expect(area.easting).toBeCloseTo(centre.easting, 2);
    expect(area.sector!.startGridDegrees).toBeCloseTo(75 + gridConvergenceDegrees(site), 9);
    expect(coverageArea({ ...site, bearingDegrees: null }).sector).toBeNull();
    expect(coverageArea({ ...site, fieldOfViewDegrees: 360 }).sector).toBeNull();
  });

  it('cuts the arc into a polygon whose area approaches the sector’s, from inside', () => {
    const shoelace = (ring: [number, number][]) => Math.abs(ring.reduce((sum, [x, y], i) => { const [nx, ny] = ring[(i + 1) % ring.length]!; return sum + x * ny - nx * y; }, 0)) / 2;
    const exact = (Math.PI * 100 * 100 * 30) / 360;
    const coarse = shoelace(coverageRing(east90));
    const fine = shoelace(coverageRing(east90, 3600));
    expect(coarse).toBeLessThan(exact);
    expect(1 - coarse / exact).toBeLessThan(0.0015);
    expect(1 - fine / exact).toBeLessThan(0.00001);
    const circle: CoverageArea = { ...centre, radiusMetres: 100, sector: null };
    expect(shoelace(coverageRing(circle, 360)) / (Math.PI * 100 * 100)).toBeGreaterThan(0.9999);
  });

  it('reads a layer’s grid positions back out of its index, by row, and finds the rows inside', () => {
    const points = [at(90, 50), at(90, 150), at(270, 50), at(80, 99)].map(([easting, northing]) => bngToWgs84({ easting, northing }));
    const columns = { count: 4, lon: Float64Array.from(points, (p) => p.lon), lat: Float64Array.from(points, (p) => p.lat), attributes: {} };
    const grid = gridPoints(buildPointIndex(columns));
    for (let row = 0; row < 4; row++) {
      const expected = wgs84ToBng(points[row]!);
      expect(grid.easting[row]).toBeCloseTo(expected.easting, 6);
      expect(grid.northing[row]).toBeCloseTo(expected.northing, 6);
    }
    expect(rowsInCoverage(grid, east90).sort()).toEqual([0, 3]);
  });
});
