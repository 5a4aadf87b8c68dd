import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DictionaryBuilder, Float64ColumnBuilder, MonthColumnBuilder, detached, type DictionaryColumn, type PointColumns } from '../domain/point-columns.ts';
import type { ImportContext, ImportProgress } from './format-driver.ts';
import { ImportError, type ImportReport } from './import-report.ts';
import { CsvScanner, UnclosedQuote, parsePoliceUkCsv, policeUkCsvDriver } from './police-uk-csv.ts';
import { decodeHead } from './text-decoding.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readBytes = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));

const NO_LOCATION = 'no location (police.uk could not map this crime)';

/** The official data.police.uk street-level crime header, 12 columns. */
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** One street-level crime row in the official column order; only the columns a test cares about vary. */
function crimeRow({ id = '', month = '2023-01', lon = '-2.359', lat = '51.381', location = 'On or near Milsom Street', crimeType = 'Burglary' } = {}): string {
  return [id, month, 'Avon and Somerset Constabulary', 'Avon and Somerset Constabulary', lon, lat, location, 'E01014370', 'Bath and North East Somerset 010E', crimeType, '', ''].join(',');
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
    const early = 'month is before 1970-01 or after 7431-04';
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

describe('parsePoliceUkCsv beyond the papaparse reading it replaced', () => {
  const file = 'crime.csv';

  it('reads every value of a fully quoted file as it reads the same file unquoted', () => {
    const rows = [crimeRow({ crimeType: 'Drugs' }), crimeRow({ lon: '', crimeType: 'Robbery' }), crimeRow({ month: '2023-02', lat: ' 51.4 ' }), crimeRow({ lon: '1e1' })];
    const quote = (line: string) => line.split(',').map((value) => `"${value}"`).join(',');
    const plain = parsePoliceUkCsv([HEADER, ...rows].join('\r\n'), file);
    const quoted = parsePoliceUkCsv([HEADER, ...rows].map(quote).join('\r\n'), file);
    expect(quoted).toEqual(plain);
    expect(plain.report.rowsImported).toBe(2);
  });

  it('reads coordinates exactly as Number() does, sign, digits and decimal point anywhere', () => {
    // A seeded generator, so a failure can be repeated.
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const values: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 17) }, () => Math.floor(random() * 10)).join('');
      const point = Math.floor(random() * (digits.length + 1));
      const sign = ['', '-', '+'][Math.floor(random() * 3)]!;
      values.push(`${sign}${digits.slice(0, point)}${random() < 0.9 ? '.' : ''}${digits.slice(point)}`);
    }
    // Kept within range, so that every value is imported: 0.digits or the digits shifted down.
    const inRange = values.map((v) => (Math.abs(Number(v)) <= 90 ? v : `${v.startsWith('-') ? '-' : ''}0.${v.replace(/[^0-9]/g, '')}`));
    const { columns } = parsePoliceUkCsv([HEADER, ...inRange.map((v) => crimeRow({ lon: v, lat: v }))].join('\n'), file);
    expect(columns.count).toBe(inRange.length);
    inRange.forEach((v, i) => {
      if (!Object.is(columns.lon[i], Number(v)) || !Object.is(columns.lat[i], Number(v))) expect.fail(`"${v}" read as ${columns.lon[i]}, not ${Number(v)}`);
    });
  });

  it('takes months from 1970-01 to 7431-04, the range of the stored month, and no further', () => {
    // 0xffff months after 1970-01: 65535 = 5461 * 12 + 3, so 7431-04.
    const rows = ['1970-01', '7431-04', '7431-05', ' 2023-01 ', '2O23-01'].map((month) => crimeRow({ month }));
    const { columns, report } = parsePoliceUkCsv([HEADER, ...rows].join('\n'), file);
    expect(monthValues(columns)).toEqual([0, 0xffff, 636]);
    expect(rejected(report, 'month is before 1970-01 or after 7431-04')!.examples).toMatchObject([{ row: 4, value: '7431-05' }]);
    expect(rejected(report, 'month is not YYYY-MM')!.examples).toMatchObject([{ row: 6, value: '2O23-01' }]);
  });

  it('reads a file saved with semicolons or tabs between values, as a spreadsheet in another locale saves it', () => {
    for (const delimiter of [';', '\t']) {
      const text = [HEADER, crimeRow({ crimeType: 'Drugs' }), crimeRow({ lon: '' })].map((line) => line.replaceAll(',', delimiter)).join('\r\n');
      const { columns, report } = parsePoliceUkCsv(text, file);
      expect(report.rowsImported).toBe(1);
      expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Drugs']);
    }
  });

  it('ends a row at CR alone, as old Mac spreadsheets save, and at a mix of line endings', () => {
    const rows = [crimeRow({ crimeType: 'Drugs' }), crimeRow({ month: 'bad' }), crimeRow({ crimeType: 'Robbery' })];
    for (const text of [[HEADER, ...rows].join('\r'), `${HEADER}\n${rows[0]}\r\n${rows[1]}\r${rows[2]}\n`]) {
      const { columns, report } = parsePoliceUkCsv(text, file);
      expect(report.rowsRead).toBe(3);
      expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Drugs', 'Robbery']);
      expect(rejected(report, 'month is not YYYY-MM')!.examples).toMatchObject([{ row: 3, value: 'bad' }]);
    }
  });

  it('does not de-duplicate Crime IDs unless given the set of IDs already read', () => {
    const id = 'c74b2f2e64d0ed2a0cb481c995332ca8eec8c1e89b67be8817091dc186275310';
    const { report } = parsePoliceUkCsv([HEADER, crimeRow({ id }), crimeRow({ id })].join('\n'), file);
    expect(report.rowsImported).toBe(2);
  });
});

describe('CsvScanner', () => {
  /** Every record of a text, as arrays of values, or where the unclosed quote is. */
  function scan(text: string): { records: string[][]; unclosed?: { row: number; field: number } } {
    const csv = new CsvScanner(text);
    const records: string[][] = [];
    try {
      while (csv.next()) records.push(csv.fields());
    } catch (error) {
      if (!(error instanceof UnclosedQuote)) throw error;
      return { records, unclosed: { row: error.row, field: error.field } };
    }
    return { records };
  }

  it('reads 8,000 random texts of quotes, commas, spaces and line breaks as papaparse does', () => {
    // Texts from the characters that make CSV hard, each compared with papaparse, which the scanner
    // replaced, told the delimiter and line ending. Two differences are meant and allowed for:
    // papaparse gives an extra empty record after a final line break (a blank row either way), and it
    // calls a quoted value closed by a quote and spaces at the very end of the text unterminated.
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let compared = 0;
    for (const newline of ['\n', '\r\n'] as const) {
      const pieces = ['a', 'b', ' ', ',', ',', '"', '"', '""', newline, newline];
      for (let n = 0; n < 4000; n++) {
        const text = Array.from({ length: Math.floor(random() * 25) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        const papa = Papa.parse<string[]>(text, { delimiter: ',', newline });
        const unterminated = papa.errors.some((error) => error.code === 'MissingQuotes');
        const mine = scan(text);
        if (unterminated && !mine.unclosed && /" +$/.test(text)) continue;
        let expected = papa.data;
        if (!unterminated && expected.length === mine.records.length + 1 && expected.at(-1)?.join() === '') expected = expected.slice(0, -1);
        if (unterminated) {
          // papaparse gives the rest of the text as the last value; the scanner says where the value began.
          expect({ text, ...mine }).toEqual({ text, records: expected.slice(0, -1), unclosed: { row: expected.length, field: expected.at(-1)!.length - 1 } });
        } else {
          expect({ text, ...mine }).toEqual({ text, records: expected });
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(7800);
  });

  it('keeps a quote inside a quoted value when it is not followed by a delimiter, and undoes doubled quotes', () => {
    expect(scan('"a "b" c",d\r\n"x""y",""\r\n').records).toEqual([
      ['a "b" c', 'd'],
      ['x"y', ''],
    ]);
  });

  it('drops spaces between a closing quote and the delimiter, and closes a value at the end of the text', () => {
    expect(scan('"a"  ,"b" \n"c"  ').records).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
  });

  it('names the record and field of a quote that never closes', () => {
    expect(scan('a,b\n\nc,"d\ne,f').unclosed).toEqual({ row: 3, field: 1 });
  });
});

describe('policeUkCsvDriver', () => {
  function context(jobState = new Map<string, unknown>(), progress: ImportProgress[] = []): ImportContext {
    return { onProgress: (p) => progress.push(p), choices: {}, jobState, companions: [] };
  }

  async function readText(text: string, name = 'crime.csv', jobState = new Map<string, unknown>()) {
    const parsed = await policeUkCsvDriver.read({ name, bytes: new TextEncoder().encode(text) }, context(jobState));
    if (parsed.geometry !== 'point') throw new Error('expected points');
    return parsed;
  }

  const A = 'c74b2f2e64d0ed2a0cb481c995332ca8eec8c1e89b67be8817091dc186275310';
  const B = 'faac1b3bf25a610ae142ae4f909e87561d5377309baae3302f878983584ff4f4';
  const C = '45923f2e8d6bdfdc1b598f7f682e831592adffd6eeba23f3355d13cf63b3cde5';
  const DUPLICATE = 'duplicate Crime ID (already imported from this or another file)';

  describe('detect', () => {
    const detect = (head: string, name = 'crime.csv') => policeUkCsvDriver.detect({ name, head });

    it('is sure of the official street-level header, however it is written', () => {
      expect(policeUkCsvDriver.id).toBe('police-uk-csv');
      expect(policeUkCsvDriver.extensions).toEqual(['.csv']);
      expect(detect(decodeHead(readBytes('../../data/sample/crime-2023-01-avon-and-somerset.csv')))).toBe(0.95);
      expect(detect(decodeHead(readBytes('../../test/fixtures/io/police-uk-essex-2018-01-slice.csv')))).toBe(0.95);
      expect(detect(`\uFEFF${HEADER}\r\n${crimeRow()}`)).toBe(0.95);
      expect(detect(`\r\n${HEADER.split(',').map((name) => `"${name}"`).join(',')}\n`)).toBe(0.95);
      expect(detect(HEADER.replaceAll(',', ';'))).toBe(0.95);
    });

    it('is less sure of a file with only the columns it needs, and not at all of other files', () => {
      expect(detect('Month,Longitude,Latitude,Crime type\n2023-01,-2.3,51.3,Drugs\n')).toBe(0.6);
      expect(detect('name,lon,lat\nCamera 1,-2.3,51.3\n')).toBe(0);
      expect(detect('LSOA code,Population\nE01014370,1500\n')).toBe(0);
      expect(detect('{"type":"FeatureCollection","features":[]}', 'crime.geojson')).toBe(0);
      expect(detect('')).toBe(0);
      expect(detect('"Crime ID,Month')).toBe(0);
    });
  });

  it('reads the bundled sample as a crime layer in WGS84, dropping the 43 repeated Crime IDs', async () => {
    const file = 'crime-2023-01-avon-and-somerset.csv';
    const parsed = await policeUkCsvDriver.read({ name: file, bytes: readBytes(`../../data/sample/${file}`) }, context());
    expect(parsed).toMatchObject({ geometry: 'point', kind: 'crime', sourceCrs: 'EPSG:4326' });
    // Counted with python3 csv.reader: 43 Crime IDs appear twice in the file (the second copy of each is
    // dropped: 24 of them have a location), and 739 of the remaining rows have no location.
    const { report } = parsed;
    expect(report.rowsRead).toBe(12_566);
    expect(report.rowsImported).toBe(11_784);
    expect(report.rejected.map(({ reason, count }) => ({ reason, count }))).toEqual([
      { reason: DUPLICATE, count: 43 },
      { reason: NO_LOCATION, count: 739 },
    ]);
    expect(rejected(report, DUPLICATE)!.examples.slice(0, 3)).toEqual([
      { file, row: 35, column: 'Crime ID', value: A, reason: DUPLICATE },
      { file, row: 305, column: 'Crime ID', value: B, reason: DUPLICATE },
      { file, row: 390, column: 'Crime ID', value: C, reason: DUPLICATE },
    ]);
  });

  it('drops a repeated Crime ID within a file, but never a row without one (anti-social behaviour)', async () => {
    const rows = [
      crimeRow({ id: A, crimeType: 'Burglary' }),
      crimeRow({ id: '', crimeType: 'Anti-social behaviour' }),
      crimeRow({ id: B, crimeType: 'Drugs' }),
      crimeRow({ id: A, crimeType: 'Robbery' }),
      crimeRow({ id: '', crimeType: 'Anti-social behaviour' }),
      crimeRow({ id: ` ${B} `, crimeType: 'Robbery' }),
      // A repeat is a repeat first: this one is not also counted as a crime without a location.
      crimeRow({ id: A, lon: '' }),
    ];
    const { columns, report } = await readText([HEADER, ...rows].join('\r\n'));
    expect(report.rowsRead).toBe(7);
    expect(report.rowsImported).toBe(4);
    expect(rejected(report, NO_LOCATION)).toBeUndefined();
    expect(dictionary(columns, 'crimeType').dictionary).toEqual(['Burglary', 'Anti-social behaviour', 'Drugs']);
    expect(rejected(report, DUPLICATE)).toEqual({
      reason: DUPLICATE,
      count: 3,
      examples: [
        { file: 'crime.csv', row: 5, column: 'Crime ID', value: A, reason: DUPLICATE },
        { file: 'crime.csv', row: 7, column: 'Crime ID', value: B, reason: DUPLICATE },
        { file: 'crime.csv', row: 8, column: 'Crime ID', value: A, reason: DUPLICATE },
      ],
    });
  });

  it('drops a Crime ID already read from another file of the same import', async () => {
    const layer = new Map<string, unknown>();
    const january = await readText([HEADER, crimeRow({ id: A }), crimeRow({ id: B }), crimeRow()].join('\n'), '2023-01.csv', layer);
    const february = await readText([HEADER, crimeRow({ id: B }), crimeRow({ id: C, month: '2023-02' }), crimeRow({ id: A }), crimeRow()].join('\n'), '2023-02.csv', layer);
    expect(january.report.rowsImported).toBe(3);
    expect(february.report.rowsImported).toBe(2);
    expect(monthValues(february.columns)).toEqual([637, 636]);
    expect(rejected(february.report, DUPLICATE)!.examples).toEqual([
      { file: '2023-02.csv', row: 2, column: 'Crime ID', value: B, reason: DUPLICATE },
      { file: '2023-02.csv', row: 4, column: 'Crime ID', value: A, reason: DUPLICATE },
    ]);
    // Another import starts with state of its own and reads them all again.
    expect((await readText([HEADER, crimeRow({ id: B }), crimeRow({ id: A })].join('\n'))).report.rowsImported).toBe(2);
  });

  it('takes the same month given twice as nothing new, not as a file at fault', async () => {
    const layer = new Map<string, unknown>();
    const text = [HEADER, crimeRow({ id: A }), crimeRow({ id: B })].join('\n');
    await readText(text, 'first.csv', layer);
    const again = await readText(text, 'again.csv', layer);
    expect(again.columns.count).toBe(0);
    expect(again.report).toMatchObject({ rowsRead: 2, rowsImported: 0, rejected: [{ reason: DUPLICATE, count: 2 }] });
  });

  it('compares Crime IDs not in police.uk form as text, upper and lower case apart', async () => {
    const upper = A.toUpperCase();
    const rows = [crimeRow({ id: A }), crimeRow({ id: upper }), crimeRow({ id: upper }), crimeRow({ id: 'ASB-1' }), crimeRow({ id: 'ASB-1' }), crimeRow({ id: 'asb-1' }), crimeRow({ id: `${A}0` }), crimeRow({ id: `"${A}"` }), crimeRow({ id: `" ASB-1"` })];
    const { report } = await readText([HEADER, ...rows].join('\n'));
    expect(report.rowsImported).toBe(5);
    // A quoted ID is the same ID as the same digits unquoted.
    expect(rejected(report, DUPLICATE)!.examples.map((e) => [e.row, e.value])).toEqual([
      [4, upper],
      [6, 'ASB-1'],
      [9, A],
      [10, 'ASB-1'],
    ]);
  });

  it('reads a file Excel saved as Windows-1252', async () => {
    // "é" is the single byte E9 in Windows-1252, which is not valid UTF-8.
    const text = [HEADER, crimeRow({ location: 'On or near Café Rouge' }), crimeRow({ month: 'Févr-23' })].join('\r\n');
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(bytes).toContain(0xe9);
    const { report } = await policeUkCsvDriver.read({ name: 'crime.csv', bytes }, context());
    expect(report.rowsImported).toBe(1);
    expect(rejected(report, 'month is not YYYY-MM')!.examples).toMatchObject([{ row: 3, value: 'Févr-23' }]);
  });

  it('reports progress every 50,000 rows and at the end, in bytes of the file', async () => {
    const row = `${crimeRow()}\r\n`;
    const text = `${HEADER}\r\n${row.repeat(120_000)}`;
    const bytes = new TextEncoder().encode(text);
    const progress: ImportProgress[] = [];
    const parsed = await policeUkCsvDriver.read({ name: 'big.csv', bytes }, context(new Map(), progress));
    expect(parsed.report.rowsImported).toBe(120_000);
    expect(progress.map((p) => p.rowsRead)).toEqual([50_000, 100_000, 120_000]);
    expect(progress.every((p) => p.file === 'big.csv' && p.bytesTotal === bytes.length)).toBe(true);
    // After 50,000 rows the reading is at the start of row 50,001: the header and 50,000 rows are behind it.
    expect(progress[0]!.bytesRead).toBe(HEADER.length + 2 + 50_000 * row.length);
    expect(progress.at(-1)!.bytesRead).toBe(bytes.length);
  });
});

// The growing column builders of domain/point-columns.ts, tested here with their one user.
describe('column builders', () => {
  it('grow past their first guess and build columns of exactly the rows pushed', () => {
    const numbers = new Float64ColumnBuilder(16);
    const months = new MonthColumnBuilder(16);
    for (let i = 0; i < 1000; i++) {
      numbers.push(i / 3);
      months.push(i);
    }
    const built = numbers.build();
    // Stored and transferred whole: a buffer with spare room would carry it along.
    expect(built.buffer.byteLength).toBe(8000);
    expect(built[999]).toBe(999 / 3);
    expect(months.build()).toEqual({ kind: 'month', values: Uint16Array.from({ length: 1000 }, (_, i) => i) });
  });

  it('code a dictionary in 16 bits until it has more than 65,536 values, then in 32', () => {
    const few = new DictionaryBuilder(4);
    for (const value of ['Drugs', 'Robbery', 'Drugs', 'Drugs', 'Burglary', 'Robbery']) few.push(value);
    expect(few.build()).toEqual({ kind: 'dictionary', codes: Uint16Array.of(0, 1, 0, 0, 2, 1), dictionary: ['Drugs', 'Robbery', 'Burglary'] });

    const many = new DictionaryBuilder(4);
    for (let i = 0; i < 70_000; i++) many.push(`E${i}`);
    many.push('E65537');
    const column = many.build();
    expect(column.codes).toBeInstanceOf(Uint32Array);
    expect(column.codes.length).toBe(70_001);
    expect([column.codes[0], column.codes[70_000]]).toEqual([0, 65_537]);
  });

  it('keep a dictionary value equal to the text it came from', () => {
    const text = 'x,Avon and Somerset Constabulary,y';
    expect(detached(text.slice(2, 32))).toBe('Avon and Somerset Constabulary');
    expect(detached('E01014370')).toBe('E01014370');
  });
});
