import { existsSync, readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { ImportNeedsChoice, type ImportContext, type ImportProgress, type ParsedLayer, type SourceFile } from './format-driver.ts';
import { ImportError, type ImportReport } from './import-report.ts';
import { DUPLICATE_BOUNDARY, lsoaPopulationCsvDriver, NO_BOUNDARY, NO_TABLE_ROW } from './lsoa-population-csv.ts';

const fixture = (path: string) => new URL(`../../test/fixtures/io/${path}`, import.meta.url);
const bytesOf = (url: URL) => new Uint8Array(readFileSync(url));
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const source = (name: string, url: URL): SourceFile => ({ name, bytes: bytesOf(url) });

const KS102EW_SLICE = source('ks102ew-liverpool-20-and-3-others.csv', fixture('population/ks102ew-liverpool-20-and-3-others.csv'));
const LIVERPOOL_21 = source('liverpool-lsoa-2011-21.geojson', fixture('population/liverpool-lsoa-2011-21.geojson'));
const POPULATION = 'Age: All usual residents; measures: Value';

type PolygonLayer = Extract<ParsedLayer, { features: FeatureCollection }>;

async function join(table: SourceFile, companions: SourceFile[], choices: Record<string, string> = {}, progress: ImportProgress[] = []): Promise<PolygonLayer> {
  const context: ImportContext = { onProgress: (p) => progress.push(p), choices, jobState: new Map(), companions };
  const parsed = await lsoaPopulationCsvDriver.read(table, context);
  if (parsed.geometry !== 'polygon') throw new Error('expected a polygon layer');
  return parsed;
}

async function failure(table: SourceFile, companions: SourceFile[], choices: Record<string, string> = {}): Promise<Error> {
  try {
    await join(table, companions, choices);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the import to fail');
}

function rejected(report: ImportReport, reason: string) {
  return report.rejected.find((group) => group.reason === reason);
}

const csv = (name: string, lines: string[]): SourceFile => ({ name, bytes: encode(lines.join('\r\n') + '\r\n') });

/** A real table read by another method: split on newlines and commas, quotes stripped (no value holds a comma). */
function naiveRows(file: SourceFile): string[][] {
  return new TextDecoder()
    .decode(file.bytes)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((value) => value.replace(/^"|"$/g, '')));
}

describe('the Census 2011 KS102EW table (Nomis bulk file), a slice, joined to 21 Liverpool LSOA boundaries (GeoJSON)', async () => {
  const progress: ImportProgress[] = [];
  const parsed = await join(KS102EW_SLICE, [LIVERPOOL_21], {}, progress);
  const features = parsed.features.features;
  const table = naiveRows(KS102EW_SLICE);
  const boundaries = JSON.parse(new TextDecoder().decode(LIVERPOOL_21.bytes)) as FeatureCollection<Polygon>;

  it('finds the code column and the population column in the long Nomis headers', () => {
    expect(table[0]).toContain('geography code');
    expect(table[0]).toContain(POPULATION);
    expect(table).toHaveLength(24);
  });

  it('joins the 20 Liverpool rows to their boundaries as a population layer with code, name, population and area', () => {
    expect(parsed.kind).toBe('population');
    expect(parsed.geometry).toBe('polygon');
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(features).toHaveLength(20);
    for (const feature of features) expect(Object.keys(feature.properties!).sort()).toEqual(['areaSqKm', 'code', 'name', 'population']);
    // The first boundary in the file, Liverpool 062D: 1,082 residents in KS102EW (its last row in the slice).
    expect(features[0]!.properties).toMatchObject({ code: 'E01033755', name: 'Liverpool 062D', population: 1082 });
    expect(features[0]!.geometry).toEqual(boundaries.features[0]!.geometry);
  });

  it('gives every LSOA the population of its own row (checked against the naive reading)', () => {
    const codeAt = table[0]!.indexOf('geography code');
    const populationAt = table[0]!.indexOf(POPULATION);
    const expected = new Map(table.slice(1).map((row) => [row[codeAt]!, Number(row[populationAt])]));
    for (const feature of features) expect(feature.properties!.population, feature.properties!.code as string).toBe(expected.get(feature.properties!.code as string));
    // 28,031 residents in the 20 Liverpool rows, summed with python3 csv.DictReader.
    expect(features.reduce((sum, f) => sum + (f.properties!.population as number), 0)).toBe(28_031);
  });

  it('reports the 3 table rows with no boundary and the 1 boundary with no row, with file, row, column and value', () => {
    expect(parsed.report.file).toBe('ks102ew-liverpool-20-and-3-others.csv');
    expect(parsed.report.rowsRead).toBe(23);
    expect(parsed.report.rowsImported).toBe(20);
    expect(parsed.report.rejected).toEqual([
      {
        reason: NO_BOUNDARY,
        count: 3,
        examples: [
          { file: 'ks102ew-liverpool-20-and-3-others.csv', row: 2, column: 'geography code', value: 'E01012334', reason: NO_BOUNDARY },
          { file: 'ks102ew-liverpool-20-and-3-others.csv', row: 3, column: 'geography code', value: 'E01012335', reason: NO_BOUNDARY },
          { file: 'ks102ew-liverpool-20-and-3-others.csv', row: 4, column: 'geography code', value: 'E01012366', reason: NO_BOUNDARY },
        ],
      },
      {
        reason: NO_TABLE_ROW,
        count: 1,
        examples: [{ file: 'liverpool-lsoa-2011-21.geojson', row: 21, column: 'code', value: 'E01033757', reason: NO_TABLE_ROW }],
      },
    ]);
  });

  it('measures each area on the grid within 1% of a spherical-excess area of the same polygon', () => {
    // A second method: the area of the ring on a sphere of the mean Earth radius (spherical excess by the
    // trapezoid rule of Chamberlain and Duquette, 2007). The sphere and the grid differ by a few tenths of a percent.
    const radius = 6_371_008.8;
    const sphericalSqKm = (ring: Position[]) => {
      let sum = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        const [lon1, lat1] = ring[i]!.map((d) => (d * Math.PI) / 180) as [number, number];
        const [lon2, lat2] = ring[i + 1]!.map((d) => (d * Math.PI) / 180) as [number, number];
        sum += (lon2 - lon1) * (2 + Math.sin(lat1) + Math.sin(lat2));
      }
      return (Math.abs(sum) * radius * radius) / 2 / 1e6;
    };
    for (const feature of features) {
      const rings = (feature.geometry as Polygon).coordinates;
      const expected = sphericalSqKm(rings[0]!) - rings.slice(1).reduce((sum, ring) => sum + sphericalSqKm(ring), 0);
      expect(Math.abs((feature.properties!.areaSqKm as number) / expected - 1), feature.properties!.code as string).toBeLessThan(0.01);
    }
  });

  it('says it started and finished', () => {
    expect(progress[0]).toEqual({ file: KS102EW_SLICE.name, rowsRead: 0, bytesRead: 0, bytesTotal: KS102EW_SLICE.bytes.length });
    expect(progress.at(-1)).toEqual({ file: KS102EW_SLICE.name, rowsRead: 23, bytesRead: KS102EW_SLICE.bytes.length, bytesTotal: KS102EW_SLICE.bytes.length });
  });
});

describe('the KS102EW rows of all 298 Liverpool LSOAs joined to the zipped shapefile of their boundaries (BNG)', async () => {
  const table = source('ks102ew-liverpool-298.csv', fixture('population/ks102ew-liverpool-298.csv'));
  const zip = source('liverpool-lsoa-2011-shapefile-bng.zip', fixture('shapefile/liverpool-lsoa-2011-shapefile-bng.zip'));
  const parsed = await join(table, [zip]);

  it('matches all 298 and 466,415 residents (../shared/data/SOURCES.md), nothing left over', () => {
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    expect(parsed.report).toEqual({ file: table.name, rowsRead: 298, rowsImported: 298, rejected: [] });
    expect(parsed.features.features.reduce((sum, f) => sum + (f.properties!.population as number), 0)).toBe(466_415);
  });
});

const KS102EW_FULL = new URL('../../../shared/data/population/census-2011-ks102ew-lsoa-age.csv', import.meta.url);

// A user's clone has no ../shared: the file is read only where it is there (skipIf still runs a describe's body).
describe.skipIf(!existsSync(KS102EW_FULL))('the whole KS102EW table (34,753 LSOAs of England and Wales, ../shared/data) joined to Liverpool', async () => {
  const parsed = existsSync(KS102EW_FULL)
    ? await join(source('census-2011-ks102ew-lsoa-age.csv', KS102EW_FULL), [source('liverpool-lsoa-2011-shapefile-bng.zip', fixture('shapefile/liverpool-lsoa-2011-shapefile-bng.zip'))])
    : (undefined as never);

  it('matches the 298 Liverpool LSOAs and their 466,415 residents', () => {
    expect(parsed.report.rowsRead).toBe(34_753);
    expect(parsed.report.rowsImported).toBe(298);
    expect(parsed.features.features.reduce((sum, f) => sum + (f.properties!.population as number), 0)).toBe(466_415);
  });

  it('reports the other 34,455 rows as one count with five examples, not one line each', () => {
    expect(parsed.report.rejected.map(({ reason, count }) => ({ reason, count }))).toEqual([{ reason: NO_BOUNDARY, count: 34_753 - 298 }]);
    expect(rejected(parsed.report, NO_BOUNDARY)!.examples.map((e) => [e.row, e.value])).toEqual([
      [2, 'E01012334'],
      [3, 'E01012335'],
      [4, 'E01012366'],
      [5, 'E01033481'],
      [6, 'E01033482'],
    ]);
    expect(JSON.stringify(parsed.report).length).toBeLessThan(2000);
  });
});

describe('the Avon and Somerset mid-2018 table (ONS SAPE21DT11) joined to the sample LSOA layer', async () => {
  const table = source('avon-and-somerset-lsoa-2011-population-mid2018.csv', fixture('population/avon-and-somerset-lsoa-2011-population-mid2018.csv'));
  const sampleUrl = new URL('../../data/sample/lsoa-population-avon-and-somerset.geojson', import.meta.url);
  const sample = JSON.parse(readFileSync(sampleUrl, 'utf8')) as FeatureCollection;
  const parsed = await join(table, [source('lsoa-population-avon-and-somerset.geojson', sampleUrl)]);

  it('matches all 1,005 LSOAs, 1,711,473 residents, and takes the area from the table', () => {
    expect(parsed.report).toEqual({ file: table.name, rowsRead: 1005, rowsImported: 1005, rejected: [] });
    expect(parsed.features.features.reduce((sum, f) => sum + (f.properties!.population as number), 0)).toBe(1_711_473);
  });

  it('gives the same layer as the sample build script made from the same two files (scripts/build-sample.mjs)', () => {
    expect(parsed.features.features).toEqual(sample.features);
  });

  it('without the area column, measures areas that agree with the ONS land areas (0.2% in total, 0.4% the median LSOA)', async () => {
    const lines = new TextDecoder().decode(table.bytes).split('\n');
    // Drop the last two columns, area_sq_km and people_per_sq_km; no value before them holds a comma.
    const withoutArea = csv('no-area.csv', lines.filter((l) => l !== '').map((line) => line.split(',').slice(0, -2).join(',')));
    const measured = await join(withoutArea, [source('lsoa.geojson', sampleUrl)]);
    const ons = new Map(sample.features.map((f) => [f.properties!.code as string, f.properties!.areaSqKm as number]));
    const areas = measured.features.features.map((f) => ({ measured: f.properties!.areaSqKm as number, ons: ons.get(f.properties!.code as string)! }));
    const total = (key: 'measured' | 'ons') => areas.reduce((sum, a) => sum + a[key], 0);
    // ONS measured its land areas on the full-resolution boundaries; these are generalised (BGC, 5 decimals).
    expect(Math.abs(total('measured') / total('ons') - 1)).toBeLessThan(0.003);
    const differences = areas.map((a) => Math.abs(a.measured / a.ons - 1)).sort((a, b) => a - b);
    expect(differences[Math.floor(differences.length / 2)]).toBeLessThan(0.005);
    expect(differences.filter((d) => d < 0.05).length).toBeGreaterThanOrEqual(1000);
  });
});

/** Boundaries in British National Grid metres, so that their areas can be worked out by hand. */
function gridBoundaries(features: { code: string; rings: Position[][] | Position[][][] }[]): SourceFile {
  return {
    name: 'grid-boundaries.geojson',
    bytes: encode({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: features.map(({ code, rings }) => ({
        type: 'Feature',
        properties: { LSOA11CD: code, LSOA11NM: `Test ${code}` },
        geometry: typeof rings[0]![0]![0] === 'number' ? { type: 'Polygon', coordinates: rings } : { type: 'MultiPolygon', coordinates: rings },
      })),
    }),
  };
}

const rectangle = (east: number, north: number, width: number, height: number): Position[] => [
  [east, north],
  [east + width, north],
  [east + width, north + height],
  [east, north + height],
  [east, north],
];

describe('areas worked out by hand', () => {
  const boundaries = gridBoundaries([
    { code: 'E01000001', rings: [rectangle(400_000, 300_000, 1000, 1000)] },
    { code: 'E01000002', rings: [rectangle(402_000, 300_000, 2000, 500), rectangle(402_100, 300_100, 100, 100).reverse()] },
    { code: 'E01000003', rings: [[rectangle(405_000, 300_000, 500, 500)], [rectangle(406_000, 300_000, 500, 500)]] },
  ]);

  it('measures a 1 km square as 1 km², a 2 km by 500 m strip with a 100 m hole as 0.99 km², two 500 m squares as 0.5 km²', async () => {
    const table = csv('pop.csv', ['LSOA11CD,All persons', 'E01000001,1500', 'E01000002,1600', 'E01000003,"1,700"']);
    const parsed = await join(table, [boundaries]);
    expect(parsed.features.features.map((f) => f.properties)).toEqual([
      { code: 'E01000001', name: 'Test E01000001', population: 1500, areaSqKm: 1 },
      { code: 'E01000002', name: 'Test E01000002', population: 1600, areaSqKm: 0.99 },
      { code: 'E01000003', name: 'Test E01000003', population: 1700, areaSqKm: 0.5 },
    ]);
    const { lon, lat } = bngToWgs84({ easting: 400_000, northing: 300_000 });
    expect((parsed.features.features[0]!.geometry as Polygon).coordinates[0]![0]).toEqual([lon, lat]);
  });

  it('takes an area in hectares from the table as hundredths of a km²', async () => {
    const table = csv('pop.csv', ['LSOA11CD,LSOA11NM,population,area_hectares', 'E01000001,First,1500,150', 'E01000002,Second,1600,99']);
    const parsed = await join(table, [boundaries]);
    expect(parsed.features.features.map((f) => [f.properties!.name, f.properties!.areaSqKm])).toEqual([
      ['First', 1.5],
      ['Second', 0.99],
    ]);
    expect(rejected(parsed.report, NO_TABLE_ROW)!.count).toBe(1);
  });
});

describe('the LSOA boundaries as TopoJSON, or split over two files', () => {
  it('joins to a TopoJSON of 3 Liverpool LSOAs', async () => {
    const topojson = source('liverpool-lsoa-2011-3.topojson', fixture('population/liverpool-lsoa-2011-3.topojson'));
    const parsed = await join(KS102EW_SLICE, [topojson]);
    expect(parsed.features.features.map((f) => [f.properties!.code, f.properties!.name, f.properties!.population])).toEqual([
      ['E01033755', 'Liverpool 062D', 1082],
      ['E01033758', 'Liverpool 060B', 1730],
      ['E01033753', 'Liverpool 062C', 1051],
    ]);
    expect(rejected(parsed.report, NO_BOUNDARY)!.count).toBe(20);
  });

  it('joins to boundaries given as two files, and reports a code found in both', async () => {
    const all = JSON.parse(new TextDecoder().decode(LIVERPOOL_21.bytes)) as FeatureCollection;
    const part = (name: string, features: Feature[]): SourceFile => ({ name, bytes: encode({ type: 'FeatureCollection', features }) });
    const first = part('first.geojson', all.features.slice(0, 12));
    const second = part('second.geojson', all.features.slice(10));
    const parsed = await join(KS102EW_SLICE, [first, second]);
    expect(parsed.features.features).toHaveLength(20);
    expect(rejected(parsed.report, DUPLICATE_BOUNDARY)).toEqual({
      reason: DUPLICATE_BOUNDARY,
      count: 2,
      examples: [
        { file: 'second.geojson', row: 1, column: 'code', value: all.features[10]!.properties!.code, reason: DUPLICATE_BOUNDARY },
        { file: 'second.geojson', row: 2, column: 'code', value: all.features[11]!.properties!.code, reason: DUPLICATE_BOUNDARY },
      ],
    });
    expect(rejected(parsed.report, NO_TABLE_ROW)!.examples).toEqual([
      { file: 'second.geojson', row: 11, column: 'code', value: 'E01033757', reason: NO_TABLE_ROW },
    ]);
  });
});

describe('tables with rows that cannot be used', () => {
  const boundaries = gridBoundaries([
    { code: 'E01000001', rings: [rectangle(400_000, 300_000, 1000, 1000)] },
    { code: 'E01000002', rings: [rectangle(402_000, 300_000, 1000, 1000)] },
    { code: 'W01000003', rings: [rectangle(404_000, 300_000, 1000, 1000)] },
  ]);

  it('rejects a population that is not a whole number, and says which row, column and value', async () => {
    const table = csv('pop.csv', ['LSOA11CD,population', 'E01000001,1500', 'E01000002,1,6', 'W01000003,about 1700', 'E01000004,', 'E0100005,10']);
    const parsed = await join(table, [boundaries]);
    expect(parsed.features.features.map((f) => f.properties!.code)).toEqual(['E01000001']);
    expect(parsed.report.rowsRead).toBe(5);
    expect(parsed.report.rejected).toEqual([
      {
        reason: 'more values than the header has columns (a value with an unquoted comma?)',
        count: 1,
        examples: [{ file: 'pop.csv', row: 3, column: '', value: 'E01000002,1,6', reason: 'more values than the header has columns (a value with an unquoted comma?)' }],
      },
      {
        reason: 'population is not a whole number of people',
        count: 1,
        examples: [{ file: 'pop.csv', row: 4, column: 'population', value: 'about 1700', reason: 'population is not a whole number of people' }],
      },
      { reason: 'no population', count: 1, examples: [{ file: 'pop.csv', row: 5, column: 'population', value: '', reason: 'no population' }] },
      {
        reason: 'not an LSOA code (E01 or W01 and six digits)',
        count: 1,
        examples: [{ file: 'pop.csv', row: 6, column: 'LSOA11CD', value: 'E0100005', reason: 'not an LSOA code (E01 or W01 and six digits)' }],
      },
      {
        reason: NO_TABLE_ROW,
        count: 2,
        examples: [
          { file: 'grid-boundaries.geojson', row: 2, column: 'LSOA11CD', value: 'E01000002', reason: NO_TABLE_ROW },
          { file: 'grid-boundaries.geojson', row: 3, column: 'LSOA11CD', value: 'W01000003', reason: NO_TABLE_ROW },
        ],
      },
    ]);
  });

  it('keeps the first of two rows with the same LSOA code and rejects the second as a duplicate', async () => {
    const table = csv('pop.csv', ['LSOA11CD,population', 'E01000001,1500', 'E01000002,1600', '', 'E01000001,1499']);
    const parsed = await join(table, [boundaries]);
    expect(parsed.features.features.map((f) => f.properties!.population)).toEqual([1500, 1600]);
    const reason = 'duplicate LSOA code: an earlier row has the same code and is the one kept';
    expect(rejected(parsed.report, reason)).toEqual({ reason, count: 1, examples: [{ file: 'pop.csv', row: 5, column: 'LSOA11CD', value: 'E01000001', reason }] });
  });

  it('rejects an area that is not a number', async () => {
    const table = csv('pop.csv', ['LSOA11CD,population,area_sq_km', 'E01000001,1500,1.0', 'E01000002,1600,n/a']);
    const parsed = await join(table, [boundaries]);
    const reason = 'area is not a number of square kilometres';
    expect(rejected(parsed.report, reason)!.examples).toEqual([{ file: 'pop.csv', row: 3, column: 'area_sq_km', value: 'n/a', reason }]);
  });
});

describe('questions and errors', () => {
  const boundaries = gridBoundaries([{ code: 'E01000001', rings: [rectangle(400_000, 300_000, 1000, 1000)] }]);

  it('asks which column is the population when the header does not say, and follows the answer', async () => {
    const table = csv('pop.csv', ['LSOA11CD,count,households', 'E01000001,1500,600']);
    const asked = await failure(table, [boundaries]);
    expect(asked).toBeInstanceOf(ImportNeedsChoice);
    expect((asked as ImportNeedsChoice).question).toEqual({
      id: 'populationColumn',
      file: 'pop.csv',
      prompt: 'Which column holds the number of residents of each LSOA?',
      options: [
        { value: 'LSOA11CD', label: 'LSOA11CD (first value: E01000001)' },
        { value: 'count', label: 'count (first value: 1500)' },
        { value: 'households', label: 'households (first value: 600)' },
      ],
    });
    const answered = await join(table, [boundaries], { populationColumn: 'count' });
    expect(answered.features.features[0]!.properties!.population).toBe(1500);
  });

  it('asks when two columns could be the population', async () => {
    const table = csv('pop.csv', ['LSOA11CD,population_2011,population_2021', 'E01000001,1500,1600']);
    const asked = await failure(table, [boundaries]);
    expect((asked as ImportNeedsChoice).question.id).toBe('populationColumn');
    expect((await join(table, [boundaries], { populationColumn: 'population_2021' })).features.features[0]!.properties!.population).toBe(1600);
  });

  it('asks which column is the LSOA code when two hold codes', async () => {
    const table = csv('pop.csv', ['LSOA11CD,LSOA21CD,population', 'E01000001,E01000009,1500']);
    const asked = await failure(table, [boundaries]);
    expect(asked).toBeInstanceOf(ImportNeedsChoice);
    expect((asked as ImportNeedsChoice).question.id).toBe('lsoaCodeColumn');
    expect((asked as ImportNeedsChoice).question.options.map((o) => o.value)).toEqual(['LSOA11CD', 'LSOA21CD', 'population']);
    expect((await join(table, [boundaries], { lsoaCodeColumn: 'LSOA11CD' })).report.rowsImported).toBe(1);
  });

  it('says when no column holds LSOA codes', async () => {
    const error = await failure(csv('pop.csv', ['ward,population', 'Riverside,1500']), [boundaries]);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'pop.csv: no column holds LSOA codes (E01 or W01 and six digits, such as E01014399); the columns are "ward", "population": ' +
        "a population table needs each row's LSOA code to join it to the boundaries",
    );
  });

  it('says an answer naming a column that is not there is wrong', async () => {
    const error = await failure(csv('pop.csv', ['LSOA11CD,count', 'E01000001,1500']), [boundaries], { populationColumn: 'people' });
    expect(error.message).toBe('pop.csv: the column "people" chosen for populationColumn is not in the header row ("LSOA11CD", "count")');
  });

  it('asks for the boundary file when none was given', async () => {
    const error = await failure(KS102EW_SLICE, []);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      'ks102ew-liverpool-20-and-3-others.csv: a population table is drawn on its LSOA boundaries, and none were given: add the ' +
        'LSOA boundary file (GeoJSON, TopoJSON or the zipped shapefile, with LSOA codes such as LSOA11CD) to the same import',
    );
  });

  it('names the boundary file when it has no LSOA codes', async () => {
    const pfa = source('police-force-areas-uk.topojson', fixture('topojson/police-force-areas-uk.topojson'));
    const error = await failure(KS102EW_SLICE, [pfa]);
    expect(error.message).toBe(
      'police-force-areas-uk.topojson: no property of the boundaries holds LSOA codes (E01 or W01 and six digits, as LSOA11CD ' +
        'does); the properties are "PFACD", "PFANM", "PFAFNM": use the ONS LSOA boundaries, which carry the code',
    );
  });

  it('refuses points as boundaries', async () => {
    const points = { name: 'points.geojson', bytes: encode({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'E01000001' }, geometry: { type: 'Point', coordinates: [-2.9, 53.4] } }] }) };
    const error = await failure(csv('pop.csv', ['LSOA11CD,population', 'E01000001,1500']), [points]);
    expect(error.message).toBe('points.geojson: the boundary file holds points, not LSOA boundary polygons: a population table is drawn on the LSOA polygons');
  });

  it('says when no code of the table has a boundary', async () => {
    const error = await failure(csv('pop.csv', ['LSOA11CD,population', 'E01000002,1500', 'E01000003,1600']), [boundaries]);
    expect(error.message).toBe(
      'pop.csv: none of the 2 LSOA codes in the table (such as E01000002) has a boundary in "grid-boundaries.geojson" (1 boundaries, ' +
        'such as E01000001): check that the boundaries are LSOAs of the same census (2011 or 2021) and the same area as the table',
    );
  });

  it('says why when no row of the table can be used, before looking at the boundaries', async () => {
    // With no whole number under it the header alone does not settle the column: it was asked, and answered.
    const error = await failure(csv('pop.csv', ['LSOA11CD,population', 'E01000001,n/a', 'E01000002,n/a']), [], { populationColumn: 'population' });
    expect(error.message).toBe(
      'pop.csv: none of the 2 rows could be imported; 2 were rejected for "population is not a whole number of people", ' +
        'the first at row 2, column "population", value "n/a"',
    );
  });

  it('says when the file has a header and nothing under it', async () => {
    const error = await failure(csv('pop.csv', ['LSOA11CD,population']), [boundaries]);
    expect(error.message).toBe('pop.csv: the file has a header row but no LSOA rows under it');
  });
});

describe('lsoaPopulationCsvDriver.detect', () => {
  const head = (file: SourceFile) => new TextDecoder().decode(file.bytes.subarray(0, 4096));

  it('recognises the Nomis and ONS tables by their population header and LSOA codes', () => {
    expect(lsoaPopulationCsvDriver.detect({ name: 'bulk.csv', head: head(KS102EW_SLICE) })).toBe(0.9);
    const ons = source('a.csv', fixture('population/avon-and-somerset-lsoa-2011-population-mid2018.csv'));
    expect(lsoaPopulationCsvDriver.detect({ name: 'a.csv', head: head(ons) })).toBe(0.9);
  });

  it('leaves a police.uk crime file, which also has LSOA codes, to its own driver', () => {
    const crime = source('crime.csv', fixture('police-uk-essex-2018-01-slice.csv'));
    expect(lsoaPopulationCsvDriver.detect({ name: 'crime.csv', head: head(crime) })).toBe(0);
  });
});
