import { readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import type { FeatureCollection, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { geoJsonDriver, parseGeoJson } from './geojson.ts';
import { ImportError, type ImportReport } from './import-report.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const file = 'layer.geojson';

const feature = (geometry: unknown, properties: unknown = {}) => ({ type: 'Feature', properties, geometry });
const point = (lon: number, lat: number) => feature({ type: 'Point', coordinates: [lon, lat] });
const square = (lon: number, lat: number, size = 0.001) =>
  feature({
    type: 'Polygon',
    coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
  });
const line = (lon: number, lat: number) => feature({ type: 'LineString', coordinates: [[lon, lat], [lon + 0.001, lat + 0.001]] });
const collection = (features: unknown[], extra: object = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });

function rejected(report: ImportReport, reason: string) {
  return report.rejected.find((group) => group.reason === reason);
}

function importError(text: string): ImportError {
  try {
    parseGeoJson(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

/** ONS publishes each police force area's label point in both BNG and WGS84: an independent answer. */
const onsPoints = read('../../test/fixtures/ons-police-force-area-points.csv')
  .split('\n')
  .filter((text) => text && !text.startsWith('#') && !text.startsWith('code,'))
  .map((text) => {
    const fields = text.split(',');
    const [easting, northing, lon, lat] = fields.slice(-4).map(Number) as [number, number, number, number];
    return { code: fields[0]!, easting, northing, lon, lat };
  });

describe('parseGeoJson on a real slice of the sample LSOA layer', () => {
  const text = read('../../test/fixtures/io/lsoa-population-avon-and-somerset-3.geojson');
  const source = JSON.parse(text) as FeatureCollection;
  const parsed = parseGeoJson(text, file);

  it('imports the two Polygons and the MultiPolygon as one polygon layer in WGS84', () => {
    expect(parsed.geometry).toBe('polygon');
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(parsed.report).toEqual({ file, rowsRead: 3, rowsImported: 3, rejected: [] });
    expect(parsed.features.type).toBe('FeatureCollection');
    expect(parsed.features.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'Polygon', 'MultiPolygon']);
  });

  it('keeps geometry and properties as written', () => {
    expect(parsed.features.features).toEqual(source.features);
    expect(parsed.features.features.map((f) => f.properties!.code)).toEqual(['E01014485', 'E01014486', 'E01014492']);
    // 33 vertices in the first ring, counted with python3 json on the fixture.
    expect((parsed.features.features[0]!.geometry as Polygon).coordinates[0]).toHaveLength(33);
  });
});

describe('parseGeoJson of points and lines', () => {
  it('imports Point and MultiPoint features as a point layer', () => {
    const text = collection([point(-2.62662, 51.24995), point(-2.36, 51.38), feature({ type: 'MultiPoint', coordinates: [[-2.5, 51.4], [-2.6, 51.5]] })]);
    const parsed = parseGeoJson(text, file);
    expect(parsed.geometry).toBe('point');
    expect(parsed.report.rowsImported).toBe(3);
    expect((parsed.features.features[0]!.geometry as Point).coordinates).toEqual([-2.62662, 51.24995]);
  });

  it('imports LineString features as a line layer and keeps a third (height) coordinate', () => {
    const text = collection([line(-2.36, 51.38), feature({ type: 'LineString', coordinates: [[-2.36, 51.38, 20], [-2.35, 51.39, 25]] })]);
    const parsed = parseGeoJson(text, file);
    expect(parsed.geometry).toBe('line');
    expect(parsed.features.features[1]!.geometry).toEqual({ type: 'LineString', coordinates: [[-2.36, 51.38, 20], [-2.35, 51.39, 25]] });
  });

  it('reads a file that starts with a byte order mark and gives null properties as {}', () => {
    const parsed = parseGeoJson(`\uFEFF${collection([feature({ type: 'Point', coordinates: [-2.36, 51.38] }, null)])}`, file);
    expect(parsed.features.features[0]!.properties).toEqual({});
  });
});

describe('parseGeoJson on files it cannot read', () => {
  it('says when the text is not valid JSON', () => {
    for (const text of ['', '{"type": "FeatureCollection", "features": [', 'type,lon,lat\npoint,1,2']) {
      expect(importError(text).message).toMatch(/^layer\.geojson: not valid JSON \(.+\)$/);
    }
  });

  it('says when the JSON is not a FeatureCollection', () => {
    const message = 'layer.geojson: not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" and a "features" array)';
    for (const text of ['null', '[]', '42', JSON.stringify(point(-2.36, 51.38)), '{"type":"Point","coordinates":[-2.36,51.38]}', '{"type":"FeatureCollection"}', '{"type":"FeatureCollection","features":{}}']) {
      expect(importError(text).message, text).toBe(message);
    }
  });

  it('says when the collection is empty', () => {
    expect(importError(collection([])).message).toBe('layer.geojson: the FeatureCollection has no features');
  });

  it('refuses a coordinate reference system it cannot convert, by name', () => {
    const text = collection([point(-262_000, 6_660_000)], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } });
    expect(importError(text).message).toBe(
      'layer.geojson: the file declares the coordinate reference system "urn:ogc:def:crs:EPSG::3857"; NRD Planner reads WGS84 longitude/latitude (EPSG:4326, CRS84) or British National Grid (EPSG:27700): export the file again in one of those',
    );
  });

  it('refuses a file in which every feature is rejected, saying why', () => {
    const text = collection([feature(null), point(200, 51), feature(null)]);
    expect(importError(text).message).toBe(
      'layer.geojson: none of the 3 features could be imported; 2 were rejected for "feature has no point, line or polygon geometry", the first at feature 1, column "geometry", value "none"',
    );
  });
});

describe('parseGeoJson rejects features one by one, with their position in the features array', () => {
  it('rejects features without a usable geometry and keeps the rest', () => {
    const text = collection([
      square(-2.36, 51.38),
      feature(null),
      { type: 'Feature', properties: {} },
      feature({ type: 'GeometryCollection', geometries: [] }),
      { type: 'Polygon', coordinates: [] },
      null,
      { properties: {} },
      square(-2.35, 51.38),
    ]);
    const { features, report } = parseGeoJson(text, file);
    expect(features.features).toHaveLength(2);
    expect(report.rowsRead).toBe(8);
    expect(report.rowsImported).toBe(2);
    const reason = 'feature has no point, line or polygon geometry';
    expect(rejected(report, reason)).toEqual({
      reason,
      count: 3,
      examples: [
        { file, row: 2, column: 'geometry', value: 'none', reason },
        { file, row: 3, column: 'geometry', value: 'none', reason },
        { file, row: 4, column: 'geometry', value: 'GeometryCollection', reason },
      ],
    });
    const notFeature = 'not a GeoJSON Feature';
    expect(rejected(report, notFeature)!.examples).toEqual([
      { file, row: 5, column: 'type', value: 'Polygon', reason: notFeature },
      { file, row: 6, column: 'type', value: 'null', reason: notFeature },
      { file, row: 7, column: 'type', value: 'none', reason: notFeature },
    ]);
  });

  it('rejects coordinates outside longitude/latitude, naming the position', () => {
    const text = collection([point(-2.36, 51.38), point(200, 51.38), point(-2.36, -95), square(-2.36, 89.9999, 0.01), point(358_000, 172_000)]);
    const { features, report } = parseGeoJson(text, file);
    expect(features.features).toHaveLength(1);
    const reason = 'coordinates are not longitude/latitude in degrees';
    expect(rejected(report, reason)!.examples).toEqual([
      { file, row: 2, column: 'geometry', value: '[200, 51.38]', reason },
      { file, row: 3, column: 'geometry', value: '[-2.36, -95]', reason },
      { file, row: 4, column: 'geometry', value: '[-2.35, 90.0099]', reason },
    ]);
    const grid = 'coordinates look like British National Grid metres, but the file does not declare EPSG:27700';
    expect(rejected(report, grid)!.examples).toEqual([{ file, row: 5, column: 'geometry', value: '[358000, 172000]', reason: grid }]);
  });

  it('rejects empty or wrongly nested coordinates instead of failing', () => {
    const text = collection([
      point(-2.36, 51.38),
      feature({ type: 'Point', coordinates: [] }),
      feature({ type: 'Point' }),
      feature({ type: 'Point', coordinates: null }),
      feature({ type: 'Point', coordinates: ['-2.36', '51.38'] }),
      feature({ type: 'Point', coordinates: [[-2.36, 51.38]] }),
      feature({ type: 'MultiPoint', coordinates: [] }),
    ]);
    const { features, report } = parseGeoJson(text, file);
    expect(features.features).toHaveLength(1);
    const reason = 'coordinates are empty or not nested as the geometry type requires';
    expect(rejected(report, reason)!.count).toBe(6);
    expect(rejected(report, reason)!.examples.map((e) => [e.row, e.value])).toEqual([
      [2, 'Point'],
      [3, 'Point'],
      [4, 'Point'],
      [5, 'Point'],
      [6, 'Point'],
    ]);

    const polygons = collection([
      square(-2.36, 51.38),
      feature({ type: 'Polygon', coordinates: [[-2.36, 51.38], [-2.35, 51.38], [-2.35, 51.39], [-2.36, 51.38]] }),
      feature({ type: 'Polygon', coordinates: [[[-2.36, 51.38], [-2.35, 51.38], [-2.36, 51.38]]] }),
      feature({ type: 'LineString', coordinates: [[-2.36, 51.38]] }),
    ]);
    expect(rejected(parseGeoJson(polygons, file).report, reason)!.examples.map((e) => e.row)).toEqual([2, 3, 4]);
  });

  it('keeps the commonest geometry family and rejects the others with their own row numbers', () => {
    const text = collection([
      feature(null),
      square(-2.36, 51.38),
      point(-2.36, 51.38),
      square(-2.35, 51.38),
      line(-2.36, 51.38),
      feature({ type: 'MultiPolygon', coordinates: [(square(-2.34, 51.38).geometry as Polygon).coordinates] }),
    ]);
    const { geometry, features, report } = parseGeoJson(text, file);
    expect(geometry).toBe('polygon');
    expect(features.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'Polygon', 'MultiPolygon']);
    expect(report.rowsRead).toBe(6);
    expect(report.rowsImported).toBe(3);
    const reason = 'mixed geometry: this layer holds polygons';
    expect(rejected(report, reason)).toEqual({
      reason,
      count: 2,
      examples: [
        { file, row: 3, column: 'geometry', value: 'Point', reason },
        { file, row: 5, column: 'geometry', value: 'LineString', reason },
      ],
    });
    expect(report.rowsRead).toBe(report.rowsImported + report.rejected.reduce((sum, group) => sum + group.count, 0));
  });
});

describe('parseGeoJson of British National Grid files (an old-style crs member, EPSG:27700)', () => {
  const bngCrs = { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } } };

  it('has the 43 force areas of England and Wales in the ONS fixture', () => {
    expect(onsPoints).toHaveLength(43);
  });

  it('converts BNG metres to WGS84 within 5 m of the positions ONS publishes for the same points', () => {
    const text = collection(
      onsPoints.map((p) => feature({ type: 'Point', coordinates: [p.easting, p.northing] }, { code: p.code })),
      bngCrs,
    );
    const { features, sourceCrs, geometry, report } = parseGeoJson(text, file);
    expect(sourceCrs).toBe('EPSG:27700');
    expect(geometry).toBe('point');
    expect(report.rowsImported).toBe(43);
    features.features.forEach((f, i) => {
      const ons = onsPoints[i]!;
      const [lon, lat] = (f.geometry as Point).coordinates as [number, number];
      // The OS Helmert shift is good to about 5 m; ONS rounds to 1 m and 5 decimal places.
      expect(turfDistance([lon, lat], [ons.lon, ons.lat], { units: 'meters' }), ons.code).toBeLessThan(5);
    });
    const avon = features.features.find((f) => f.properties!.code === 'E23000036')!;
    const [lon, lat] = (avon.geometry as Point).coordinates as [number, number];
    // ONS: Avon and Somerset label point 356362 E, 150274 N = -2.62662, 51.24995.
    expect(turfDistance([lon, lat], [-2.62662, 51.24995], { units: 'meters' })).toBeLessThan(5);
  });

  it('converts every vertex of a polygon and keeps its ring closed', () => {
    const ring: Position[] = [[356_000, 150_000], [357_000, 150_000], [357_000, 151_000], [356_000, 151_000], [356_000, 150_000]];
    const { features } = parseGeoJson(collection([feature({ type: 'Polygon', coordinates: [ring] })], bngCrs), file);
    const converted = (features.features[0]!.geometry as Polygon).coordinates[0]!;
    expect(converted).toHaveLength(5);
    expect(converted[4]).toEqual(converted[0]);
    // 1 km in grid metres is 1 km on the ground to within the grid's scale factor (0.9996 at the meridian, 0.04%).
    const side = turfDistance(converted[0]!, converted[1]!, { units: 'meters' });
    expect(Math.abs(side - 1000)).toBeLessThan(4);
    for (const [lon, lat] of converted as [number, number][]) {
      expect(lon).toBeGreaterThan(-2.65);
      expect(lon).toBeLessThan(-2.6);
      expect(lat).toBeGreaterThan(51.24);
      expect(lat).toBeLessThan(51.26);
    }
  });

  it('recognises the usual spellings of EPSG:27700 and of WGS84', () => {
    for (const name of ['EPSG:27700', 'urn:ogc:def:crs:EPSG::27700', 'http://www.opengis.net/def/crs/EPSG/0/27700']) {
      const text = collection([point(356_362, 150_274)], { crs: { type: 'name', properties: { name } } });
      expect(parseGeoJson(text, file).sourceCrs, name).toBe('EPSG:27700');
    }
    for (const name of ['EPSG:4326', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:EPSG::4258']) {
      const text = collection([point(-2.36, 51.38)], { crs: { type: 'name', properties: { name } } });
      expect(parseGeoJson(text, file).sourceCrs, name).toBe('EPSG:4326');
    }
    expect(parseGeoJson(collection([point(-2.36, 51.38)], { crs: null }), file).sourceCrs).toBe('EPSG:4326');
  });

  it('rejects degrees in a file that declares BNG metres rather than placing them off Cornwall', () => {
    const text = collection([point(356_362, 150_274), point(-2.62662, 51.24995), point(356_362, 1_500_000)], bngCrs);
    const { features, report } = parseGeoJson(text, file);
    expect(features.features).toHaveLength(1);
    const reason = 'coordinates are not British National Grid metres (the file declares EPSG:27700)';
    expect(rejected(report, reason)!.examples).toEqual([
      { file, row: 2, column: 'geometry', value: '[-2.62662, 51.24995]', reason },
      { file, row: 3, column: 'geometry', value: '[356362, 1500000]', reason },
    ]);
  });
});

describe('geoJsonDriver', () => {
  const context = { onProgress: () => {}, choices: {}, jobState: new Map(), companions: [] };
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('recognises a FeatureCollection by its head', () => {
    expect(geoJsonDriver.detect({ name: 'x.json', head: '{"type": "FeatureCollection", "features": [' })).toBe(0.9);
    expect(geoJsonDriver.detect({ name: 'x.json', head: '{"type":"Topology"' })).toBe(0);
  });

  it('turns point features into columns with their properties as text', async () => {
    const parsed = await geoJsonDriver.read(
      {
        name: 'schools.geojson',
        bytes: bytes({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { name: 'St Mary’s', pupils: 210 }, geometry: { type: 'Point', coordinates: [-2.36, 51.38] } },
            { type: 'Feature', properties: { name: '<script>alert(1)</script>' }, geometry: { type: 'Point', coordinates: [-2.35, 51.39] } },
          ],
        }),
      },
      context,
    );
    if (parsed.geometry !== 'point') throw new Error('expected points');
    expect(parsed.kind).toBe('sensitive');
    expect([...parsed.columns.lon]).toEqual([-2.36, -2.35]);
    const name = parsed.columns.attributes.name!;
    if (name.kind !== 'dictionary') throw new Error('expected text');
    expect([...name.codes].map((c) => name.dictionary[c])).toEqual(['St Mary’s', '<script>alert(1)</script>']);
    const pupils = parsed.columns.attributes.pupils!;
    expect(pupils.kind === 'dictionary' && [...pupils.codes].map((c) => pupils.dictionary[c])).toEqual(['210', '']);
  });

  it('keeps polygons as features', async () => {
    const parsed = await geoJsonDriver.read({ name: 'lsoa-boundaries.geojson', bytes: readFileSync(new URL('../../test/fixtures/io/lsoa-population-avon-and-somerset-3.geojson', import.meta.url)) }, context);
    expect(parsed.geometry).toBe('polygon');
    expect(parsed.kind).toBe('boundary');
    expect(parsed.geometry !== 'point' && parsed.features.features).toHaveLength(3);
  });
});
