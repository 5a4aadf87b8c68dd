import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DictionaryColumn, PointColumns } from '../domain/point-columns.ts';
import { ImportError, type ImportReport } from './import-report.ts';
import { parsePoliceUkCsv } from './police-uk-csv.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

const NO_LOCATION = 'no location (police.uk could not map this crime)';

/** The official data.police.uk street-level crime header, 12 columns. */
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** One street-level crime row in the official column order; only the columns a test cares about vary. */
function crimeRow({ month = '2023-01', lon = '-2.359', lat = '51.381', location = 'On or near Milsom Street', crimeType = 'Burglary' } = {}): string {
  return ['', month, 'Avon and Somerset Constabulary', 'Avon and Somerset Constabulary', lon, lat, location, 'E01014370', 'Bath and North East Somerset 010E', crimeType, '', ''].join(',');
}

function dictionary(columns: PointColumns, name: string): DictionaryColumn {
  const column = columns.attributes[name];
  if (column?.kind !== 'dictionary') throw new Error(`${name} is not a dictionary column`);
  return column;
}

function monthValues(columns: PointColumns): number[] {
  const column = columns.attributes.month;
  if (column?.kind !== 'month') throw new Error('month is not a month column');
  return [...column.values];
}

/** Decodes a dictionary column into counts per value. */
function countsOf(column: DictionaryColumn): Map<string, number> {
  const counts = new Map<string, number>();
  for (const code of column.codes) {
    const value = column.dictionary[code]!;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

function rejected(report: ImportReport, reason: string) {
  return report.rejected.find((group) => group.reason === reason);
}

/** Runs the parser and returns the ImportError it throws, failing the test if it does not throw one. */
function importError(text: string, file = 'crime.csv'): ImportError {
  try {
    parsePoliceUkCsv(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('parsePoliceUkCsv on the bundled Avon and Somerset sample (January 2023)', () => {
  const file = 'crime-2023-01-avon-and-somerset.csv';
  const text = read('../../data/sample/crime-2023-01-avon-and-somerset.csv');
  const { columns, report } = parsePoliceUkCsv(text, file);

  // A second reading by another method: the file has no quote character at all (checked below), so
  // splitting lines on CRLF and fields on commas is exact.
  const lines = text.split('\r\n').filter((line) => line !== '');
  const naiveHeader = lines[0]!.split(',');
  const naiveRows = lines.slice(1).map((line, i) => ({ row: i + 2, fields: line.split(',') }));
  const at = (name: string) => naiveHeader.indexOf(name);
  const naiveMapped = naiveRows.filter(({ fields }) => fields[at('Longitude')] !== '' && fields[at('Latitude')] !== '');
  const naiveUnmapped = naiveRows.filter(({ fields }) => fields[at('Longitude')] === '' || fields[at('Latitude')] === '');

  it('is the file the naive reading assumes: no quotes, 12 fields on every row', () => {
    expect(text.includes('"')).toBe(false);
    expect(naiveHeader).toEqual(HEADER.split(','));
    expect(naiveRows.every(({ fields }) => fields.length === 12)).toBe(true);
  });

  it('reads 12,566 rows and rejects the 758 without a location (../shared/data/SOURCES.md), nothing else', () => {
    expect(naiveRows).toHaveLength(12_566);
    expect(naiveUnmapped).toHaveLength(758);
    expect(report.file).toBe(file);
    expect(report.rowsRead).toBe(12_566);
    expect(report.rowsImported).toBe(12_566 - 758);
    expect(columns.count).toBe(11_808);
    expect(report.rejected.map(({ reason, count }) => ({ reason, count }))).toEqual([{ reason: NO_LOCATION, count: 758 }]);
  });

  it('gives the first rows without a location with file, spreadsheet row, column and value', () => {
    // python3 csv.reader: the first unmapped records are data rows 11,808 to 11,812, i.e. rows 11,810..11,814
    // counting the header as row 1.
    const expected = naiveUnmapped.slice(0, 5).map(({ row }) => ({ file, row, column: 'Longitude', value: '', reason: NO_LOCATION }));
    expect(expected.map((e) => e.row)).toEqual([11_810, 11_811, 11_812, 11_813, 11_814]);
    expect(rejected(report, NO_LOCATION)!.examples).toEqual(expected);
  });

  it('counts crimes per type as the naive reading does, and as python3 csv.reader did', () => {
    const naive = new Map<string, number>();
    for (const { fields } of naiveMapped) naive.set(fields[at('Crime type')]!, (naive.get(fields[at('Crime type')]!) ?? 0) + 1);
    const parsed = countsOf(dictionary(columns, 'crimeType'));
    expect(Object.fromEntries(parsed)).toEqual(Object.fromEntries(naive));
    // Counted with python3: csv.reader over the file, rows with both coordinates, Counter of "Crime type".
    expect(Object.fromEntries(parsed)).toEqual({
      'Anti-social behaviour': 1511,
      'Bicycle theft': 134,
      Burglary: 568,
      'Criminal damage and arson': 975,
      Drugs: 185,
      'Other crime': 221,
      'Other theft': 809,
      'Possession of weapons': 58,
      'Public order': 1150,
      Robbery: 113,
      Shoplifting: 912,
      'Theft from the person': 66,
      'Vehicle crime': 662,
      'Violence and sexual offences': 4444,
    });
  });

  it('keeps every position exactly as written, in file order', () => {
    expect(columns.lon[0]).toBe(-2.491616);
    expect(columns.lat[0]).toBe(51.424619);
    naiveMapped.forEach(({ fields }, i) => {
      if (columns.lon[i] !== Number(fields[at('Longitude')]) || columns.lat[i] !== Number(fields[at('Latitude')])) {
        expect.fail(`position ${i} differs from the file`);
      }
    });
  });

  it('stores the month as months since 1970-01: 2023-01 is 636', () => {
    // (2023 - 1970) * 12 + (1 - 1) = 53 * 12 = 636
    expect(new Set(monthValues(columns))).toEqual(new Set([636]));
    expect(monthValues(columns)).toHaveLength(11_808);
  });

  it('encodes the force and the LSOA codes', () => {
    expect(dictionary(columns, 'forceArea').dictionary).toEqual(['Avon and Somerset Constabulary']);
    const lsoa = new Set(naiveMapped.map(({ fields }) => fields[at('LSOA code')]));
    expect(new Set(dictionary(columns, 'lsoaCode').dictionary)).toEqual(lsoa);
  });
});

describe('parsePoliceUkCsv on a real Essex slice (January 2018, header LF, rows CRLF)', () => {
  const file = 'police-uk-essex-2018-01-slice.csv';
  const { columns, report } = parsePoliceUkCsv(read('../../test/fixtures/io/police-uk-essex-2018-01-slice.csv'), file);

  it('reads 30 rows, imports 28 and reports the two without a location at rows 30 and 31', () => {
    expect(report.rowsRead).toBe(30);
    expect(report.rowsImported).toBe(28);
    expect(report.rejected).toEqual([
      {
        reason: NO_LOCATION,
        count: 2,
        examples: [
          { file, row: 30, column: 'Longitude', value: '', reason: NO_LOCATION },
          { file, row: 31, column: 'Longitude', value: '', reason: NO_LOCATION },
        ],
      },
    ]);
  });

  it('counts crime types as `cut -d, -f10 | sort | uniq -c` does on lines 2-29', () => {
    expect(Object.fromEntries(countsOf(dictionary(columns, 'crimeType')))).toEqual({
      'Anti-social behaviour': 7,
      Burglary: 5,
      'Criminal damage and arson': 4,
      Drugs: 2,
      'Other theft': 3,
      'Violence and sexual offences': 7,
    });
  });

  it('stores 2018-01 as month 576 and keeps no carriage return in any value', () => {
    // (2018 - 1970) * 12 = 576
    expect(new Set(monthValues(columns))).toEqual(new Set([576]));
    expect(columns.lon[0]).toBe(0.73808);
    expect(columns.lat[0]).toBe(52.042187);
    for (const name of ['crimeType', 'lsoaCode', 'forceArea']) {
      expect(dictionary(columns, name).dictionary.some((value) => /[\r\n]/.test(value))).toBe(false);
    }
    expect(dictionary(columns, 'forceArea').dictionary).toEqual(['Essex Police']);
  });
});

describe('parsePoliceUkCsv on malformed files', () => {
  const file = 'crime.csv';

  it('refuses an empty file', () => {
    for (const text of ['', '\n', '\r\n\r\n', '\uFEFF']) {
      const error = importError(text, file);
      expect(error.message).toBe('crime.csv: the file is empty: expected a data.police.uk street-level crime CSV');
      expect(error.file).toBe(file);
    }
  });

  it('refuses a file with a header and no rows', () => {
    for (const text of [HEADER, `${HEADER}\n`, `${HEADER}\r\n\r\n`]) {
      expect(importError(text).message).toBe('crime.csv: the file has a header row but no crime rows under it');
    }
  });

  it('names a missing column and says it is row 1', () => {
    const header = HEADER.replace(',Crime type', '');
    expect(importError(`${header}\n${crimeRow()}\n`).message).toBe(
      'crime.csv: row 1: missing column "Crime type"; a data.police.uk street-level crime file has "Month", "Longitude", "Latitude", "Crime type" in its header row',
    );
    expect(importError('Crime ID,Month,Crime type\n,2023-01,Burglary\n').message).toBe(
      'crime.csv: row 1: missing columns "Longitude", "Latitude"; a data.police.uk street-level crime file has "Month", "Longitude", "Latitude", "Crime type" in its header row',
    );
  });

  it('rejects a bad month with the row, column and value, and keeps the good rows', () => {
    const rows = [crimeRow(), crimeRow({ month: '2023-13' }), crimeRow({ month: '23-01' }), crimeRow({ month: '2023/01' }), crimeRow({ month: '' }), crimeRow({ month: '1969-12' }), crimeRow({ month: '2023-02' })];
    const { columns, report } = parsePoliceUkCsv([HEADER, ...rows].join('\n'), file);
    expect(report.rowsRead).toBe(7);
    expect(report.rowsImported).toBe(2);
    expect(monthValues(columns)).toEqual([636, 637]);
    const reason = 'month is not YYYY-MM';
    expect(rejected(report, reason)).toEqual({
      reason,
      count: 4,
      examples: [
        { file, row: 3, column: 'Month', value: '2023-13', reason },
        { file, row: 4, column: 'Month', value: '23-01', reason },
        { file, row: 5, column: 'Month', value: '2023/01', reason },
        { file, row: 6, column: 'Month', value: '', reason },
      ],
    });
    // Months are stored unsigned from 1970-01: an earlier month must not wrap round to a date in the future.
    const early = 'month is before 1970-01 or after 7431-12';
    expect(rejected(report, early)).toEqual({ reason: early, count: 1, examples: [{ file, row: 7, column: 'Month', value: '1969-12', reason: early }] });
  });

  it('rejects coordinates that are not plain decimal degrees', () => {
    const rows = [
      crimeRow({ lon: 'abc' }),
      crimeRow({ lon: '0x10' }),
      crimeRow({ lon: '1e1' }),
      crimeRow({ lon: '-180.5' }),
      crimeRow({ lat: 'N51.4' }),
      crimeRow({ lat: '91' }),
      crimeRow({ lon: '', lat: '51.4' }),
      crimeRow({ lon: '-2.3', lat: '' }),
      crimeRow({ lon: ' -2.36 ', lat: '+51.38' }),
    ];
    const { columns, report } = parsePoliceUkCsv([HEADER, ...rows].join('\n'), file);
    expect(report.rowsRead).toBe(9);
    expect(report.rowsImported).toBe(1);
    expect([columns.lon[0], columns.lat[0]]).toEqual([-2.36, 51.38]);
    const lonReason = 'not a longitude in degrees';
    expect(rejected(report, lonReason)!.examples).toEqual([
      { file, row: 2, column: 'Longitude', value: 'abc', reason: lonReason },
      { file, row: 3, column: 'Longitude', value: '0x10', reason: lonReason },
      { file, row: 4, column: 'Longitude', value: '1e1', reason: lonReason },
      { file, row: 5, column: 'Longitude', value: '-180.5', reason: lonReason },
    ]);
    const latReason = 'not a latitude in degrees';
    expect(rejected(report, latReason)!.examples).toEqual([
      { file, row: 6, column: 'Latitude', value: 'N51.4', reason: latReason },
      { file, row: 7, column: 'Latitude', value: '91', reason: latReason },
    ]);
    expect(rejected(report, NO_LOCATION)!.examples).toEqual([
      { file, row: 8, column: 'Longitude', value: '', reason: NO_LOCATION },
      { file, row: 9, column: 'Latitude', value: '', reason: NO_LOCATION },
    ]);
  });

  it('reads a header that starts with a UTF-8 byte order mark', () => {
    const { columns, report } = parsePoliceUkCsv(`\uFEFF${HEADER}\r\n${crimeRow()}\r\n`, file);
    expect(report.rowsImported).toBe(1);
    expect(report.rejected).toEqual([]);
    expect(monthValues(columns)).toEqual([636]);
  });

  it('keeps a quoted value with a line break and a comma in one row, and counts rows as a spreadsheet does', () => {
    const text = [
      HEADER,
      crimeRow({ location: '"On or near\nHigh Street, Bath"', crimeType: 'Robbery' }),
      crimeRow({ location: '"On or near ""The Corner"", Bath"', crimeType: 'Drugs' }),
      crimeRow({ month: 'Jan-23' }),
    ].join('\n');
    const { columns, report } = parsePoliceUkCsv(text, file);
    expect(report.rowsRead).toBe(3);
    expect(report.rowsImported).toBe(2);
    expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Robbery', 'Drugs']);
    // Spreadsheet row 4, although it starts on line 5 of the file.
    expect(rejected(report, 'month is not YYYY-MM')!.examples).toEqual([{ file, row: 4, column: 'Month', value: 'Jan-23', reason: 'month is not YYYY-MM' }]);
  });

  it('reads CRLF line endings without carriage returns in values or an extra row at the end', () => {
    const rows = [crimeRow({ crimeType: 'Drugs' }), crimeRow({ lon: '' }), crimeRow({ crimeType: 'Robbery' })];
    const { columns, report } = parsePoliceUkCsv(`${[HEADER, ...rows].join('\r\n')}\r\n`, file);
    expect(report.rowsRead).toBe(3);
    expect(report.rowsImported).toBe(2);
    expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Drugs', 'Robbery']);
    expect(rejected(report, NO_LOCATION)!.examples).toEqual([{ file, row: 3, column: 'Longitude', value: '', reason: NO_LOCATION }]);
  });

  it('counts a blank line as a row, so the rows after it keep their spreadsheet numbers', () => {
    const text = [HEADER, crimeRow(), '', ',,,,,,,,,,,', crimeRow({ month: 'bad' })].join('\n');
    const { report } = parsePoliceUkCsv(text, file);
    expect(report.rowsRead).toBe(2);
    expect(report.rowsImported).toBe(1);
    expect(rejected(report, 'month is not YYYY-MM')!.examples[0]).toMatchObject({ row: 5, value: 'bad' });
  });

  it('rejects a row with an unquoted comma rather than shifting its columns', () => {
    const shifted = crimeRow({ location: 'On or near Bath, Somerset', crimeType: 'Drugs' });
    const short = crimeRow().split(',').slice(0, 8).join(',');
    const { columns, report } = parsePoliceUkCsv([HEADER, crimeRow(), shifted, short].join('\n'), file);
    expect(report.rowsImported).toBe(1);
    expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Burglary']);
    const more = 'more values than the header has columns (a value with an unquoted comma?)';
    expect(rejected(report, more)!.examples).toEqual([{ file, row: 3, column: '', value: shifted, reason: more }]);
    const fewer = 'fewer values than the header has columns (the row is cut short)';
    expect(rejected(report, fewer)!.examples).toEqual([{ file, row: 4, column: '', value: short, reason: fewer }]);
  });

  it('reads a stray quote inside a quoted value leniently when the row keeps its shape', () => {
    const { columns, report } = parsePoliceUkCsv([HEADER, crimeRow({ location: '"On or near "Bath" Road"', crimeType: 'Drugs' })].join('\n'), file);
    expect(report.rowsImported).toBe(1);
    expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Drugs']);
  });

  it('stops at a quote that is never closed, naming its row and column', () => {
    const text = [HEADER, crimeRow(), crimeRow({ location: '"On or near Bath' }), crimeRow(), crimeRow()].join('\n');
    expect(importError(text).message).toBe(
      'crime.csv: row 3, column "Location": a quoted value starts here but its closing quote is missing, so the rest of the file cannot be read; check the file is complete and was not edited by hand',
    );
  });

  it('refuses a file in which no row can be imported, saying why', () => {
    const text = [HEADER, crimeRow({ lon: '' }), crimeRow({ lon: '' }), crimeRow({ month: 'x' })].join('\n');
    expect(importError(text).message).toBe(
      'crime.csv: none of the 3 rows could be imported; 2 were rejected for "no location (police.uk could not map this crime)", the first at row 2, column "Longitude"',
    );
  });

  it('counts every rejected row but keeps only the first five as examples', () => {
    const rows = [crimeRow(), ...Array.from({ length: 9 }, () => crimeRow({ lat: '' }))];
    const { report } = parsePoliceUkCsv([HEADER, ...rows].join('\n'), file);
    const group = rejected(report, NO_LOCATION)!;
    expect(group.count).toBe(9);
    expect(group.examples.map((e) => e.row)).toEqual([3, 4, 5, 6, 7]);
    expect(report.rowsRead).toBe(report.rowsImported + report.rejected.reduce((sum, g) => sum + g.count, 0));
  });
});
