import { readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import type { DictionaryColumn, PointColumns } from '../domain/point-columns.ts';
import type { ImportContext, ImportProgress } from './format-driver.ts';
import type { ImportReport } from './import-report.ts';
import { pointCsvDriver } from './point-csv.ts';
import { failure, importError, questionOf } from '../../test/fixtures/import-failures.ts';

const fixturePath = (name: string) => new URL(`../../test/fixtures/io/point-csv/${name}`, import.meta.url);
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));
const fixtureText = (name: string) => readFileSync(fixturePath(name), 'utf8');

function context(choices: Record<string, string> = {}, progress: ImportProgress[] = []): ImportContext {
  return { onProgress: (p) => progress.push(p), choices, jobState: new Map(), companions: [] };
}

async function readPoints(name: string, bytes: Uint8Array, choices: Record<string, string> = {}) {
  const parsed = await pointCsvDriver.read({ name, bytes }, context(choices));
  if (parsed.geometry !== 'point') throw new Error('expected a point layer');
  return parsed;
}
const readFixture = (name: string, choices: Record<string, string> = {}) => readPoints(name, fixtureBytes(name), choices);
const readText = (text: string, name = 'points.csv', choices: Record<string, string> = {}) =>
  readPoints(name, new TextEncoder().encode(text), choices);


function dictionary(columns: PointColumns, name: string): DictionaryColumn {
  const column = columns.attributes[name];
  if (column?.kind !== 'dictionary') throw new Error(`${name} is not a dictionary column`);
  return column;
}
/** A dictionary column decoded back to one value per row. */
const values = (columns: PointColumns, name: string) => {
  const column = dictionary(columns, name);
  return [...column.codes].map((code) => column.dictionary[code]!);
};
const positions = (columns: PointColumns) => [...columns.lon].map((lon, i) => [lon, columns.lat[i]!]);
const metresBetween = (a: number[], b: number[]) => turfDistance(a, b, { units: 'kilometers' }) * 1000;

function rejected(report: ImportReport, reason: string) {
  return report.rejected.find((group) => group.reason === reason);
}

/** ONS publishes each police force area's label point in both BNG and WGS84: an independent answer. */
const onsPoints = fixtureText('../../ons-police-force-area-points.csv')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('code,'))
  .map((line) => {
    const fields = line.split(',');
    const [easting, northing, lon, lat] = fields.slice(-4).map(Number) as [number, number, number, number];
    return { code: fields[0]!, easting, northing, lon, lat };
  });

describe('pointCsvDriver on a real slice of English schools in British National Grid', () => {
  const file = 'schools-england-2017-bng-slice.csv';
  const parsed = readFixture(file);
  // Written by bng-reference.py, an OS-guide conversion in Python (no proj4), from the same slice.
  const reference = fixtureText('schools-england-2017-bng-slice.reference.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([urn, lon, lat]) => ({ urn: urn!, lon: Number(lon), lat: Number(lat) }));

  it('reads 40 rows, imports the 39 with coordinates and rejects the one with "nan" at row 41, as written in the file', async () => {
    const { report, columns } = await parsed;
    // `wc -l` gives 41 lines: the header and 40 rows; line 41 is source line 2863, "...,nan,nan".
    expect(report).toEqual({
      file,
      rowsRead: 40,
      rowsImported: 39,
      rejected: [{ reason: 'not a number', count: 1, examples: [{ file, row: 41, column: 'Easting', value: 'nan', reason: 'not a number' }] }],
    });
    expect(columns.count).toBe(39);
  });

  it('is a sensitive-places layer from EPSG:27700 keeping every other column by its header name', async () => {
    const { kind, sourceCrs, columns } = await parsed;
    expect(kind).toBe('sensitive');
    expect(sourceCrs).toBe('EPSG:27700');
    expect(Object.keys(columns.attributes)).toEqual([
      'URN',
      'Local authority (name)',
      'Establishment name',
      'Street',
      'Town',
      'Postcode',
      'Type of establishment',
      'Phase of education',
      'Religious character',
      'Statutory lowest age',
      'Statutory highest age',
    ]);
  });

  it('converts every easting/northing to within 5 cm of an independent Python conversion, row for row', async () => {
    const { columns } = await parsed;
    expect(reference).toHaveLength(39);
    expect(values(columns, 'URN')).toEqual(reference.map((r) => r.urn));
    reference.forEach((r, i) => {
      const distance = metresBetween(positions(columns)[i]!, [r.lon, r.lat]);
      if (!(distance < 0.05)) expect.fail(`URN ${r.urn} is ${distance} m from the reference`);
    });
    // City of London School for Girls, 532191.8 181797.8: in the Barbican, as its postcode EC2Y 8BB says.
    expect(columns.lon[0]).toBeCloseTo(-0.09612, 5);
    expect(columns.lat[0]).toBeCloseTo(51.51964, 5);
  });

  it('keeps a quoted name with a comma whole and leaves no carriage return in any value', async () => {
    const { columns } = await parsed;
    expect(values(columns, 'Establishment name')[9]).toBe('Holy Trinity and Saint Silas CofE Primary School, NW1');
    for (const name of Object.keys(columns.attributes)) {
      expect(dictionary(columns, name).dictionary.some((value) => /[\r\n]/.test(value)), name).toBe(false);
    }
  });
});

describe('pointCsvDriver on real WGS84 slices', () => {
  it('reads the Bath ANPR survey sites (longitude, latitude last) exactly as written', async () => {
    const file = 'banes-anpr-survey-sites-2017-slice.csv';
    const { report, columns, kind, sourceCrs } = await readFixture(file);
    // The file has no quote character, so splitting on commas is an exact second reading.
    const text = fixtureText(file);
    expect(text.includes('"')).toBe(false);
    const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(24);
    expect(report).toEqual({ file, rowsRead: 24, rowsImported: 24, rejected: [] });
    expect(kind).toBe('other');
    expect(sourceCrs).toBe('EPSG:4326');
    expect(positions(columns)).toEqual(rows.map((fields) => [Number(fields[8]), Number(fields[9])]));
    expect(Object.keys(columns.attributes)).toEqual(['id', 'name', 'description', 'location_id', 'direction', 'radial_group', 'in_out', 'code']);
    expect(values(columns, 'name').slice(0, 3)).toEqual(['ANPR 1', 'ANPR 1', 'ANPR 2a']);
  });

  it('reads the railway stations with latitude before longitude ("lat", "long") as a CNI layer', async () => {
    const file = 'gb-railway-stations-slice.csv';
    const { report, columns, kind } = await readFixture(file);
    const text = fixtureText(file);
    expect(text.includes('"')).toBe(false);
    const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(report).toEqual({ file, rowsRead: 33, rowsImported: 33, rejected: [] });
    expect(kind).toBe('cni');
    expect(positions(columns)).toEqual(rows.map((fields) => [Number(fields[2]), Number(fields[1])]));
    const thurso = values(columns, 'stationName').indexOf('Thurso');
    expect([columns.lon[thurso], columns.lat[thurso]]).toEqual([-3.527548, 58.590092]);
    // `cut -d, -f6 gb-railway-stations-slice.csv | sort | uniq -c`: 18 england, 7 scotland, 8 wales.
    const countries = values(columns, 'constituentCountry');
    expect([countries.filter((c) => c === 'england').length, countries.filter((c) => c === 'scotland').length, countries.filter((c) => c === 'wales').length]).toEqual([18, 7, 8]);
    expect(values(columns, 'iataAirportCode').every((value) => value === '')).toBe(true);
  });

  it('converts the ONS force area points from easting/northing to within 6 m of the WGS84 ONS publishes', async () => {
    const text = ['code,easting,northing', ...onsPoints.map((p) => `${p.code},${p.easting},${p.northing}`)].join('\n');
    const { columns, sourceCrs, report } = await readText(text, 'force-areas.csv');
    expect(sourceCrs).toBe('EPSG:27700');
    expect(report.rowsImported).toBe(43);
    expect(values(columns, 'code')).toEqual(onsPoints.map((p) => p.code));
    onsPoints.forEach((p, i) => {
      // 5 m Helmert error plus the rounding of the published figures (1 m and 5 decimal places).
      expect(metresBetween(positions(columns)[i]!, [p.lon, p.lat]), p.code).toBeLessThan(6);
    });
  });
});

describe('pointCsvDriver asks when the names and the values of the coordinate columns disagree', () => {
  it('asks before reading grid metres in columns named longitude and latitude', async () => {
    const file = 'bng-in-lonlat-columns.csv';
    expect(await questionOf(readFixture(file))).toEqual({
      id: 'coordinates',
      file,
      prompt:
        'the columns "longitude" and "latitude" hold values such as 517515 and 178392 (row 2), too large for degrees: ' +
        'they look like British National Grid easting and northing in metres. Read them as easting and northing?',
      options: [
        { value: 'bng:3,4', label: 'Yes: easting from "longitude", northing from "latitude" (British National Grid)' },
        { value: 'lonlat:3,4', label: 'No: longitude from "longitude", latitude from "latitude" (rows outside the UK are rejected)' },
      ],
    });
    const error = await failure(readFixture(file));
    expect(error.message).toBe(`${file}: the columns "longitude" and "latitude" hold values such as 517515 and 178392 (row 2), too large for degrees: they look like British National Grid easting and northing in metres. Read them as easting and northing?`);
  });

  it('reads them as grid metres when the user says so, landing within 6 m of the ONS figures', async () => {
    const file = 'bng-in-lonlat-columns.csv';
    const { columns, sourceCrs, report } = await readFixture(file, { coordinates: 'bng:3,4' });
    expect(sourceCrs).toBe('EPSG:27700');
    expect(report).toEqual({ file, rowsRead: 6, rowsImported: 6, rejected: [] });
    values(columns, 'code').forEach((code, i) => {
      const ons = onsPoints.find((p) => p.code === code)!;
      expect(metresBetween(positions(columns)[i]!, [ons.lon, ons.lat]), code).toBeLessThan(6);
    });
  });

  it('rejects every row as outside the UK when the user insists they are degrees', async () => {
    const error = await importError(readFixture('bng-in-lonlat-columns.csv', { coordinates: 'lonlat:3,4' }));
    expect(error.message).toBe(
      'bng-in-lonlat-columns.csv: none of the 6 rows could be imported; 6 were rejected for "outside the UK", the first at row 2, column "longitude", value "517515"',
    );
  });

  it('offers to swap latitude and longitude that are the wrong way round', async () => {
    const file = 'swapped-lat-lon.csv';
    expect(await questionOf(readFixture(file))).toEqual({
      id: 'coordinates',
      file,
      prompt:
        'the columns "longitude" and "latitude" hold values such as 51.4154719953055 and -2.3942889887132 (row 2), which ' +
        'look like latitude and longitude in that order. Read "longitude" as latitude and "latitude" as longitude?',
      options: [
        { value: 'lonlat:10,9', label: 'Yes: longitude from "latitude", latitude from "longitude" (WGS84 degrees)' },
        { value: 'lonlat:9,10', label: 'No: longitude from "longitude", latitude from "latitude" (rows outside the UK are rejected)' },
      ],
    });
  });

  it('swapped, gives back the survey sites exactly as the original file has them', async () => {
    const { columns, report } = await readFixture('swapped-lat-lon.csv', { coordinates: 'lonlat:10,9' });
    const original = fixtureText('banes-anpr-survey-sites-2017-slice.csv').trim().split('\n').slice(1, 7).map((line) => line.split(','));
    expect(report.rowsImported).toBe(6);
    expect(positions(columns)).toEqual(original.map((fields) => [Number(fields[8]), Number(fields[9])]));
  });

  it('asks before reading degrees in columns named easting and northing', async () => {
    const text = 'site,Easting,Northing\nBath Abbey,-2.3590,51.3815\nBath Spa station,-2.3570,51.3775\n';
    expect(await questionOf(readText(text))).toEqual({
      id: 'coordinates',
      file: 'points.csv',
      prompt:
        'the columns "Easting" and "Northing" hold values such as -2.3590 and 51.3815 (row 2), too small for grid metres: ' +
        'they look like longitude and latitude in degrees. Read them as longitude and latitude?',
      options: [
        { value: 'lonlat:2,3', label: 'Yes: longitude from "Easting", latitude from "Northing" (WGS84 degrees)' },
        { value: 'bng:2,3', label: 'No: easting from "Easting", northing from "Northing" (rows outside the UK are rejected)' },
      ],
    });
    const { columns, sourceCrs } = await readText(text, 'points.csv', { coordinates: 'lonlat:2,3' });
    expect(sourceCrs).toBe('EPSG:4326');
    expect(positions(columns)).toEqual([[-2.359, 51.3815], [-2.357, 51.3775]]);
  });

  it('decides "X" and "Y" from their values when they are plainly degrees or plainly metres', async () => {
    const degrees = await readText('Site,X,Y\nBath Abbey,-2.3590,51.3815\n');
    expect(degrees.sourceCrs).toBe('EPSG:4326');
    expect(positions(degrees.columns)).toEqual([[-2.359, 51.3815]]);
    // ONS label point of Avon and Somerset: 356362 150274 is -2.62662 51.24995.
    const metres = await readText('Site,X,Y\nAvon and Somerset,356362,150274\n');
    expect(metres.sourceCrs).toBe('EPSG:27700');
    expect(metresBetween(positions(metres.columns)[0]!, [-2.62662, 51.24995])).toBeLessThan(6);
  });

  it('asks about "X" and "Y" when their values are half degrees and half metres', async () => {
    const text = 'Site,X,Y\nBath Abbey,-2.3590,51.3815\nAvon and Somerset,356362,150274\n';
    expect(await questionOf(readText(text))).toEqual({
      id: 'coordinates',
      file: 'points.csv',
      prompt:
        'the columns "X" and "Y" could hold longitude and latitude or British National Grid easting and northing, and ' +
        'values such as -2.3590 and 51.3815 (row 2) do not make it plain. Which are they?',
      options: [
        { value: 'lonlat:2,3', label: 'Longitude from "X", latitude from "Y" (WGS84 degrees)' },
        { value: 'bng:2,3', label: 'Easting from "X", northing from "Y" (British National Grid metres)' },
      ],
    });
    const { report } = await readText(text, 'points.csv', { coordinates: 'bng:2,3' });
    expect(report.rejected).toEqual([
      { reason: 'outside the UK', count: 1, examples: [{ file: 'points.csv', row: 2, column: 'Y', value: '51.3815', reason: 'outside the UK' }] },
    ]);
  });

  it('refuses an answer that does not name two columns of the file', async () => {
    for (const answer of ['bng:3,4', 'lonlat:2,2', 'utm:2,3', '']) {
      const error = await importError(readText('Site,X,Y\nBath Abbey,-2.3590,51.3815\n', 'points.csv', { coordinates: answer }));
      expect(error.message).toBe(
        `points.csv: the answer "${answer}" to the question about coordinates does not name two columns of this file; import the file again and choose one of the answers offered`,
      );
    }
  });
});

describe('pointCsvDriver and delimiters', () => {
  it('reads a semicolon-separated file', async () => {
    const { columns, report } = await readText('name;latitude;longitude\nBath Abbey;51.3815;-2.3590\n"Guildhall; Bath";51.3813;-2.3587\n');
    expect(report.rowsImported).toBe(2);
    expect(values(columns, 'name')).toEqual(['Bath Abbey', 'Guildhall; Bath']);
  });

  it('reads a tab-separated file whose values hold commas', async () => {
    const { columns, report } = await readText('name\tlatitude\tlongitude\nAbbey, Bath\t51.3815\t-2.3590\n', 'points.tsv');
    expect(report.rowsImported).toBe(1);
    expect(values(columns, 'name')).toEqual(['Abbey, Bath']);
    expect(positions(columns)).toEqual([[-2.359, 51.3815]]);
  });

  it('names the decimal comma of a continental spreadsheet rather than just "not a number"', async () => {
    const reason = 'not a number: a decimal comma where a decimal point is needed';
    const error = await importError(readText('name;latitude;longitude\nBath Abbey;51,3815;-2,3590\n'));
    expect(error.message).toBe(`points.csv: none of the 1 rows could be imported; 1 were rejected for "${reason}", the first at row 2, column "longitude", value "-2,3590"`);
  });

  it('refuses a pipe-separated file, saying which separator it seems to use', async () => {
    const error = await importError(readFixture('wrong-delimiter.csv'));
    expect(error.message).toBe(
      'wrong-delimiter.csv: the header (row 1) has only one column, "name|latitude|longitude": its names seem to be separated by "|", but NRD Planner splits columns at commas, semicolons or tabs outside quotes; save the file from the spreadsheet as "CSV (comma delimited)" and import it again',
    );
    expect(error.file).toBe('wrong-delimiter.csv');
  });

  it('refuses a header that is one quoted value with semicolons or tabs inside', async () => {
    const semicolons = await importError(readText('"name;latitude;longitude"\n"Bath Abbey;51.3815;-2.3590"\n'));
    expect(semicolons.message).toBe(
      'points.csv: the header (row 1) has only one column, "name;latitude;longitude": its names seem to be separated by ";", but NRD Planner splits columns at commas, semicolons or tabs outside quotes; save the file from the spreadsheet as "CSV (comma delimited)" and import it again',
    );
    const tabs = await importError(readText('"name\tlatitude\tlongitude"\n'));
    expect(tabs.message).toContain('its names seem to be separated by tabs, but');
  });

  it('refuses a one-column file and a file without coordinate columns, naming the header', async () => {
    expect((await importError(readText('postcode\nBA1 1LT\n'))).message).toBe(
      'points.csv: the header (row 1) has only one column, "postcode"; a point CSV needs at least two (longitude and latitude, or easting and northing), separated by commas, semicolons or tabs',
    );
    expect((await importError(readText('name,postcode\nBath Abbey,BA1 1LT\n'))).message).toBe(
      'points.csv: no coordinate columns in the header (row 1): "name", "postcode"; name them longitude and latitude (WGS84 degrees) or easting and northing (British National Grid metres)',
    );
    // Blank lines above the header are rows too.
    expect((await importError(readText('\n\nname,postcode\nBath Abbey,BA1 1LT\n'))).message).toContain('no coordinate columns in the header (row 3):');
  });
});

describe('pointCsvDriver on malformed files', () => {
  it('decodes a Windows-1252 file: £ and é', async () => {
    const bytes = fixtureBytes('windows-1252.csv');
    // The fixture really is not UTF-8: 0x92 (’), 0xA3 (£) and 0xE9 (é) are single bytes.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect([...bytes].filter((byte) => byte > 0x7f)).toEqual([0x92, 0xa3, 0xe9, 0xe9]);
    const { columns, report } = await readFixture('windows-1252.csv');
    expect(report.rowsImported).toBe(2);
    expect(values(columns, 'name')[1]).toBe('Caf\u00e9 on the Green');
    expect(values(columns, 'notes')).toEqual(['Parking \u00a32.50 an hour', 'Entr\u00e9e by the side door']);
  });

  // decodeText maps 0x80-0x9F itself, since some Node versions decode them as Latin-1 (nodejs/node#56542).
  it('decodes a Windows-1252 curly apostrophe (0x92) as ’', async () => {
    const { columns } = await readFixture('windows-1252.csv');
    expect(values(columns, 'name')[0]).toBe('St Mary\u2019s Church');
  });

  it('reads past a UTF-8 byte order mark: the first column is "Longitude", not "\\uFEFFLongitude"', async () => {
    const { columns, report } = await readFixture('utf8-bom.csv');
    expect(report).toEqual({ file: 'utf8-bom.csv', rowsRead: 2, rowsImported: 2, rejected: [] });
    expect(Object.keys(columns.attributes)).toEqual(['Name']);
    expect(values(columns, 'Name')).toEqual(['T\u0177 Hafan children\u2019s hospice', 'Bath Abbey']);
    expect(positions(columns)[0]).toEqual([-3.216, 51.408]);
  });

  it('refuses an empty file', async () => {
    const message = 'empty.csv: the file is empty: expected a CSV with a header row and one point per row under it';
    expect((await importError(readFixture('empty.csv'))).message).toBe(message);
    for (const text of ['\n', '\r\n\r\n', '\uFEFF', ' \n']) expect((await importError(readText(text, 'empty.csv'))).message).toBe(message);
  });

  it('refuses a file with a header and no rows', async () => {
    expect((await importError(readFixture('header-only.csv'))).message).toBe('header-only.csv: the file has a header row but no rows under it');
    expect((await importError(readText('name,latitude,longitude\n\n\n'))).message).toBe('points.csv: the file has a header row but no rows under it');
  });

  it('rejects a last row cut short and keeps the rows before it', async () => {
    const file = 'truncated-last-row.csv';
    const { report, columns } = await readFixture(file);
    const reason = 'fewer values than the header has columns (the row is cut short)';
    expect(report).toEqual({ file, rowsRead: 6, rowsImported: 5, rejected: [{ reason, count: 1, examples: [{ file, row: 7, column: '', value: 'Aberdour,56.054', reason }] }] });
    expect(values(columns, 'stationName')).toEqual(['Abbey Wood', 'Aber', 'Abercynon', 'Aberdare', 'Aberdeen']);
  });

  it('stops at a quote that is never closed, naming its row and column', async () => {
    const error = await importError(readText('name,latitude,longitude,notes\nBath Abbey,51.3815,-2.3590,ok\n"Guildhall,51.3813,-2.3587,open\nA,51.38,-2.35,x\n'));
    expect(error.message).toBe(
      'points.csv: a quoted value is never closed (row 3, column "name"), so the rest of the file cannot be read; check the file is complete and was not edited by hand',
    );
  });

  it('rejects positions outside the UK: 0,0, France, New York, a lost minus sign', async () => {
    const file = 'outside-uk.csv';
    const { report, columns } = await readFixture(file);
    const reason = 'outside the UK';
    expect(report).toEqual({
      file,
      rowsRead: 6,
      rowsImported: 2,
      rejected: [
        {
          reason,
          count: 4,
          examples: [
            // Longitude 0 is in the UK (Greenwich): the latitude is what is wrong with 0,0.
            { file, row: 3, column: 'latitude', value: '0', reason },
            { file, row: 4, column: 'longitude', value: '2.3522', reason },
            { file, row: 5, column: 'longitude', value: '-74.0060', reason },
            { file, row: 6, column: 'longitude', value: '2.3590', reason },
          ],
        },
      ],
    });
    expect(values(columns, 'name')).toEqual(['Bath Abbey', 'Lerwick']);
  });

  it('rejects grid positions that convert to somewhere outside the UK', async () => {
    const { report } = await readText('name,Easting,Northing\nBath,375100,164800\nNorth Sea,900000,100000\nOrigin,0,0\n');
    const reason = 'outside the UK';
    expect(report.rowsImported).toBe(1);
    expect(rejected(report, reason)!.examples).toEqual([
      { file: 'points.csv', row: 3, column: 'Easting', value: '900000', reason },
      // The grid's false origin is at sea south-west of Scilly, just south of the UK box.
      { file: 'points.csv', row: 4, column: 'Northing', value: '0', reason },
    ]);
  });

  it('rejects missing and non-numeric coordinates with the column and value', async () => {
    const text = ['name,latitude,longitude', 'a,,-2.359', 'b,51.38,', 'c,N51.38,-2.359', 'd,51.38,0x10', 'e,51.38,Infinity', 'f, +51.38 ,-2.36', 'g,5.138e1,-2.36'].join('\n');
    const { report, columns } = await readText(text);
    expect(report.rowsImported).toBe(2);
    expect(positions(columns)).toEqual([[-2.36, 51.38], [-2.36, 51.38]]);
    expect(rejected(report, 'missing coordinate')!.examples).toEqual([
      { file: 'points.csv', row: 2, column: 'latitude', value: '', reason: 'missing coordinate' },
      { file: 'points.csv', row: 3, column: 'longitude', value: '', reason: 'missing coordinate' },
    ]);
    expect(rejected(report, 'not a number')!.examples).toEqual([
      { file: 'points.csv', row: 4, column: 'latitude', value: 'N51.38', reason: 'not a number' },
      { file: 'points.csv', row: 5, column: 'longitude', value: '0x10', reason: 'not a number' },
      { file: 'points.csv', row: 6, column: 'longitude', value: 'Infinity', reason: 'not a number' },
    ]);
  });

  it("reads R's exponent notation for round grid figures (500000 written as 5e+05)", async () => {
    const { columns } = await readText('name,easting,northing\nround,4e+05,1.65e+05\nplain,400000,165000\n');
    expect(columns.count).toBe(2);
    expect(positions(columns)[0]).toEqual(positions(columns)[1]);
  });

  it('caps a long value at 1,000 characters without a word in the report, and never splits a character', async () => {
    const file = 'long-field.csv';
    const { report, columns } = await readFixture(file);
    expect(report).toEqual({ file, rowsRead: 3, rowsImported: 3, rejected: [] });
    const source = fixtureText(file);
    const description = values(columns, 'description');
    expect(description.map((value) => value.length)).toEqual([1000, 1000, 999]);
    // The 5,000-character value (with commas and a line break) was read whole, then cut.
    expect(source).toContain(description[0]!);
    expect(description[0]!.startsWith('Long description, Long description,')).toBe(true);
    expect(description[1]).toBe('x'.repeat(1000));
    // The emoji's two UTF-16 halves straddle the cap: both go, not one.
    expect(description[2]).toBe('A'.repeat(999));
    expect(description.some((value) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(value))).toBe(false);
    expect(values(columns, 'name')).toEqual(['Five thousand', 'Exactly a thousand', 'Emoji at the cap']);
  });

  it('keeps HTML and script as the exact text written, neither run nor escaped', async () => {
    const { columns, report } = await readFixture('html-in-text.csv');
    expect(report.rowsImported).toBe(3);
    expect(values(columns, 'name')).toEqual(['<script>alert("nrd")</script>', '<img src=x onerror=alert(1)>', '&lt;b&gt;bold&lt;/b&gt; &amp; more']);
    expect(values(columns, 'notes')).toEqual(['plain', '<a href="javascript:alert(1)">click</a>', '=HYPERLINK("http://example.com")']);
  });

  it('keeps quoted line breaks inside their value and counts rows as a spreadsheet does', async () => {
    const file = 'quoted-newlines.csv';
    const { columns, report } = await readFixture(file);
    // The row without a latitude is record 4 (header = 1), although it starts on line 7 of the file.
    expect(report).toEqual({
      file,
      rowsRead: 4,
      rowsImported: 3,
      rejected: [{ reason: 'missing coordinate', count: 1, examples: [{ file, row: 4, column: 'latitude', value: '', reason: 'missing coordinate' }] }],
    });
    expect(values(columns, 'name')).toEqual(['Bath Abbey', 'Bath Spa\nstation', 'Guildhall']);
    expect(values(columns, 'notes')).toEqual(['West front,\r\nfacing the Abbey Churchyard', 'three\nlines\nhere', '']);
  });

  it('rejects a row with an unquoted comma, but not a trailing delimiter that shifts nothing', async () => {
    const text = 'name,latitude,longitude\nBath Abbey,51.3815,-2.3590,\nAbbey, Bath,51.3815,-2.3590\nGuildhall,51.3813,-2.3587,,\n';
    const { report, columns } = await readText(text);
    const more = 'more values than the header has columns (a value with an unquoted comma?)';
    expect(report.rowsImported).toBe(2);
    expect(report.rejected).toEqual([{ reason: more, count: 1, examples: [{ file: 'points.csv', row: 3, column: '', value: 'Abbey, Bath,51.3815,-2.3590', reason: more }] }]);
    expect(values(columns, 'name')).toEqual(['Bath Abbey', 'Guildhall']);
  });

  it('counts a blank line as a row, so the rows after it keep their spreadsheet numbers', async () => {
    const { report } = await readText('name,latitude,longitude\nBath Abbey,51.3815,-2.3590\n\n,,\nGuildhall,,-2.3587\n');
    expect(report.rowsRead).toBe(2);
    expect(report.rejected[0]!.examples[0]).toMatchObject({ row: 5, column: 'latitude' });
  });

  it('refuses a file in which no row can be imported, saying why', async () => {
    const error = await importError(readText('name,latitude,longitude\na,,-2.3\nb,,-2.3\nc,51.4,x\n'));
    expect(error.message).toBe(
      'points.csv: none of the 3 rows could be imported; 2 were rejected for "missing coordinate", the first at row 2, column "latitude"',
    );
  });
});

describe('pointCsvDriver attributes, kind, detection and progress', () => {
  it('names attributes by their trimmed header: empty names by position, repeats numbered, "__proto__" an ordinary name', async () => {
    const { columns } = await readText(' name ,latitude,longitude,,name,__proto__,column 4\nBath Abbey,51.3815,-2.3590,x,second,p,y\n');
    expect(Object.keys(columns.attributes)).toEqual(['name', 'column 4', 'name (2)', '__proto__', 'column 4 (2)']);
    expect(Object.getPrototypeOf(columns.attributes)).toBe(Object.prototype);
    expect(values(columns, '__proto__')).toEqual(['p']);
    expect(values(columns, 'name (2)')).toEqual(['second']);
  });

  it('guesses the kind from the file name, then the header', async () => {
    const row = 'name,latitude,longitude\nBath Abbey,51.3815,-2.3590\n';
    const kind = async (file: string, text = row) => (await readText(text, file)).kind;
    expect(await kind('places-of-worship.csv')).toBe('sensitive');
    expect(await kind('GP_Surgeries.csv')).toBe('sensitive');
    expect(await kind('hospitals.txt')).toBe('sensitive');
    expect(await kind('nrd-list.csv')).toBe('other');
    expect(await kind('substations.csv')).toBe('cni');
    expect(await kind('PowerStations.csv')).toBe('cni');
    expect(await kind('cni_sites.csv')).toBe('cni');
    expect(await kind('sites.csv', 'School name,latitude,longitude\nBath Abbey,51.3815,-2.3590\n')).toBe('sensitive');
    expect(await kind('sites.csv', 'railway station,latitude,longitude\nBath Spa,51.3775,-2.3570\n')).toBe('cni');
    // "GPS" is not "GP".
    expect(await kind('sites.csv', 'name,GPS lat,GPS long\nBath Abbey,51.3815,-2.3590\n')).toBe('other');
  });

  it('finds common coordinate header names', async () => {
    for (const header of ['Lon,Lat', 'LONG,LAT', 'lng,lat', 'Longitude (WGS84),Latitude (WGS84)', 'GPS Long,GPS Lat']) {
      expect((await readText(`${header}\n-2.3590,51.3815\n`)).columns.lon[0], header).toBe(-2.359);
    }
    for (const header of ['Easting,Northing', 'BNG_E,BNG_N', 'os_x,os_y', 'X_COORD,Y_COORD', 'Eastings (m),Northings (m)']) {
      expect((await readText(`${header}\n375100,164800\n`)).sourceCrs, header).toBe('EPSG:27700');
    }
  });

  it('detects: 0.5 with coordinate headers, 0.1 for another CSV, 0 for another extension', () => {
    expect(pointCsvDriver.detect({ name: 'sites.csv', head: 'name,Easting,Northing\r\n1,2,3' })).toBe(0.5);
    expect(pointCsvDriver.detect({ name: 'SITES.TSV', head: 'name\tlat\tlon\n' })).toBe(0.5);
    expect(pointCsvDriver.detect({ name: 'sites.txt', head: '\r\n\r\nLongitude;Latitude\r\n' })).toBe(0.5);
    expect(pointCsvDriver.detect({ name: 'sites.csv', head: 'name,postcode\n' })).toBe(0.1);
    expect(pointCsvDriver.detect({ name: 'sites.geojson', head: '{"type":"FeatureCollection"' })).toBe(0);
  });

  it('reports progress every 50,000 rows and once at the end, in bytes of the file', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `site ${i},${(51 + (i % 1000) / 1000).toFixed(3)},-2.359`);
    const bytes = new TextEncoder().encode(['name,latitude,longitude', ...rows].join('\n'));
    const progress: ImportProgress[] = [];
    const parsed = await pointCsvDriver.read({ name: 'many.csv', bytes }, context({}, progress));
    expect(parsed.report.rowsImported).toBe(120_000);
    // Rows 50,000 and 100,000 counting the header as row 1, then the end.
    expect(progress.map((p) => p.rowsRead)).toEqual([49_999, 99_999, 120_000]);
    expect(progress.every((p) => p.file === 'many.csv' && p.bytesTotal === bytes.length)).toBe(true);
    expect(progress[0]!.bytesRead).toBeGreaterThan(0);
    expect(progress[1]!.bytesRead).toBeGreaterThan(progress[0]!.bytesRead);
    expect(progress[2]!.bytesRead).toBe(bytes.length);
  });
});
