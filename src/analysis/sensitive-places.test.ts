import { existsSync, readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import Papa from 'papaparse';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { DictionaryBuilder, type PointColumns } from '../domain/point-columns.ts';
import { bngToWgs84, wgs84ToBng } from '../geo/british-national-grid.ts';
import { coverageArea, coverageRing, type CoverageArea } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import type { ImportContext } from '../io/format-driver.ts';
import { parseGeoJson } from '../io/geojson.ts';
import { pointCsvDriver } from '../io/point-csv.ts';
import { prepareSensitivePlaces, sensitivePlaces, type PlaceLayerInput, type SensitivePlace } from './sensitive-places.ts';

const centre = { easting: 375000, northing: 164000 };
/** A sector facing grid north, 60° wide (330° to 30°), 100 m. */
const north: CoverageArea = { ...centre, radiusMetres: 100, sector: { startGridDegrees: 330, spanDegrees: 60 } };
/** Grid metres east and north of the site, as WGS84 (layers are stored in WGS84). */
const lonLat = (x: number, y: number): Position => {
  const { lon, lat } = bngToWgs84({ easting: centre.easting + x, northing: centre.northing + y });
  return [lon, lat];
};
const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [lonLat(x0, y0), lonLat(x1, y0), lonLat(x1, y1), lonLat(x0, y1), lonLat(x0, y0)];
const feature = (geometry: Feature['geometry'], properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry, properties });
const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

function pointLayer(rows: { x: number; y: number; text: Record<string, string> }[]): PointColumns {
  const names = Object.keys(rows[0]!.text);
  const builders = names.map(() => new DictionaryBuilder());
  const lon: number[] = [];
  const lat: number[] = [];
  for (const row of rows) {
    const [x, y] = lonLat(row.x, row.y) as [number, number];
    lon.push(x);
    lat.push(y);
    names.forEach((name, i) => builders[i]!.push(row.text[name] ?? ''));
  }
  return { count: rows.length, lon: Float64Array.from(lon), lat: Float64Array.from(lat), attributes: Object.fromEntries(names.map((name, i) => [name, builders[i]!.build()])) };
}

const school = (name: string, x: number, y: number) => ({ x, y, text: { 'Local authority (name)': 'Bath and North East Somerset', 'Establishment name': name, 'Type of establishment': 'Academy' } });
const schools = pointLayer([
  school('North School', 0, 50),
  school('Behind School', 0, -30),
  school('Far Behind School', 0, -60),
  school('Just Beyond School', 0, 101),
  school('', 10, 20),
]);

const site = (name: string, geometry: Feature['geometry'], classifica = 'Primary Education') => feature(geometry, { id: name, distname: name, sitetheme: 'Education', classifica, featcode: 15810 });
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const cos30 = Math.cos(Math.PI / 6);
// A 20 m square centred on the sector's left edge, 60 m out: two corners in the sector, two out.
const straddle = box(-30 - 10, 60 * cos30 - 10, -30 + 10, 60 * cos30 + 10);
const functionalSites = collection([
  site('Straddling School', polygon(straddle)),
  // No corner in the sector, no crossing of its straight edges: only the arc, bulging to 100 m, reaches past y = 98.
  site('Beyond The Arc College', polygon(box(-40, 98, 40, 200)), 'Further Education'),
  site('Around The Camera Hospital', polygon(box(-10, -10, 10, 10)), 'Hospital'),
  site('East School', polygon(box(60, -10, 80, 10))),
  site('Far School', polygon(box(200, 0, 220, 20))),
  // The site stands in a hole 10 m square: 5 m from the polygon, which the sector runs into.
  site('Courtyard School', { type: 'MultiPolygon', coordinates: [[box(-50, -50, 50, 50), box(-5, -5, 5, 5)], [box(300, 300, 310, 310)]] }),
]);
const lines = collection([
  feature({ type: 'LineString', coordinates: [lonLat(-200, 80), lonLat(200, 80)] }, { name: 'Line across the sector' }),
  feature({ type: 'LineString', coordinates: [lonLat(-200, 99), lonLat(200, 99)] }, { name: 'Line across the arc' }),
  feature({ type: 'MultiLineString', coordinates: [[lonLat(-200, -150), lonLat(200, -150)]] }, { name: 'Line behind' }),
]);

const layers: PlaceLayerInput[] = [
  { layerId: 'schools', layerName: 'Schools', kind: 'sensitive', data: { kind: 'points', columns: schools } },
  { layerId: 'sites', layerName: 'Functional sites', kind: 'sensitive', data: { kind: 'features', features: functionalSites } },
  { layerId: 'power', layerName: 'Electricity lines', kind: 'cni', data: { kind: 'features', features: lines } },
];
const prepared = prepareSensitivePlaces(layers);
const brief = (places: SensitivePlace[]) => places.map((p) => [p.label, Math.round(p.distanceMetres * 100) / 100, p.insideCoverage]);

describe('sensitive places near a site (hand fixtures)', () => {
  it('lists places inside the coverage or within the distance of the site, nearest first', () => {
    expect(brief(sensitivePlaces(prepared, north, 40))).toEqual([
      ['Around The Camera Hospital', 0, true],
      ['Courtyard School', 5, true],
      ['Schools row 5', 22.36, true],
      ['Behind School', 30, false],
      ['Straddling School', Math.round(Math.hypot(20, 60 * cos30 - 10) * 100) / 100, true],
      ['North School', 50, true],
      ['Line across the sector', 80, true],
      ['Beyond The Arc College', 98, true],
      ['Line across the arc', 99, true],
    ]);
  });

  it('takes in a place just outside the coverage once the distance reaches it', () => {
    const names = (within: number) => sensitivePlaces(prepared, north, within).map((p) => p.label);
    expect(names(40)).not.toContain('Just Beyond School');
    expect(names(40)).not.toContain('East School');
    expect(names(61)).toContain('East School');
    expect(names(101.5)).toContain('Just Beyond School');
    expect(sensitivePlaces(prepared, north, 101.5).find((p) => p.label === 'Just Beyond School')).toMatchObject({ insideCoverage: false, distanceMetres: expect.closeTo(101, 2) });
    expect(names(149)).not.toContain('Line behind');
    expect(names(151)).toContain('Line behind');
    expect(names(199)).not.toContain('Far School');
    expect(names(201)).toContain('Far School');
  });

  it('gives each place its layer, kind, category and record for the drill-down', () => {
    const places = sensitivePlaces(prepared, north, 40);
    expect(places.find((p) => p.label === 'North School')).toEqual({
      layerId: 'schools',
      layerName: 'Schools',
      kind: 'sensitive',
      label: 'North School',
      category: 'Academy',
      geometry: 'point',
      recordIndex: 0,
      distanceMetres: expect.closeTo(50, 2),
      insideCoverage: true,
    });
    expect(places.find((p) => p.label === 'Beyond The Arc College')).toMatchObject({ layerId: 'sites', category: 'Education / Further Education', geometry: 'polygon', recordIndex: 1 });
    expect(places.find((p) => p.label === 'Line across the sector')).toMatchObject({ kind: 'cni', layerName: 'Electricity lines', category: '', geometry: 'line', recordIndex: 0 });
  });

  it('measures a whole circle when the site has no bearing', () => {
    const circle: CoverageArea = { ...north, sector: null };
    const inside = sensitivePlaces(prepared, circle, 0).filter((p) => p.insideCoverage).map((p) => p.label);
    expect(inside.sort()).toEqual(
      ['Around The Camera Hospital', 'Beyond The Arc College', 'Behind School', 'Courtyard School', 'East School', 'Far Behind School', 'Line across the arc', 'Line across the sector', 'North School', 'Schools row 5', 'Straddling School'].sort(),
    );
  });

  it('prepares CNI and sensitive layers, and others only when their name says schools, worship or health', () => {
    const one = pointLayer([{ x: 0, y: 10, text: { name: 'Somewhere' } }]);
    const named = (layerName: string, kind: PlaceLayerInput['kind']) => prepareSensitivePlaces([{ layerId: layerName, layerName, kind, data: { kind: 'points', columns: one } }]);
    const found = (layerName: string, kind: PlaceLayerInput['kind']) => sensitivePlaces(named(layerName, kind), north, 50).map((p) => p.kind);
    expect(found('Places of worship', 'other')).toEqual(['sensitive']);
    expect(found('GP surgeries', 'other')).toEqual(['sensitive']);
    expect(found('primarySchools.csv', 'other')).toEqual(['sensitive']);
    expect(found('Substations', 'cni')).toEqual(['cni']);
    expect(found('Bus stops', 'other')).toEqual([]);
    expect(found('GPS fixes', 'other')).toEqual([]);
    expect(found('Crime near schools', 'crime')).toEqual([]);
    expect(found('Traffic by schools', 'traffic')).toEqual([]);
  });

  it('gives the same answer from a stored index as from the columns alone', () => {
    const withIndex = prepareSensitivePlaces([{ ...layers[0]!, data: { kind: 'points', columns: schools, index: buildPointIndex(schools) } }]);
    const without = prepareSensitivePlaces([layers[0]!]);
    expect(sensitivePlaces(withIndex, north, 80)).toEqual(sensitivePlaces(without, north, 80));
  });

  it('finds names in the usual properties, and point features in a features layer', () => {
    const points = collection([
      feature({ type: 'Point', coordinates: lonLat(0, 10) }, { NAME: 'Upper case', TYPE: 'Mosque' }),
      feature({ type: 'MultiPoint', coordinates: [lonLat(0, 500), lonLat(0, 20)] }, { SchoolName: 'Two points' }),
      feature({ type: 'Point', coordinates: lonLat(0, 30) }, { 'Local authority name': 'Not a place name', ref: 7 }),
      feature(null as unknown as Feature['geometry'], { name: 'No geometry' }),
    ]);
    const found = sensitivePlaces(prepareSensitivePlaces([{ layerId: 'w', layerName: 'Worship', kind: 'sensitive', data: { kind: 'features', features: points } }]), north, 0);
    expect(found.map((p) => [p.label, p.category, p.geometry, p.recordIndex, Math.round(p.distanceMetres)])).toEqual([
      ['Upper case', 'Mosque', 'point', 0, 10],
      ['Two points', '', 'point', 1, 20],
      ['Worship feature 3', '', 'point', 2, 30],
    ]);
    expect(sensitivePlaces(prepareSensitivePlaces([]), north, 100)).toEqual([]);
  });
});

// ---- Real data: independent checks with Turf (geodesic distance) and polygon-clipping (intersection) ----

const context: ImportContext = { onProgress: () => {}, choices: {}, jobState: new Map(), companions: [] };
const toGrid = (ring: Position[]): [number, number][] => ring.map(([lon, lat]) => wgs84ToBng({ lon: lon!, lat: lat! })).map((p) => [p.easting, p.northing]);
const polygonsOf = (f: Feature): Position[][][] => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : []);

/**
 * The shortest geodesic distance from a position to a polygon's boundary: every edge sampled every ~0.2 m,
 * measured by Turf. A polygon plainly further than `beyondMetres` (its nearest vertex, less half its longest
 * edge) is not sampled: that lower bound is returned.
 */
function turfDistanceToBoundary(from: Position, polygons: Position[][][], beyondMetres = Infinity): number {
  let nearestVertex = Infinity;
  let longestEdge = 0;
  for (const ring of polygons.flat()) {
    ring.forEach((p, i) => {
      nearestVertex = Math.min(nearestVertex, turfDistance(from, p, { units: 'meters' }));
      if (i > 0) longestEdge = Math.max(longestEdge, turfDistance(ring[i - 1]!, p, { units: 'meters' }));
    });
  }
  if (nearestVertex - longestEdge / 2 > beyondMetres) return nearestVertex - longestEdge / 2;
  let nearest = Infinity;
  for (const ring of polygons.flat()) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1]!;
      const b = ring[i]!;
      const steps = Math.max(1, Math.ceil(turfDistance(a, b, { units: 'meters' }) / 0.2));
      for (let s = 0; s <= steps; s++) {
        const t = s / steps;
        nearest = Math.min(nearest, turfDistance(from, [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)], { units: 'meters' }));
      }
    }
  }
  return nearest;
}

/** What polygon-clipping (general polygon intersection, a second algorithm) says: does the polygon meet the coverage, is the site inside it? */
function clippingSays(f: Feature, area: CoverageArea): { meets: boolean; siteInside: boolean } {
  const shape = polygonsOf(f).map((polygon) => polygon.map(toGrid));
  const sector = [coverageRing(area, 3600)];
  const tiny = [[[area.easting - 0.01, area.northing - 0.01], [area.easting + 0.01, area.northing - 0.01], [area.easting + 0.01, area.northing + 0.01], [area.easting - 0.01, area.northing + 0.01]] as [number, number][]];
  const area2 = (m: [number, number][][][]) => m.flat().length;
  return { meets: area2(polygonClipping.intersection(shape, sector)) > 0, siteInside: area2(polygonClipping.intersection(shape, tiny)) > 0 };
}

/** Checks every polygon of a layer against the brute force at one site; returns how many places were compared. */
function crossCheckPolygons(features: FeatureCollection, area: CoverageArea, within: number): { listed: number; inside: number } {
  const result = sensitivePlaces(prepareSensitivePlaces([{ layerId: 'f', layerName: 'Functional sites', kind: 'sensitive', data: { kind: 'features', features } }]), area, within);
  const { lon, lat } = bngToWgs84(area);
  let listed = 0;
  features.features.forEach((f, recordIndex) => {
    const clip = clippingSays(f, area);
    const turf = clip.siteInside ? 0 : turfDistanceToBoundary([lon, lat], polygonsOf(f), clip.meets ? Infinity : within * 1.01);
    const found = result.find((p) => p.recordIndex === recordIndex);
    // Planar grid metres and Turf's sphere differ by a fraction of a percent: a place that close to the distance may fall either way.
    if (Math.abs(turf - within) < 0.005 * within && !clip.meets) return;
    if (!clip.meets && turf > within) {
      expect(found, `${f.properties?.distname} should not be listed`).toBeUndefined();
      return;
    }
    expect(found, `${f.properties?.distname} should be listed`).toBeDefined();
    expect(found!.insideCoverage, `${f.properties?.distname} meets the coverage at ${JSON.stringify(area)}`).toBe(clip.meets);
    expect(found!.label).toBe(f.properties?.distname);
    if (turf === 0) expect(found!.distanceMetres).toBe(0);
    else expect(Math.abs(found!.distanceMetres - turf)).toBeLessThan(Math.max(0.005 * turf, 0.3));
    listed++;
  });
  expect(result.length).toBe(listed);
  return { listed, inside: result.filter((p) => p.insideCoverage).length };
}

const BATH_SITES = new URL('../../test/fixtures/io/sensitive/banes-os-functional-sites-bath-centre.geojson', import.meta.url);
const SHARED_SITES = new URL('../../../shared/data/infrastructure/banes-os-functional-sites.geojson', import.meta.url);
const SHARED_SCHOOLS = new URL('../../../shared/data/sensitive/schools-england-2017-bng.csv', import.meta.url);
const LONDON_SCHOOLS = new URL('../../test/fixtures/io/point-csv/schools-england-2017-bng-slice.csv', import.meta.url);
const LONDON_REFERENCE = new URL('../../test/fixtures/io/point-csv/schools-england-2017-bng-slice.reference.csv', import.meta.url);

describe('sensitive places on real OS functional sites (Bath centre fixture)', () => {
  const bath = parseGeoJson(readFileSync(BATH_SITES, 'utf8'), 'banes-os-functional-sites-bath-centre.geojson').features;
  const prepared = prepareSensitivePlaces([{ layerId: 'os', layerName: 'OS functional sites', kind: 'sensitive', data: { kind: 'features', features: bath } }]);

  it('puts a camera on the bus station at distance 0, inside it, and labels the places as OS names them', () => {
    // A point in the middle of Bath Bus Station's yard (checked with polygon-clipping below).
    const camera = coverageArea({ lon: -2.35945, lat: 51.37775, bearingDegrees: 0, rangeMetres: 600, fieldOfViewDegrees: 90 });
    const busStation = bath.features.find((f) => f.properties?.distname === 'Bath Bus Station')!;
    expect(clippingSays(busStation, camera).siteInside).toBe(true);
    const places = sensitivePlaces(prepared, camera, 100);
    expect(places[0]).toMatchObject({ label: 'Bath Bus Station', category: 'Road Transport / Bus Station', distanceMetres: 0, insideCoverage: true, geometry: 'polygon' });
    expect(places.find((p) => p.label === 'Royal Mineral Water Hospital')).toMatchObject({ category: 'Medical Care / Hospital', insideCoverage: true });
    expect(places.find((p) => p.label === "Bellott's Hospital")).toMatchObject({ category: 'Medical Care / Medical Care Accommodation', insideCoverage: true });
  });

  it('agrees with Turf distances (within 0.5%) and polygon-clipping intersections for sites across the centre', () => {
    let listed = 0;
    let inside = 0;
    for (const [lon, lat] of [[-2.3571, 51.3775], [-2.3620, 51.3810], [-2.3550, 51.3750], [-2.3650, 51.3770], [-2.3600, 51.3760]] as const) {
      for (const bearingDegrees of [0, 100, 200, 300, null]) {
        const counts = crossCheckPolygons(bath, coverageArea({ lon, lat, bearingDegrees, rangeMetres: 250, fieldOfViewDegrees: 70 }), 150);
        listed += counts.listed;
        inside += counts.inside;
      }
    }
    // The check must have had something to check: places listed, some inside a coverage and some only near.
    expect(inside).toBeGreaterThan(10);
    expect(listed).toBeGreaterThan(inside);
  });
});

describe('sensitive places on real schools (London fixture, independent WGS84 reference)', async () => {
  const parsed = await pointCsvDriver.read({ name: 'schools-england-2017-bng-slice.csv', bytes: new Uint8Array(readFileSync(LONDON_SCHOOLS)) }, context);
  if (parsed.geometry !== 'point') throw new Error('expected points');
  const reference = Papa.parse<{ URN: string; lon: string; lat: string }>(readFileSync(LONDON_REFERENCE, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const prepared = prepareSensitivePlaces([{ layerId: 's', layerName: 'schools-england-2017-bng-slice', kind: 'sensitive', data: { kind: 'points', columns: parsed.columns } }]);
  const urn = parsed.columns.attributes.URN!;
  if (urn.kind !== 'dictionary') throw new Error('expected URN text');

  it('lists the schools within 5 km of City of London School for Girls as Turf finds them, distances within 0.5%', () => {
    const at = reference.find((r) => r.URN === '100001')!;
    const camera = coverageArea({ lon: Number(at.lon), lat: Number(at.lat), bearingDegrees: null, rangeMetres: 3000, fieldOfViewDegrees: 360 });
    const places = sensitivePlaces(prepared, camera, 5000);
    const expected = reference
      .map((r) => ({ urn: r.URN, metres: turfDistance([Number(at.lon), Number(at.lat)], [Number(r.lon), Number(r.lat)], { units: 'meters' }) }))
      .filter((r) => r.metres <= 5000);
    expect(places.map((p) => urn.dictionary[urn.codes[p.recordIndex]!]).sort()).toEqual(expected.map((r) => r.urn).sort());
    expect(places[0]).toMatchObject({ label: 'City of London School for Girls', category: 'Other Independent School', insideCoverage: true });
    expect(places[0]!.distanceMetres).toBeLessThan(0.5);
    for (const place of places.slice(1)) {
      const turf = expected.find((r) => r.urn === urn.dictionary[urn.codes[place.recordIndex]!])!.metres;
      expect(Math.abs(place.distanceMetres / turf - 1)).toBeLessThan(0.005);
      expect(place.insideCoverage).toBe(turf <= 3000);
    }
    expect(places.length).toBe(11);
    expect(places.filter((p) => p.insideCoverage).length).toBe(4);
  });
});

describe('sensitive places on the whole files (../shared)', () => {
  it.skipIf(!existsSync(SHARED_SITES))('agrees with Turf and polygon-clipping for all 125 B&NES functional sites, from a camera by every fifth of them', () => {
    const all = parseGeoJson(readFileSync(SHARED_SITES, 'utf8'), 'banes-os-functional-sites.geojson').features;
    let inside = 0;
    for (const f of all.features.filter((_, i) => i % 5 === 0)) {
      // 20-30 m off the polygon's first vertex: a camera exactly on a vertex only touches, which polygon-clipping (areas) cannot see.
      const [lon, lat] = polygonsOf(f)[0]![0]![0]!;
      inside += crossCheckPolygons(all, coverageArea({ lon: lon! - 0.0003, lat: lat! - 0.0002, bearingDegrees: 45, rangeMetres: 400, fieldOfViewDegrees: 120 }), 300).inside;
    }
    expect(inside).toBeGreaterThan(25);
  });

  it.skipIf(!existsSync(SHARED_SCHOOLS))('lists the schools of England near Bath schools as Turf finds them', async () => {
    const file = await pointCsvDriver.read({ name: 'schools-england-2017-bng.csv', bytes: new Uint8Array(readFileSync(SHARED_SCHOOLS)) }, context);
    if (file.geometry !== 'point') throw new Error('expected points');
    const all = prepareSensitivePlaces([{ layerId: 's', layerName: 'Schools England 2017', kind: 'other', data: { kind: 'points', columns: file.columns } }]);
    const rows = Papa.parse<Record<string, string>>(readFileSync(SHARED_SCHOOLS, 'utf8'), { header: true, skipEmptyLines: true }).data
      .filter((r) => r.Easting !== 'nan' && r.Easting !== '')
      .map((r) => ({ name: r['Establishment name']!, ...bngToWgs84({ easting: Number(r.Easting), northing: Number(r.Northing) }) }));
    const bath = rows.filter((r) => r.lon > -2.5 && r.lon < -2.25 && r.lat > 51.33 && r.lat < 51.44);
    expect(bath.length).toBeGreaterThan(10);
    for (const here of bath) {
      const places = sensitivePlaces(all, coverageArea({ lon: here.lon, lat: here.lat, bearingDegrees: null, rangeMetres: 200, fieldOfViewDegrees: 360 }), 1500);
      const metres = rows.map((r) => ({ name: r.name, metres: turfDistance([here.lon, here.lat], [r.lon, r.lat], { units: 'meters' }) }));
      const sure = metres.filter((r) => r.metres <= 1500 * 0.995).map((r) => r.name).sort();
      const maybe = metres.filter((r) => r.metres <= 1500 * 1.005).map((r) => r.name).sort();
      const got = places.map((p) => p.label);
      for (const name of sure) expect(got).toContain(name);
      for (const name of got) expect(maybe).toContain(name);
      for (const place of places) {
        const turf = Math.min(...metres.filter((r) => r.name === place.label).map((r) => r.metres));
        if (turf > 1) expect(Math.abs(place.distanceMetres / turf - 1)).toBeLessThan(0.005);
      }
    }
  });
});
