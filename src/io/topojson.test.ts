import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { ImportContext, ImportProgress, ParsedLayer } from './format-driver.ts';
import { ImportError } from './import-report.ts';
import { OTHER_OBJECT, topoJsonDriver } from './topojson.ts';

const bytesOf = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function context(progress: ImportProgress[] = []): ImportContext {
  return { onProgress: (p) => progress.push(p), choices: {}, jobState: new Map(), companions: [] };
}

async function read(name: string, bytes: Uint8Array, progress: ImportProgress[] = []): Promise<ParsedLayer & { geometry: 'polygon' | 'line' }> {
  const parsed = await topoJsonDriver.read({ name, bytes }, context(progress));
  if (parsed.geometry === 'point') throw new Error('expected a polygon or line layer');
  return parsed;
}

async function importError(name: string, bytes: Uint8Array): Promise<ImportError> {
  try {
    await topoJsonDriver.read({ name, bytes }, context());
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

/** Ray casting, even-odd over every ring of every part: enough to say which force area holds a point. */
function contains(geometry: Polygon | MultiPolygon, [x, y]: Position): boolean {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) inside = !inside;
    }
  }
  return inside;
}

/** ONS publishes a label point inside each force area: an independent answer to "is this the right shape". */
const onsPoints = new TextDecoder()
  .decode(bytesOf('../../test/fixtures/ons-police-force-area-points.csv'))
  .split('\n')
  .filter((text) => text && !text.startsWith('#') && !text.startsWith('code,'))
  .map((text) => {
    const fields = text.split(',');
    return { code: fields[0]!, lon: Number(fields.at(-2)), lat: Number(fields.at(-1)) };
  });

describe('topoJsonDriver on the ONS police force areas of the UK (TopoJSON, quantised)', async () => {
  const file = 'police-force-areas-uk.topojson';
  const bytes = bytesOf('../../test/fixtures/io/topojson/police-force-areas-uk.topojson');
  const progress: ImportProgress[] = [];
  const parsed = await read(file, bytes, progress);
  const features = parsed.features.features;

  it('reads the 45 force areas of its one object as a WGS84 boundary layer', () => {
    expect(parsed.geometry).toBe('polygon');
    expect(parsed.kind).toBe('boundary');
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(parsed.report).toEqual({ file, rowsRead: 45, rowsImported: 45, rejected: [] });
    expect(features.map((f) => f.properties!.PFACD)).toHaveLength(45);
    expect(features[0]!.properties).toEqual({ PFACD: 'E23000001', PFANM: 'Metropolitan Police', PFAFNM: 'Metropolitan Police' });
    // 43 in England and Wales, Police Scotland and the PSNI (../shared/data/SOURCES.md).
    expect(features.filter((f) => /^[EW]/.test(f.properties!.PFACD as string))).toHaveLength(43);
    expect(features.slice(-2).map((f) => f.properties!.PFANM)).toEqual(['Scotland', 'Northern Ireland']);
  });

  it('puts 42 of the 43 ONS label points inside the force area of the same code; the City of London is below the 1 km quantisation', () => {
    expect(onsPoints).toHaveLength(43);
    // The City of London is about 3 km across: the source quantised it to a sliver that misses its label point.
    const outside = onsPoints.filter((point) => {
      const area = features.find((f) => f.properties!.PFACD === point.code);
      return !area || !contains(area.geometry as Polygon | MultiPolygon, [point.lon, point.lat]);
    });
    expect(outside.map((p) => p.code)).toEqual(['E23000034']);
  });

  it('decodes the quantised arcs to the extent the file states in its "bbox"', () => {
    const positions = features.flatMap((f) => {
      const geometry = f.geometry as Polygon | MultiPolygon;
      return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
    });
    const xs = positions.map((p) => p[0]!);
    const ys = positions.map((p) => p[1]!);
    const [west, south, east, north] = [-8.650007201985833, 49.864673592663614, 1.763680106707906, 60.860766450550805];
    expect(Math.min(...xs)).toBeCloseTo(west, 9);
    expect(Math.min(...ys)).toBeCloseTo(south, 9);
    expect(Math.max(...xs)).toBeCloseTo(east, 9);
    expect(Math.max(...ys)).toBeCloseTo(north, 9);
  });

  it('says it started and finished', () => {
    expect(progress[0]).toEqual({ file, rowsRead: 0, bytesRead: 0, bytesTotal: bytes.length });
    expect(progress.at(-1)).toEqual({ file, rowsRead: 45, bytesRead: bytes.length, bytesTotal: bytes.length });
  });
});

/** A quantised topology checked by hand: arcs are delta-encoded, position = delta sum * scale + translate. */
const handMade = {
  type: 'Topology',
  transform: { scale: [0.5, 0.25], translate: [-3, 53] },
  objects: {
    squares: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Polygon', arcs: [[0]], properties: { name: 'first' } },
        { type: 'Polygon', arcs: [[1]], properties: { name: 'second' } },
        { type: null, properties: { name: 'empty' } },
      ],
    },
    outline: { type: 'Polygon', arcs: [[0]] },
  },
  arcs: [
    [[0, 0], [2, 0], [0, 4], [-2, 0], [0, -4]],
    [[4, 0], [2, 0], [0, 4], [-2, 0], [0, -4]],
  ],
};

describe('topoJsonDriver on a topology written by hand', () => {
  it('decodes quantised, delta-encoded arcs to the positions worked out by hand', async () => {
    const parsed = await read('hand.topojson', encode(handMade));
    // Arc 0: (0,0) (2,0) (2,4) (0,4) (0,0) in grid units; x * 0.5 - 3, y * 0.25 + 53.
    expect(parsed.features.features[0]).toEqual({
      type: 'Feature',
      properties: { name: 'first' },
      geometry: { type: 'Polygon', coordinates: [[[-3, 53], [-2, 53], [-2, 54], [-3, 54], [-3, 53]]] },
    });
    expect((parsed.features.features[1]!.geometry as Polygon).coordinates[0]![0]).toEqual([-1, 53]);
  });

  it('takes the object with the most features and names the others; a null geometry is a rejected feature', async () => {
    const { report, features } = await read('hand.topojson', encode(handMade));
    expect(features.features.map((f) => f.properties!.name)).toEqual(['first', 'second']);
    expect(report.rowsRead).toBe(3);
    expect(report.rowsImported).toBe(2);
    expect(report.rejected).toEqual([
      {
        reason: 'feature has no point, line or polygon geometry',
        count: 1,
        examples: [{ file: 'hand.topojson', row: 3, column: 'geometry', value: 'none', reason: 'feature has no point, line or polygon geometry' }],
      },
      {
        reason: OTHER_OBJECT,
        count: 1,
        examples: [{ file: 'hand.topojson', row: 2, column: 'objects', value: 'outline (1 feature)', reason: OTHER_OBJECT }],
      },
    ]);
  });

  it('reads a topology of lines as a line layer', async () => {
    const lines = { type: 'Topology', objects: { roads: { type: 'LineString', arcs: [0] } }, arcs: [[[-2.36, 51.38], [-2.35, 51.39]]] };
    const parsed = await read('roads.topojson', encode(lines));
    expect(parsed.geometry).toBe('line');
    expect(parsed.features.features[0]!.geometry).toEqual({ type: 'LineString', coordinates: [[-2.36, 51.38], [-2.35, 51.39]] });
  });

  it('converts a topology that declares British National Grid, as a GeoJSON file would be', async () => {
    const grid = {
      type: 'Topology',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      objects: { area: { type: 'Polygon', arcs: [[0]] } },
      arcs: [[[356362, 150274], [357362, 150274], [357362, 151274], [356362, 151274], [356362, 150274]]],
    };
    const parsed = await read('grid.topojson', encode(grid));
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    // The ONS label point of Avon and Somerset: 356362 E, 150274 N = -2.62662, 51.24995 (5 m Helmert + rounding).
    const [lon, lat] = (parsed.features.features[0]!.geometry as Polygon).coordinates[0]![0]!;
    expect(lon).toBeCloseTo(-2.62662, 4);
    expect(lat).toBeCloseTo(51.24995, 4);
  });
});

describe('topoJsonDriver on files it cannot read', () => {
  it('says when the text is not JSON', async () => {
    expect((await importError('a.topojson', encode('{"type":"Topology",'))).message).toMatch(/^a\.topojson: not valid JSON \(/);
  });

  it('says when the JSON is not a Topology', async () => {
    const error = await importError('a.json', encode({ type: 'FeatureCollection', features: [] }));
    expect(error.message).toBe('a.json: not a TopoJSON Topology (expected "type": "Topology", an "objects" member and an "arcs" array)');
  });

  it('says when the Topology has no objects or no geometries', async () => {
    expect((await importError('a.topojson', encode({ type: 'Topology', objects: {}, arcs: [] }))).message).toBe('a.topojson: the Topology has no objects');
    const empty = { type: 'Topology', objects: { lsoa: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };
    expect((await importError('a.topojson', encode(empty))).message).toBe('a.topojson: the Topology has no geometries in any of its objects');
  });

  it('names the object whose arcs do not exist', async () => {
    const broken = { type: 'Topology', objects: { lsoa: { type: 'Polygon', arcs: [[7]] } }, arcs: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const error = await importError('a.topojson', encode(broken));
    expect(error.message).toMatch(/^a\.topojson: the Topology object "lsoa" could not be turned into shapes \(.+\); its arcs do not fit the topology: export the file again$/);
  });

  it('refuses points, which are not boundaries', async () => {
    const points = { type: 'Topology', objects: { cameras: { type: 'MultiPoint', coordinates: [[-2.36, 51.38]] } }, arcs: [] };
    const error = await importError('cameras.topojson', encode(points));
    expect(error.message).toBe('cameras.topojson: the TopoJSON holds points: NRD Planner reads TopoJSON boundaries and lines; save a point layer as GeoJSON or CSV');
  });
});

describe('topoJsonDriver.detect', () => {
  it('is sure of a file that starts as a Topology, whatever its name', () => {
    const head = new TextDecoder().decode(bytesOf('../../test/fixtures/io/topojson/police-force-areas-uk.topojson').subarray(0, 4096));
    expect(topoJsonDriver.detect({ name: 'pfa.json', head })).toBe(0.95);
    expect(topoJsonDriver.detect({ name: 'pfa.topojson', head: '{ "type" : "Topology", "objects": {' })).toBe(0.95);
  });

  it('leaves GeoJSON to the GeoJSON driver', () => {
    expect(topoJsonDriver.detect({ name: 'lsoa.json', head: '{"type":"FeatureCollection","features":[' })).toBe(0);
    expect(topoJsonDriver.detect({ name: 'lsoa.topojson', head: '' })).toBe(0.5);
  });
});
