import turfBearing from '@turf/bearing';
import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { aimPoint, bearingTowards, coverageShape } from './coverage-shape.ts';

const bath = { lon: -2.3597, lat: 51.3811 };
const geodesicMetres = (a: number[], b: number[]) => turfDistance(a as [number, number], b as [number, number], { units: 'meters' });

describe('coverageShape', () => {
  it('draws a closed sector whose arc lies at the range, checked geodesically with Turf', () => {
    const shape = coverageShape({ ...bath, bearingDegrees: 90, rangeMetres: 300, fieldOfViewDegrees: 30 });
    const ring = shape.coordinates[0]!;
    expect(ring[0]).toEqual([bath.lon, bath.lat]);
    expect(ring.at(-1)).toEqual(ring[0]);
    const arc = ring.slice(1, -1);
    expect(arc.length).toBeGreaterThanOrEqual(9);
    for (const vertex of arc) {
      // Turf measures on a sphere, up to 0.5% off the ellipsoid that BNG (scale 0.9996 here) is built on.
      expect(Math.abs(geodesicMetres([bath.lon, bath.lat], vertex) - 300)).toBeLessThan(300 * 0.004);
    }
  });

  it('aims the middle of the arc on the compass bearing and spans the field of view', () => {
    for (const bearing of [0, 45, 200, 359]) {
      const ring = coverageShape({ ...bath, bearingDegrees: bearing, rangeMetres: 150, fieldOfViewDegrees: 40 }).coordinates[0]!;
      const arc = ring.slice(1, -1);
      const mid = arc[(arc.length - 1) / 2]!;
      const midBearing = (turfBearing([bath.lon, bath.lat], mid as [number, number]) + 360) % 360;
      const delta = ((midBearing - bearing + 540) % 360) - 180;
      // A sphere's bearings differ from the ellipsoid's by up to 0.1 degree at 45 degrees.
      expect(Math.abs(delta), `bearing ${bearing}`).toBeLessThan(0.12);
      const first = turfBearing([bath.lon, bath.lat], arc[0] as [number, number]);
      const last = turfBearing([bath.lon, bath.lat], arc.at(-1) as [number, number]);
      expect(Math.abs(((((last - first) % 360) + 360) % 360) - 40)).toBeLessThan(0.25);
    }
  });

  it('draws a circle when the NRD has no bearing or sees all round', () => {
    for (const site of [
      { ...bath, bearingDegrees: null, rangeMetres: 100, fieldOfViewDegrees: 30 },
      { ...bath, bearingDegrees: 10, rangeMetres: 100, fieldOfViewDegrees: 360 },
    ]) {
      const ring = coverageShape(site).coordinates[0]!;
      expect(ring).not.toContainEqual([bath.lon, bath.lat]);
      for (const vertex of ring) expect(Math.abs(geodesicMetres([bath.lon, bath.lat], vertex) - 100)).toBeLessThan(100 * 0.004);
    }
  });
});

describe('aim handle', () => {
  it('sits at the range along the bearing, checked with Turf, and at north when there is no bearing', () => {
    for (const bearing of [0, 75, 180, 301]) {
      const handle = aimPoint({ ...bath, bearingDegrees: bearing, rangeMetres: 200, fieldOfViewDegrees: 30 });
      const at = [handle.lon, handle.lat];
      expect(Math.abs(geodesicMetres([bath.lon, bath.lat], at) - 200)).toBeLessThan(200 * 0.004);
      const delta = ((((turfBearing([bath.lon, bath.lat], at as [number, number]) - bearing) % 360) + 540) % 360) - 180;
      expect(Math.abs(delta), `bearing ${bearing}`).toBeLessThan(0.12);
    }
    const north = aimPoint({ ...bath, bearingDegrees: null, rangeMetres: 100, fieldOfViewDegrees: 30 });
    expect(Math.abs(turfBearing([bath.lon, bath.lat], [north.lon, north.lat]))).toBeLessThan(0.12);
  });

  it('turns a site towards where the handle is dropped: bearingTowards undoes aimPoint', () => {
    for (const bearing of [0, 0.5, 89, 180, 270, 359.5]) {
      const handle = aimPoint({ ...bath, bearingDegrees: bearing, rangeMetres: 120, fieldOfViewDegrees: 30 });
      const back = bearingTowards(bath, handle);
      // proj4 round trips to about a millimetre: 0.001 degree at 120 m.
      expect(Math.abs(((back - bearing + 540) % 360) - 180)).toBeLessThan(1e-3);
      expect(back).toBeGreaterThanOrEqual(0);
      expect(back).toBeLessThan(360);
    }
  });
});
