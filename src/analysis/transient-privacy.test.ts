import { existsSync, readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DictionaryBuilder, type PointColumns } from '../domain/point-columns.ts';
import { bngToWgs84, wgs84ToBng } from '../geo/british-national-grid.ts';
import { coverageArea, coverageContains, gridPoints, type CoverageArea } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { dftTrafficCsvDriver } from '../io/dft-traffic-csv.ts';
import type { ImportContext } from '../io/format-driver.ts';
import { TRAFFIC_MATCHING_NOTE, transientPopulation, transientPopulationOfSet, type TrafficLayer } from './transient-privacy.ts';

const centre = { easting: 375000, northing: 164000 };
/** A sector facing grid east, 60° wide, 100 m. */
const east: CoverageArea = { ...centre, radiusMetres: 100, sector: { startGridDegrees: 60, spanDegrees: 60 } };
const at = (bearingDegrees: number, metres: number, from = centre) => ({
  easting: from.easting + metres * Math.sin((bearingDegrees * Math.PI) / 180),
  northing: from.northing + metres * Math.cos((bearingDegrees * Math.PI) / 180),
});

interface Row {
  id: string;
  year: number;
  vehicles: number;
  where: { easting: number; northing: number };
  cars?: number;
  hgvs?: number;
  road?: string;
  method?: string;
}

/** A traffic layer as the DfT import makes it, from rows placed in grid metres. */
function trafficLayer(rows: Row[]): TrafficLayer {
  const positions = rows.map((row) => bngToWgs84(row.where));
  const ids = new DictionaryBuilder();
  const roads = new DictionaryBuilder();
  const methods = new DictionaryBuilder();
  for (const row of rows) {
    ids.push(row.id);
    roads.push(row.road ?? 'A4');
    methods.push(row.method ?? 'Counted');
  }
  const columns: PointColumns = {
    count: rows.length,
    lon: Float64Array.from(positions, (p) => p.lon),
    lat: Float64Array.from(positions, (p) => p.lat),
    attributes: {
      countPointId: ids.build(),
      year: { kind: 'number', values: Float64Array.from(rows, (r) => r.year) },
      allMotorVehicles: { kind: 'number', values: Float64Array.from(rows, (r) => r.vehicles) },
      roadName: roads.build(),
      estimationMethod: methods.build(),
      carsAndTaxis: { kind: 'number', values: Float64Array.from(rows, (r) => r.cars ?? NaN) },
      allHgvs: { kind: 'number', values: Float64Array.from(rows, (r) => r.hgvs ?? NaN) },
    },
  };
  return { columns, grid: gridPoints(buildPointIndex(columns)) };
}

// Positions go to WGS84 and back to the grid as an imported layer's do: good to a few millimetres, hence distances to 2 decimals.
const hand = trafficLayer([
  // Two years of one count point: only one of them is ever counted.
  { id: 'A', year: 2018, vehicles: 1000, cars: 900, hgvs: 20, where: at(90, 50) },
  { id: 'A', year: 2019, vehicles: 1200, cars: 1000, hgvs: 30, where: at(90, 50) },
  { id: 'B', year: 2019, vehicles: 500, cars: 450, hgvs: 5, where: at(100, 99), road: 'B3110' },
  // Just beyond the arc, and just outside the angle: on a road through the sector, but not counted.
  { id: 'C', year: 2019, vehicles: 700, cars: 600, hgvs: 10, where: at(90, 101) },
  { id: 'D', year: 2019, vehicles: 300, cars: 290, hgvs: 1, where: at(121, 50) },
  // Moved along its link in 2019, from inside the sector to behind the camera.
  { id: 'E', year: 2017, vehicles: 800, cars: 700, hgvs: 8, where: at(90, 80) },
  { id: 'E', year: 2019, vehicles: 850, cars: 760, hgvs: 9, where: at(270, 50) },
  // Latest year 2018, estimated, no class breakdown.
  { id: 'F', year: 2018, vehicles: 400, where: at(70, 30), method: 'Estimated' },
]);

describe('transient population from DfT count points', () => {
  it('sums the latest year of each count point inside the coverage, never years together', () => {
    const result = transientPopulation(hand, east);
    expect(result.countPoints.map((p) => p.countPointId)).toEqual(['F', 'A', 'B']);
    expect(result.vehiclesPerDay).toBe(400 + 1200 + 500);
    expect(result.countPoints.map((p) => p.year)).toEqual([2018, 2019, 2019]);
    expect(result.countPoints.map((p) => p.distanceMetres)).toEqual([expect.closeTo(30, 2), expect.closeTo(50, 2), expect.closeTo(99, 2)]);
    expect(result.countPoints[2]).toMatchObject({ road: 'B3110', allMotorVehicles: 500, classes: { carsAndTaxis: 450, allHgvs: 5 }, estimationMethod: 'Counted' });
    // F has no class figures: left out of its classes and of the class totals, not counted as 0 or NaN.
    expect(result.countPoints[0]!.classes).toEqual({});
    expect(result.byClass).toEqual({ carsAndTaxis: 1000 + 450, allHgvs: 30 + 5 });
    expect(result.year).toBeNull();
    expect(result.note).toBe('3 count points, each at its latest year: 2019 (2), 2018 (1). 1 of them is estimated by DfT from earlier counts, not counted that year.');
  });

  it('uses the year asked for, and leaves out count points without a figure that year', () => {
    const in2018 = transientPopulation(hand, east, { year: 2018 });
    expect(in2018.countPoints.map((p) => [p.countPointId, p.allMotorVehicles])).toEqual([['F', 400], ['A', 1000]]);
    expect(in2018.vehiclesPerDay).toBe(1400);
    expect(in2018.year).toBe(2018);
    // E stood inside the sector in 2017; its latest position is behind the camera.
    expect(transientPopulation(hand, east, { year: 2017 }).countPoints.map((p) => [p.countPointId, p.allMotorVehicles])).toEqual([['E', 800]]);
    const behind: CoverageArea = { ...east, sector: { startGridDegrees: 240, spanDegrees: 60 } };
    expect(transientPopulation(hand, behind).countPoints.map((p) => [p.countPointId, p.year])).toEqual([['E', 2019]]);
  });

  it('says when nothing is counted, rather than reporting a measured zero', () => {
    const away: CoverageArea = { ...east, easting: centre.easting + 5000 };
    const result = transientPopulation(hand, away);
    expect(result).toMatchObject({ vehiclesPerDay: 0, countPoints: [], byClass: {}, year: null });
    expect(result.note).toMatch(/no measured traffic, not a measured zero/);
    expect(transientPopulation(hand, east, { year: 1990 }).note).toMatch(/No DfT count point with a 1990 figure/);
  });

  it('takes a whole circle when the site has no bearing', () => {
    const circle: CoverageArea = { ...east, sector: null };
    // C (101 m) is still beyond the range; E's latest position (50 m behind) is now inside.
    expect(transientPopulation(hand, circle).countPoints.map((p) => p.countPointId).sort()).toEqual(['A', 'B', 'D', 'E', 'F']);
    expect(transientPopulation(hand, circle).vehiclesPerDay).toBe(1200 + 500 + 300 + 850 + 400);
  });

  it('counts a count point once for a set of sites, from the nearest site that covers it', () => {
    const second: CoverageArea = { ...at(90, 80), radiusMetres: 40, sector: null };
    // A (30 m from the second site) and C (21 m from it, beyond the first sector) are both inside the second.
    const set = transientPopulationOfSet(hand, [east, second]);
    expect(set.countPoints.map((p) => p.countPointId).sort()).toEqual(['A', 'B', 'C', 'F']);
    expect(set.vehiclesPerDay).toBe(1200 + 500 + 700 + 400);
    expect(set.countPoints.find((p) => p.countPointId === 'A')!.distanceMetres).toBeCloseTo(30, 2);
    expect(transientPopulationOfSet(hand, [east, east]).vehiclesPerDay).toBe(transientPopulation(hand, east).vehiclesPerDay);
    expect(transientPopulationOfSet(hand, []).vehiclesPerDay).toBe(0);
  });

  it('explains the matching rule for the site panel and the docs', () => {
    expect(TRAFFIC_MATCHING_NOTE).toMatch(/whose position is inside the coverage/);
    expect(TRAFFIC_MATCHING_NOTE).toMatch(/just outside a sector is not counted/);
    expect(TRAFFIC_MATCHING_NOTE).toMatch(/stands for the whole road link/);
    expect(TRAFFIC_MATCHING_NOTE).toMatch(/never summed over years/);
  });

  it('refuses a layer that is not a DfT count layer', () => {
    const columns: PointColumns = { count: 0, lon: new Float64Array(), lat: new Float64Array(), attributes: {} };
    expect(() => transientPopulation({ columns, grid: gridPoints(buildPointIndex(columns)) }, east)).toThrow(/countPointId, year and allMotorVehicles/);
  });
});

const context: ImportContext = { onProgress: () => {}, choices: {}, jobState: new Map(), companions: [] };

async function readTraffic(url: URL): Promise<TrafficLayer> {
  const parsed = await dftTrafficCsvDriver.read({ name: url.pathname.split('/').pop()!, bytes: new Uint8Array(readFileSync(url)) }, context);
  if (parsed.geometry !== 'point') throw new Error('expected points');
  return { columns: parsed.columns, grid: gridPoints(buildPointIndex(parsed.columns)) };
}

/** The brute force: the file read by Papa Parse, each count point's latest row, distances by Turf (geodesic, WGS84). */
function latestRows(url: URL) {
  const rows = Papa.parse<Record<string, string>>(readFileSync(url, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const latest = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const seen = latest.get(row.count_point_id!);
    if (!seen || Number(row.year) > Number(seen.year)) latest.set(row.count_point_id!, row);
  }
  return [...latest.values()].map((row) => ({
    id: row.count_point_id!,
    year: Number(row.year),
    lon: Number(row.longitude),
    lat: Number(row.latitude),
    vehicles: Number(row.all_motor_vehicles),
    cars: Number(row.cars_and_taxis),
  }));
}

const siteAt = (lon: number, lat: number, rangeMetres: number) => coverageArea({ lon, lat, bearingDegrees: null, rangeMetres, fieldOfViewDegrees: 360 });

describe('transient population on real DfT counts (Leeds fixture)', async () => {
  const url = new URL('../../test/fixtures/io/dft/dft-aadf-leeds-63-slice.csv', import.meta.url);
  const leeds = await readTraffic(url);
  // Count point 46069 (A58M, Leeds) has every year 2000-2020 and moved about 150 m along its link in 2015.
  const now = { lon: -1.5516695, lat: 53.804123 };
  const before = { lon: -1.55337928, lat: 53.80325948 };

  it('takes 46069 at its 2020 figure and A660 point 8540 at 2019, as the file gives them', () => {
    const result = transientPopulation(leeds, siteAt(now.lon, now.lat, 400));
    expect(result.countPoints.map((p) => [p.countPointId, p.year, p.allMotorVehicles, p.road])).toEqual([
      ['46069', 2020, 55289, 'A58M'],
      ['8540', 2019, 15238, 'A660'],
    ]);
    expect(result.vehiclesPerDay).toBe(55289 + 15238);
    expect(result.byClass.carsAndTaxis).toBe(45064 + 12987);
    expect(result.byClass.pedalCycles).toBe(0 + 668);
    const turf = turfDistance([now.lon, now.lat], [-1.5467127, 53.803341], { units: 'meters' });
    expect(Math.abs(result.countPoints[1]!.distanceMetres / turf - 1)).toBeLessThan(0.005);
  });

  it('matches a count point where its latest row puts it, not where it stood before', () => {
    const old = siteAt(before.lon, before.lat, 50);
    expect(transientPopulation(leeds, old).countPoints).toEqual([]);
    expect(transientPopulation(leeds, old, { year: 2010 }).countPoints.map((p) => [p.countPointId, p.allMotorVehicles])).toEqual([['46069', 73641]]);
  });

  it('agrees with a brute-force count over the file', () => {
    const brute = latestRows(url);
    for (const site of brute) {
      const area = siteAt(site.lon, site.lat, 3000);
      const expected = brute.filter((p) => turfDistance([site.lon, site.lat], [p.lon, p.lat], { units: 'meters' }) <= 3000);
      const result = transientPopulation(leeds, area);
      expect(result.countPoints.map((p) => p.countPointId).sort()).toEqual(expected.map((p) => p.id).sort());
      expect(result.vehiclesPerDay).toBe(expected.reduce((sum, p) => sum + p.vehicles, 0));
    }
  });
});

const SHARED_LEEDS = new URL('../../../shared/data/traffic/dft_aadf_local_authority_id_63.csv', import.meta.url);

describe('transient population on the whole Leeds AADF file (../shared)', () => {
  it.skipIf(!existsSync(SHARED_LEEDS))('matches a brute force (Turf distance, the CSV’s own counts) at every 10th count point', async () => {
    const leeds = await readTraffic(SHARED_LEEDS);
    const brute = latestRows(SHARED_LEEDS);
    const radius = 1000;
    let compared = 0;
    let nearEdge = 0;
    for (let s = 0; s < brute.length; s += 10) {
      const site = brute[s]!;
      const result = transientPopulation(leeds, siteAt(site.lon, site.lat, radius));
      const distances = brute.map((p) => ({ ...p, metres: turfDistance([site.lon, site.lat], [p.lon, p.lat], { units: 'meters' }) }));
      // Planar grid metres and Turf's sphere differ by a fraction of a percent: a point that close to the edge may fall either way.
      const edge = distances.filter((p) => Math.abs(p.metres / radius - 1) < 0.005).map((p) => p.id);
      nearEdge += edge.length;
      const expected = distances.filter((p) => p.metres <= radius && !edge.includes(p.id));
      const got = result.countPoints.filter((p) => !edge.includes(p.countPointId));
      expect(got.map((p) => p.countPointId).sort()).toEqual(expected.map((p) => p.id).sort());
      expect(got.reduce((sum, p) => sum + p.allMotorVehicles, 0)).toBe(expected.reduce((sum, p) => sum + p.vehicles, 0));
      expect(got.reduce((sum, p) => sum + (p.classes.carsAndTaxis ?? 0), 0)).toBe(expected.reduce((sum, p) => sum + (Number.isFinite(p.cars) ? p.cars : 0), 0));
      for (const point of got) {
        const turf = distances.find((p) => p.id === point.countPointId)!.metres;
        if (turf > 10) expect(Math.abs(point.distanceMetres / turf - 1)).toBeLessThan(0.005);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    expect(nearEdge).toBeLessThan(compared);
  });

  it.skipIf(!existsSync(SHARED_LEEDS))('finds in a sector what a scan of every row finds, through the index', async () => {
    const leeds = await readTraffic(SHARED_LEEDS);
    const { columns } = leeds;
    const ids = columns.attributes.countPointId!;
    const years = columns.attributes.year!;
    if (ids.kind !== 'dictionary' || years.kind !== 'number') throw new Error('unexpected columns');
    const latest = new Map<number, number>();
    for (let row = 0; row < columns.count; row++) {
      const seen = latest.get(ids.codes[row]!);
      if (seen === undefined || years.values[row]! > years.values[seen]!) latest.set(ids.codes[row]!, row);
    }
    const sites = [0, 100, 200, 300].map((row) => wgs84ToBng({ lon: columns.lon[row]!, lat: columns.lat[row]! }));
    for (const position of sites) {
      for (const startGridDegrees of [0, 90, 330]) {
        const area: CoverageArea = { ...position, radiusMetres: 2000, sector: { startGridDegrees, spanDegrees: 90 } };
        const expected = [...latest.values()].filter((row) => {
          const grid = wgs84ToBng({ lon: columns.lon[row]!, lat: columns.lat[row]! });
          return coverageContains(area, grid.easting, grid.northing);
        });
        expect(transientPopulation(leeds, area).countPoints.map((p) => p.row).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      }
    }
  });
});
