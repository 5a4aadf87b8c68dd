import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import turfDistance from '@turf/distance';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { ImportNeedsChoice, type ImportContext, type ImportProgress, type ParsedLayer } from './format-driver.ts';
import { ImportError } from './import-report.ts';
import { CRS_CHOICE, OTHER_LAYER, shapefileDriver } from './shapefile.ts';

const bytesOf = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const LIVERPOOL_ZIP = '../../test/fixtures/io/shapefile/liverpool-lsoa-2011-shapefile-bng.zip';
const LIVERPOOL_GEOJSON = '../../test/fixtures/io/shapefile/liverpool-lsoa-2011-3-wgs84.geojson';

function context(choices: Record<string, string> = {}, progress: ImportProgress[] = []): ImportContext {
  return { onProgress: (p) => progress.push(p), choices, jobState: new Map(), companions: [] };
}

async function read(name: string, bytes: Uint8Array, choices: Record<string, string> = {}): Promise<ParsedLayer & { geometry: 'polygon' | 'line' }> {
  const parsed = await shapefileDriver.read({ name, bytes }, context(choices));
  if (parsed.geometry === 'point') throw new Error('expected a polygon layer');
  return parsed;
}

async function failure(name: string, bytes: Uint8Array, choices: Record<string, string> = {}): Promise<Error> {
  try {
    await shapefileDriver.read({ name, bytes }, context(choices));
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the import to fail');
}

// ---- A zip and a shapefile written by hand, so that each case is a file a person can reason about. ----

/** The entries of a zip, read with Node's own inflate (not with the driver's code or shpjs). */
function unzipEntries(zip: Uint8Array): { name: string; bytes: Uint8Array }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries: { name: string; bytes: Uint8Array }[] = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const method = view.getUint16(at + 8, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const start = at + 30 + nameLength + view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
    const stored = zip.subarray(start, start + size);
    entries.push({ name, bytes: method === 8 ? new Uint8Array(inflateRawSync(stored)) : stored.slice() });
    at = start + size;
  }
  return entries;
}

/** A zip of stored (uncompressed) entries: local headers, the central directory and its end record. */
function storedZip(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, bytes } of entries) {
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(bytes);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, bytes.length, true);
    local.setUint32(22, bytes.length, true);
    local.setUint16(26, nameBytes.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint32(16, crc, true);
    header.setUint32(20, bytes.length, true);
    header.setUint32(24, bytes.length, true);
    header.setUint16(28, nameBytes.length, true);
    header.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), nameBytes, bytes);
    central.push(new Uint8Array(header.buffer), nameBytes);
    offset += 30 + nameBytes.length + bytes.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const zip = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}

/**
 * A polygon shapefile (.shp, ESRI whitepaper 1998): a 100-byte header, then one record per polygon with all
 * its rings as parts. Outer rings are clockwise, as the format requires.
 */
function polygonShp(polygons: Position[][][]): Uint8Array {
  const records = polygons.map((rings) => {
    const points = rings.flat();
    const content = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * points.length));
    content.setInt32(0, 5, true);
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => content.setFloat64(4 + 8 * i, v, true));
    content.setInt32(36, rings.length, true);
    content.setInt32(40, points.length, true);
    let start = 0;
    rings.forEach((ring, i) => {
      content.setInt32(44 + 4 * i, start, true);
      start += ring.length;
    });
    points.forEach(([x, y], i) => {
      content.setFloat64(44 + 4 * rings.length + 16 * i, x!, true);
      content.setFloat64(44 + 4 * rings.length + 16 * i + 8, y!, true);
    });
    return new Uint8Array(content.buffer);
  });
  const length = 100 + records.reduce((sum, r) => sum + 8 + r.length, 0);
  const shp = new Uint8Array(length);
  const view = new DataView(shp.buffer);
  view.setInt32(0, 9994, false);
  view.setInt32(24, length / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, 5, true);
  let at = 100;
  records.forEach((record, i) => {
    view.setInt32(at, i + 1, false);
    view.setInt32(at + 4, record.length / 2, false);
    shp.set(record, at + 8);
    at += 8 + record.length;
  });
  return shp;
}

/** A clockwise square, the outer ring of a shapefile polygon. */
const square = (x: number, y: number, size: number): Position[] => [[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]];

const text = (value: string) => new TextEncoder().encode(value);
const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const WEB_MERCATOR_PRJ =
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],' +
  'PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';

function outerRing(geometry: Polygon | MultiPolygon): Position[] {
  return geometry.type === 'Polygon' ? geometry.coordinates[0]! : geometry.coordinates[0]![0]!;
}

const metresApart = (a: Position, b: Position) => turfDistance(a, b, { units: 'kilometers' }) * 1000;

describe('shapefileDriver on the UK Data Service zip of Liverpool LSOAs (2011, British National Grid)', async () => {
  const file = 'liverpool-lsoa-2011-shapefile-bng.zip';
  const zip = bytesOf(LIVERPOOL_ZIP);
  const progress: ImportProgress[] = [];
  const parsed = await shapefileDriver.read({ name: file, bytes: zip }, context({}, progress));
  if (parsed.geometry !== 'polygon') throw new Error('expected polygons');
  const features = parsed.features.features;
  /** The same LSOAs converted by GDAL (ogr2ogr -t_srs EPSG:4326), a second reading: three of them, for size. */
  const gdal = JSON.parse(new TextDecoder().decode(bytesOf(LIVERPOOL_GEOJSON))) as FeatureCollection<Polygon | MultiPolygon>;

  it('reads 298 LSOA polygons in British National Grid, from the .prj, as a boundary layer', () => {
    expect(parsed.kind).toBe('boundary');
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    expect(parsed.report).toEqual({ file, rowsRead: 298, rowsImported: 298, rejected: [] });
    expect(features).toHaveLength(298);
    expect(new Set(features.map((f) => f.geometry.type))).toEqual(new Set(['Polygon']));
    expect(new Set(features.map((f) => f.properties!.code)).size).toBe(298);
    expect(features[0]!.properties).toEqual({ label: 'E08000012E02006934E01033755', name: 'Liverpool 062D', code: 'E01033755' });
  });

  it('places every vertex of three LSOAs within 5 m of the GDAL conversion of the same file', () => {
    for (const expected of gdal.features) {
      const code = expected.properties!.code as string;
      const actual = features.find((f) => f.properties!.code === code)!.geometry as Polygon | MultiPolygon;
      const ours = outerRing(actual);
      const theirs = outerRing(expected.geometry);
      expect(ours, code).toHaveLength(theirs.length);
      const worst = Math.max(...ours.map((p, i) => metresApart(p, theirs[i]!)));
      expect(worst, code).toBeLessThan(5);
    }
  });

  it('says it started and finished', () => {
    expect(progress[0]).toEqual({ file, rowsRead: 0, bytesRead: 0, bytesTotal: zip.length });
    expect(progress.at(-1)).toEqual({ file, rowsRead: 298, bytesRead: zip.length, bytesTotal: zip.length });
  });

  it('recognises grid metres without the .prj and places them as the .prj does, to the decimetre', async () => {
    const withoutPrj = storedZip(unzipEntries(zip).filter((entry) => !entry.name.endsWith('.prj')));
    const bare = await read('no-prj.zip', withoutPrj);
    expect(bare.sourceCrs).toBe('EPSG:27700');
    expect(bare.report.rowsImported).toBe(298);
    for (const i of [0, 100, 297]) {
      const a = outerRing(bare.features.features[i]!.geometry as Polygon);
      const b = outerRing(features[i]!.geometry as Polygon);
      expect(Math.max(...a.map((p, j) => metresApart(p, b[j]!)))).toBeLessThan(0.1);
    }
  });

  it('takes the shapefile with the most records from a zip of two and names the other', async () => {
    const entries = [...unzipEntries(zip), { name: 'extra/one-square.shp', bytes: polygonShp([[square(358_000, 172_000, 100)]]) }];
    const both = await read('two.zip', storedZip(entries));
    expect(both.features.features).toHaveLength(298);
    expect(both.report.rejected).toEqual([
      {
        reason: OTHER_LAYER,
        count: 1,
        examples: [{ file: 'two.zip', row: 0, column: '', value: 'extra/one-square.shp (1 record)', reason: OTHER_LAYER }],
      },
    ]);
  });
});

describe('shapefileDriver on hand-made shapefiles', () => {
  it('reads grid metres without a .prj as British National Grid and converts them as the ONS figures say', async () => {
    // ONS label point of Avon and Somerset (test/fixtures/ons-police-force-area-points.csv): 356362 E, 150274 N is
    // -2.62662, 51.24995 in WGS84. A 1 km square has it as its first corner.
    const zip = storedZip([{ name: 'square.shp', bytes: polygonShp([[square(356_362, 150_274, 1000)]]) }]);
    const parsed = await read('square.zip', zip);
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    const ring = outerRing(parsed.features.features[0]!.geometry as Polygon);
    // 5 m Helmert error plus the rounding of the published figures.
    expect(metresApart(ring[0]!, [-2.62662, 51.24995])).toBeLessThan(6);
    expect(metresApart(ring[0]!, ring[1]!)).toBeCloseTo(1000, -1);
  });

  it('reads degrees west of Greenwich without a .prj as WGS84, as written', async () => {
    const ring = square(-2.99, 53.4, 0.01);
    const parsed = await read('degrees.zip', storedZip([{ name: 'degrees.shp', bytes: polygonShp([[ring]]) }]));
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    // shpjs keeps the shapefile's ring order (outer clockwise), which RFC 7946 asks readers to accept.
    expect(outerRing(parsed.features.features[0]!.geometry as Polygon)).toEqual(ring);
  });

  it('asks whether small positive numbers without a .prj are degrees or metres, and follows the answer', async () => {
    // Around Colchester, east of Greenwich: 0.9, 51.9 fits degrees and, as metres, the corner of the National Grid.
    const zip = storedZip([{ name: 'colchester.shp', bytes: polygonShp([[square(0.9, 51.88, 0.01)]]) }]);
    const asked = await failure('colchester.zip', zip);
    expect(asked).toBeInstanceOf(ImportNeedsChoice);
    const { question } = asked as ImportNeedsChoice;
    expect(question.id).toBe(CRS_CHOICE);
    expect(question.file).toBe('colchester.zip');
    expect(question.prompt).toBe('colchester.shp has no .prj file to say how its coordinates are measured. Are they British National Grid or WGS84?');
    expect(question.options.map((o) => o.value)).toEqual(['EPSG:27700', 'EPSG:4326']);

    const answered = await read('colchester.zip', zip, { [CRS_CHOICE]: 'EPSG:4326' });
    expect(answered.sourceCrs).toBe('EPSG:4326');
    expect(outerRing(answered.features.features[0]!.geometry as Polygon)[0]).toEqual([0.9, 51.88]);
    const grid = await read('colchester.zip', zip, { [CRS_CHOICE]: 'EPSG:27700' });
    expect(grid.sourceCrs).toBe('EPSG:27700');
    const { lon, lat } = bngToWgs84({ easting: 0.9, northing: 51.88 });
    expect(outerRing(grid.features.features[0]!.geometry as Polygon)[0]).toEqual([lon, lat]);
  });

  it('reads the OGC spelling of a British National Grid .prj (QGIS, GDAL) as the ESRI one', async () => {
    const prj =
      'PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",' +
      'SPHEROID["Airy 1830",6377563.396,299.3249646],TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],' +
      'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
      'PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],' +
      'PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1],AUTHORITY["EPSG","27700"]]';
    const zip = storedZip([
      { name: 'ogc.shp', bytes: polygonShp([[square(356_362, 150_274, 1000)]]) },
      { name: 'ogc.prj', bytes: text(prj) },
    ]);
    const parsed = await read('ogc.zip', zip);
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    expect(metresApart(outerRing(parsed.features.features[0]!.geometry as Polygon)[0]!, [-2.62662, 51.24995])).toBeLessThan(6);
  });

  it('reads a WGS84 .prj as WGS84', async () => {
    const zip = storedZip([
      { name: 'wgs84.shp', bytes: polygonShp([[square(-2.99, 53.4, 0.01)]]) },
      { name: 'wgs84.prj', bytes: text(WGS84_PRJ) },
    ]);
    const parsed = await read('wgs84.zip', zip);
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(outerRing(parsed.features.features[0]!.geometry as Polygon)).toContainEqual([-2.99, 53.4]);
  });

  it('reads a polygon with a hole as one Polygon of two rings', async () => {
    const hole = [...square(358_200, 172_200, 100)].reverse();
    const parsed = await read('hole.zip', storedZip([{ name: 'hole.shp', bytes: polygonShp([[square(358_000, 172_000, 500), hole]]) }]));
    const geometry = parsed.features.features[0]!.geometry as Polygon;
    expect(geometry.type).toBe('Polygon');
    expect(geometry.coordinates).toHaveLength(2);
  });
});

describe('shapefileDriver on files it cannot read', () => {
  it('says a file that is not a zip is not a zip file', async () => {
    const error = await failure('boundaries.zip', text('{"type":"FeatureCollection","features":[]}'));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'boundaries.zip: not a zip file: a shapefile is imported as the .zip that holds its .shp, .shx, .dbf and .prj files',
    );
  });

  it('lists what a zip holds when it has no .shp', async () => {
    const zip = storedZip([
      { name: 'README.txt', bytes: text('LSOA boundaries') },
      { name: 'TermsAndConditions.html', bytes: text('<p>OGL</p>') },
      { name: 'england_lsoa_2011.dbf', bytes: new Uint8Array(33) },
    ]);
    const error = await failure('lsoa.zip', zip);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'lsoa.zip: the zip holds no shapefile (.shp); it contains README.txt, TermsAndConditions.html, england_lsoa_2011.dbf: ' +
        'a shapefile is imported as a zip of its .shp, .shx, .dbf and .prj files',
    );
  });

  it('says a zip cut short is damaged', async () => {
    const error = await failure('cut.zip', bytesOf(LIVERPOOL_ZIP).subarray(0, 5000));
    expect(error.message).toBe('cut.zip: the zip file is damaged or incomplete (its list of contents is missing): download it again');
  });

  it('refuses a .prj in a system it does not convert, by name', async () => {
    const zip = storedZip([
      { name: 'mercator.shp', bytes: polygonShp([[square(-332_000, 7_070_000, 1000)]]) },
      { name: 'mercator.prj', bytes: text(WEB_MERCATOR_PRJ) },
    ]);
    const error = await failure('mercator.zip', zip);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'mercator.zip: mercator.prj gives the coordinate reference system "WGS_1984_Web_Mercator_Auxiliary_Sphere"; NRD Planner ' +
        'reads shapefiles in British National Grid (EPSG:27700) or WGS84 longitude/latitude (EPSG:4326): export the shapefile ' +
        'again in one of those',
    );
  });

  it('says when coordinates without a .prj are neither degrees nor grid metres', async () => {
    const zip = storedZip([{ name: 'mercator.shp', bytes: polygonShp([[square(-332_000, 7_070_000, 1000)]]) }]);
    const error = await failure('mercator.zip', zip);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'mercator.zip: mercator.shp has no .prj file, and its coordinates (such as [-332000, 7070000]) are neither ' +
        'longitude/latitude in degrees nor British National Grid metres throughout: add the .prj that came with it to the ' +
        'zip, or export it again in British National Grid or WGS84',
    );
  });
});

describe('shapefileDriver.detect', () => {
  it('goes by the name, as a zip has no text to look at', () => {
    expect(shapefileDriver.detect({ name: 'LSOA_2011_EW_BGC.zip', head: '' })).toBe(0.6);
    expect(shapefileDriver.detect({ name: 'crime.csv', head: 'Crime ID,Month' })).toBe(0);
  });
});
