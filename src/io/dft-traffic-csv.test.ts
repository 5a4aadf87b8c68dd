import { readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../domain/point-columns.ts';
import { dftTrafficCsvDriver } from './dft-traffic-csv.ts';
import type { ImportContext, ImportProgress } from './format-driver.ts';
import type { ImportReport } from './import-report.ts';
import { importError } from '../../test/fixtures/import-failures.ts';
import { VEHICLE_CLASS_ATTRIBUTES } from '../domain/traffic.ts';

const fixturePath = (name: string) => new URL(`../../test/fixtures/io/dft/${name}`, import.meta.url);
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));
const fixtureText = (name: string) => readFileSync(fixturePath(name), 'utf8');

function context(progress: ImportProgress[] = []): ImportContext {
  return { onProgress: (p) => progress.push(p), choices: {}, jobState: new Map(), companions: [] };
}

async function readCounts(name: string, bytes: Uint8Array, progress: ImportProgress[] = []) {
  const parsed = await dftTrafficCsvDriver.read({ name, bytes }, context(progress));
  if (parsed.geometry !== 'point') throw new Error('expected a point layer');
  return parsed;
}
const readFixture = (name: string) => readCounts(name, fixtureBytes(name));
const readText = (text: string, name = 'counts.csv') => readCounts(name, new TextEncoder().encode(text));


function numbers(columns: PointColumns, name: string): number[] {
  const column = columns.attributes[name];
  if (column?.kind !== 'number') throw new Error(`${name} is not a number column`);
  return [...column.values];
}
function texts(columns: PointColumns, name: string): string[] {
  const column = columns.attributes[name];
  if (column?.kind !== 'dictionary') throw new Error(`${name} is not a dictionary column`);
  return [...column.codes].map((code) => column.dictionary[code]!);
}
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const tally = (values: string[]) => Object.fromEntries([...new Set(values)].map((value) => [value, values.filter((v) => v === value).length]));
/** What the analysis will want to know of a count layer: its points and its years. */
function summary(columns: PointColumns) {
  const years = numbers(columns, 'year');
  return { rows: columns.count, countPoints: new Set(texts(columns, 'countPointId')).size, firstYear: Math.min(...years), lastYear: Math.max(...years) };
}
function rejected(report: ImportReport, reason: string) {
  return report.rejected.find((group) => group.reason === reason);
}

/** The official AADF header, 31 columns. */
const HEADER = fixtureText('header-only.csv').trim();

const VEHICLE_ATTRIBUTES = VEHICLE_CLASS_ATTRIBUTES;

describe('dftTrafficCsvDriver on a real Leeds slice (local authority 63)', () => {
  const file = 'dft-aadf-leeds-63-slice.csv';
  const parsed = readFixture(file);

  it('keeps all 52 rows: 32 count points, years 2000 to 2020', async () => {
    const { report, columns, kind, sourceCrs } = await parsed;
    expect(report).toEqual({ file, rowsRead: 52, rowsImported: 52, rejected: [] });
    // python3: rows = list(csv.DictReader(open(file))); len(rows), len({r['count_point_id'] for r in rows}),
    // min/max of r['year'] -> 52, 32, 2000, 2020.
    expect(summary(columns)).toEqual({ rows: 52, countPoints: 32, firstYear: 2000, lastYear: 2020 });
    expect(kind).toBe('traffic');
    expect(sourceCrs).toBe('EPSG:4326');
  });

  it('has the attributes of the brief, in order, with each vehicle class as a number column', async () => {
    const { columns } = await parsed;
    expect(Object.keys(columns.attributes)).toEqual(['countPointId', 'year', 'allMotorVehicles', 'roadName', 'roadType', 'estimationMethod', ...VEHICLE_ATTRIBUTES]);
    for (const name of ['year', 'allMotorVehicles', ...VEHICLE_ATTRIBUTES]) expect(columns.attributes[name]!.kind, name).toBe('number');
  });

  it('sums the counts as python3 csv.DictReader does, so no value has slipped a column', async () => {
    const { columns } = await parsed;
    // python3: sum(int(r['all_motor_vehicles'])) = 2,395,064; pedal_cycles 3,408; all_hgvs 94,008.
    expect(sum(numbers(columns, 'allMotorVehicles'))).toBe(2_395_064);
    expect(sum(numbers(columns, 'pedalCycles'))).toBe(3_408);
    expect(sum(numbers(columns, 'allHgvs'))).toBe(94_008);
    // The motor vehicle classes add up to all motor vehicles on every row, give or take DfT's rounding of each
    // class (python3 on the slice: off by 0 on 34 rows, by 1 on 18). A shifted column would be off by thousands.
    const classes = ['twoWheeledMotorVehicles', 'carsAndTaxis', 'busesAndCoaches', 'lgvs', 'allHgvs'].map((name) => numbers(columns, name));
    numbers(columns, 'allMotorVehicles').forEach((all, i) => expect(Math.abs(sum(classes.map((c) => c[i]!)) - all), `row ${i + 2}`).toBeLessThanOrEqual(1));
  });

  it('keeps count point 46069 for all 21 years, under both its road names, at both its positions', async () => {
    const { columns } = await parsed;
    const rows = texts(columns, 'countPointId').flatMap((id, i) => (id === '46069' ? [i] : []));
    const years = numbers(columns, 'year');
    expect(rows.map((i) => years[i]).sort()).toEqual(Array.from({ length: 21 }, (_, i) => 2000 + i));
    expect(tally(rows.map((i) => texts(columns, 'roadName')[i]!))).toEqual({ A58M: 10, A58: 11 });
    // Moved about 130 m in 2015: 429512,434199 until 2014, 429624,434296 since (`grep ^46069, | cut -d, -f2,11,12`).
    expect(new Set(rows.map((i) => `${columns.lon[i]},${columns.lat[i]}`))).toEqual(
      new Set(['-1.5516695,53.804123', '-1.55166946,53.80412494', '-1.55337928,53.80325948']),
    );
  });

  it('reads junction names quoted for their comma without shifting the counts after them', async () => {
    const { columns } = await parsed;
    // Source lines 78 and 80: start junctions "Cedar Ridge, Garforth" and "Red Hill Lane, Wellington Hill";
    // python3 csv.DictReader gives all_motor_vehicles 8,676 and 9,252; the road of the first is the A642.
    const ids = texts(columns, 'countPointId');
    expect(numbers(columns, 'allMotorVehicles')[ids.indexOf('77620')]).toBe(8676);
    expect(numbers(columns, 'allMotorVehicles')[ids.indexOf('36604')]).toBe(9252);
    expect(texts(columns, 'roadName')[ids.indexOf('77620')]).toBe('A642');
  });

  it('keeps the first position exactly as published and every position in Leeds', async () => {
    const { columns } = await parsed;
    expect([columns.lon[0], columns.lat[0]]).toEqual([-1.5490224, 53.834322]);
    // Leeds district is within about -1.81..-1.19 E and 53.69..53.95 N (the slice: -1.728..-1.292, 53.730..53.923).
    expect(Math.min(...columns.lon)).toBeGreaterThan(-1.81);
    expect(Math.max(...columns.lon)).toBeLessThan(-1.19);
    expect(Math.min(...columns.lat)).toBeGreaterThan(53.69);
    expect(Math.max(...columns.lat)).toBeLessThan(53.95);
  });
});

describe('dftTrafficCsvDriver on a real Peterborough slice (local authority 129, quoted region names)', () => {
  const file = 'dft-aadf-peterborough-129-slice.csv';
  const parsed = readFixture(file);

  it('keeps all 50 rows: 45 count points, years 2018 and 2019', async () => {
    const { report, columns } = await parsed;
    expect(fixtureText(file).match(/,"East of England",/g)).toHaveLength(50);
    expect(report).toEqual({ file, rowsRead: 50, rowsImported: 50, rejected: [] });
    // python3 csv.DictReader, as for Leeds: 50 rows, 45 count points, 2018 to 2019.
    expect(summary(columns)).toEqual({ rows: 50, countPoints: 45, firstYear: 2018, lastYear: 2019 });
  });

  it('sums and tallies as python3 does', async () => {
    const { columns } = await parsed;
    // python3: sum of all_motor_vehicles 993,902, pedal_cycles 3,665, all_hgvs 51,644; 10 Minor roads; 21 Counted.
    expect(sum(numbers(columns, 'allMotorVehicles'))).toBe(993_902);
    expect(sum(numbers(columns, 'pedalCycles'))).toBe(3_665);
    expect(sum(numbers(columns, 'allHgvs'))).toBe(51_644);
    expect(tally(texts(columns, 'roadType'))).toEqual({ Major: 40, Minor: 10 });
    expect(tally(texts(columns, 'estimationMethod'))).toEqual({ Estimated: 29, Counted: 21 });
    expect([columns.lon[0], columns.lat[0]]).toEqual([-0.24577093, 52.565923]);
  });
});

describe('dftTrafficCsvDriver with a grid reference only', () => {
  it('converts easting/northing to within 6 m of the latitude/longitude DfT publishes for the same rows', async () => {
    const { columns, sourceCrs, report } = await readFixture('grid-only-leeds.csv');
    expect(report.rowsImported).toBe(10);
    expect(sourceCrs).toBe('EPSG:27700');
    // The published positions, from the slice that still has its latitude and longitude.
    const published = (await readFixture('dft-aadf-leeds-63-slice.csv')).columns;
    expect(texts(columns, 'countPointId')).toEqual(texts(published, 'countPointId').slice(0, 10));
    for (let i = 0; i < 10; i++) {
      const metres = turfDistance([columns.lon[i]!, columns.lat[i]!], [published.lon[i]!, published.lat[i]!], { units: 'kilometers' }) * 1000;
      // DfT converts with OSTN15; the Helmert shift is within about 5 m of it.
      expect(metres, `row ${i + 2}`).toBeLessThan(6);
    }
  });

  it('falls back to the grid reference row by row when latitude/longitude are empty or outside the UK', async () => {
    const fields = HEADER.split(',');
    const row = (values: Record<string, string>) => fields.map((name) => values[name] ?? '0').join(',');
    const bath = { count_point_id: '1', year: '2019', all_motor_vehicles: '100', easting: '375100', northing: '164800' };
    const text = [
      HEADER,
      row({ ...bath, latitude: '', longitude: '' }),
      row({ ...bath, latitude: '0', longitude: '0' }),
      row({ ...bath, latitude: '51.3815', longitude: '-2.359' }),
      row({ ...bath, latitude: '', longitude: '', easting: '', northing: '' }),
      row({ ...bath, latitude: 'x', longitude: '-2.359', easting: '', northing: '' }),
      row({ ...bath, latitude: '0', longitude: '0', easting: '9999999', northing: '0' }),
    ].join('\n');
    const { columns, report, sourceCrs } = await readText(text);
    expect(report.rowsImported).toBe(3);
    expect(sourceCrs).toBe('EPSG:27700');
    expect(columns.lon[0]).toBe(columns.lon[1]);
    expect(columns.lon[2]).toBe(-2.359);
    expect(report.rejected).toEqual([
      {
        reason: 'no coordinates (latitude, longitude, easting and northing all empty)',
        count: 1,
        examples: [{ file: 'counts.csv', row: 5, column: 'latitude', value: '', reason: 'no coordinates (latitude, longitude, easting and northing all empty)' }],
      },
      { reason: 'not a number', count: 1, examples: [{ file: 'counts.csv', row: 6, column: 'latitude', value: 'x', reason: 'not a number' }] },
      // The published latitude/longitude is named first: it is what the row was meant to be read by.
      { reason: 'outside the UK', count: 1, examples: [{ file: 'counts.csv', row: 7, column: 'latitude', value: '0', reason: 'outside the UK' }] },
    ]);
  });
});

describe('dftTrafficCsvDriver on malformed files', () => {
  it('names a missing all_motor_vehicles column', async () => {
    const error = await importError(readFixture('missing-all-motor-vehicles.csv'));
    expect(error.message).toBe(
      'missing-all-motor-vehicles.csv: missing column "all_motor_vehicles" in the header (row 1); a DfT AADF count point file has "count_point_id", "year", "all_motor_vehicles" and either "latitude" and "longitude" or "easting" and "northing"',
    );
    expect(error.file).toBe('missing-all-motor-vehicles.csv');
  });

  it('names every missing column, coordinates included', async () => {
    const error = await importError(readText('count_point_id,road_name\n1,A4\n'));
    expect(error.message).toBe(
      'counts.csv: missing columns "year", "all_motor_vehicles", "latitude", "longitude" in the header (row 1); a DfT AADF count point file has "count_point_id", "year", "all_motor_vehicles" and either "latitude" and "longitude" or "easting" and "northing"',
    );
  });

  it('rejects counts that are not numbers or missing, and keeps the good rows', async () => {
    const file = 'non-numeric-count.csv';
    const { report, columns } = await readFixture(file);
    const notCount = 'not a count of vehicles (a number, 0 or more)';
    expect(report).toEqual({
      file,
      rowsRead: 5,
      rowsImported: 1,
      rejected: [
        {
          reason: notCount,
          count: 3,
          examples: [
            { file, row: 3, column: 'all_motor_vehicles', value: 'NA', reason: notCount },
            // A thousands separator from a spreadsheet: quoted in the file, so one value, and not a plain number.
            { file, row: 5, column: 'all_motor_vehicles', value: '12,345', reason: notCount },
            { file, row: 6, column: 'all_motor_vehicles', value: '-5', reason: notCount },
          ],
        },
        { reason: 'no all_motor_vehicles count', count: 1, examples: [{ file, row: 4, column: 'all_motor_vehicles', value: '', reason: 'no all_motor_vehicles count' }] },
      ],
    });
    expect(texts(columns, 'countPointId')).toEqual(['28021']);
    expect(numbers(columns, 'allMotorVehicles')).toEqual([11311]);
  });

  it('rejects a row without a count point id or a four-digit year', async () => {
    const row = (id: string, year: string) => `${id},${year},7,"East of England",129,Peterborough,A605,Major,A1129,A15,519000,297900,52.56592300,-0.24577093,1.10,0.68,Counted,"Manual count",1,1,1,1,1,1,1,1,1,1,1,6,10`;
    const { report } = await readText([HEADER, row('28021', '2019'), row('', '2019'), row('28021', '19'), row('28021', '')].join('\n'));
    expect(report.rowsImported).toBe(1);
    expect(rejected(report, 'no count point id')!.examples).toEqual([{ file: 'counts.csv', row: 3, column: 'count_point_id', value: '', reason: 'no count point id' }]);
    expect(rejected(report, 'not a year (four digits)')!.examples.map((e) => [e.row, e.value])).toEqual([[4, '19'], [5, '']]);
  });

  it('stores an empty or unreadable vehicle class as NaN without rejecting the row', async () => {
    const values = '28021,2019,7,"East of England",129,Peterborough,A605,Major,A1129,A15,519000,297900,52.56592300,-0.24577093,1.10,0.68,Counted,"Manual count",,n/a,1,1,1,1,1,1,1,1,1,6,10';
    const { columns, report } = await readText(`${HEADER}\n${values}\n`);
    expect(report.rejected).toEqual([]);
    expect(numbers(columns, 'pedalCycles')).toEqual([NaN]);
    expect(numbers(columns, 'twoWheeledMotorVehicles')).toEqual([NaN]);
    expect(numbers(columns, 'carsAndTaxis')).toEqual([1]);
  });

  it('refuses an empty file', async () => {
    expect((await importError(readFixture('empty.csv'))).message).toBe('empty.csv: the file is empty: expected a DfT AADF count point CSV');
    expect((await importError(readText('\r\n\n', 'empty.csv'))).message).toBe('empty.csv: the file is empty: expected a DfT AADF count point CSV');
  });

  it('refuses a file with a header and no rows', async () => {
    expect((await importError(readFixture('header-only.csv'))).message).toBe('header-only.csv: the file has a header row but no count rows under it');
  });

  it('refuses a raw (hourly) count file by name', async () => {
    const error = await importError(readText('count_point_id,direction_of_travel,year,count_date,hour,latitude,longitude,all_motor_vehicles\n1,N,2019,2019-06-01,7,51.38,-2.36,100\n'));
    expect(error.message).toBe(
      'counts.csv: this is a DfT raw count file (one row per hour, with "count_date" and "hour" columns), not annual average daily flows; import the AADF file of the same local authority ("dft_aadf_local_authority_id_….csv") instead',
    );
  });

  it('stops at a quote that is never closed', async () => {
    const error = await importError(readText(`${HEADER}\n28021,2019,7,"East of England,129\n`));
    expect(error.message).toBe(
      'counts.csv: a quoted value is never closed (row 2, column "region_name"), so the rest of the file cannot be read; check the file is complete and was not edited by hand',
    );
  });

  it('refuses a file in which no row can be imported, saying why', async () => {
    const lines = fixtureText('non-numeric-count.csv').trim().split('\n');
    const error = await importError(readText([lines[0], lines[2], lines[3]].join('\n')));
    expect(error.message).toBe(
      'counts.csv: none of the 2 rows could be imported; 1 were rejected for "not a count of vehicles (a number, 0 or more)", the first at row 2, column "all_motor_vehicles", value "NA"',
    );
  });

  it('rejects a row cut short', async () => {
    const lines = fixtureText('dft-aadf-peterborough-129-slice.csv').trim().split('\n');
    const cut = lines[2]!.slice(0, 40);
    const { report } = await readText([lines[0], lines[1], cut].join('\n'));
    const reason = 'fewer values than the header has columns (the row is cut short)';
    expect(report.rejected).toEqual([{ reason, count: 1, examples: [{ file: 'counts.csv', row: 3, column: '', value: cut.replace(/"/g, ''), reason }] }]);
  });
});

describe('dftTrafficCsvDriver detection and progress', () => {
  it('is sure of the official header, unsure of a raw count file, and not interested in others', () => {
    expect(dftTrafficCsvDriver.detect({ name: 'dft_aadf_local_authority_id_63.csv', head: `${HEADER}\n809937,2019` })).toBe(0.95);
    expect(dftTrafficCsvDriver.detect({ name: 'anything.csv', head: `\uFEFF${HEADER}` })).toBe(0.95);
    expect(dftTrafficCsvDriver.detect({ name: 'raw.csv', head: 'count_point_id,year,count_date,hour,all_motor_vehicles\n' })).toBe(0.3);
    expect(dftTrafficCsvDriver.detect({ name: 'crime.csv', head: 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude\n' })).toBe(0);
    // An older release (CP, AADFYear, AllMotorVehicles): the name says DfT, the header does not.
    expect(dftTrafficCsvDriver.detect({ name: 'dft_aadf_2017.csv', head: 'AADFYear,CP,Estimation_method\n' })).toBe(0.3);
  });

  it('reports progress every 50,000 rows and once at the end', async () => {
    const line = fixtureText('dft-aadf-peterborough-129-slice.csv').split('\n')[1]!;
    const bytes = new TextEncoder().encode([HEADER, ...Array.from({ length: 110_000 }, () => line)].join('\n'));
    const progress: ImportProgress[] = [];
    const { report } = await readCounts('many.csv', bytes, progress);
    expect(report.rowsImported).toBe(110_000);
    expect(progress.map((p) => p.rowsRead)).toEqual([49_999, 99_999, 110_000]);
    expect(progress.map((p) => p.bytesRead)).toEqual([...progress.map((p) => p.bytesRead)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ file: 'many.csv', rowsRead: 110_000, bytesRead: bytes.length, bytesTotal: bytes.length });
  });
});
