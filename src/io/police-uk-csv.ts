import Papa from 'papaparse';
import { DictionaryBuilder, monthIndex, type PointColumns } from '../domain/point-columns.ts';
import { ImportError, ImportReportBuilder, nothingImported, type ImportReport } from './import-report.ts';

/** The columns of a data.police.uk street-level crime file that this driver reads. */
const REQUIRED = ['Month', 'Longitude', 'Latitude', 'Crime type'] as const;

/** A plain decimal, as police.uk writes coordinates; Number() alone would also take "0x1f", "1e2" or "Infinity". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** Months are stored as a Uint16Array of months since 1970-01. */
const LAST_MONTH = 0xffff;

export interface ParsedPointLayer {
  columns: PointColumns;
  report: ImportReport;
}

/**
 * Reads a data.police.uk street-level crime CSV into columns. Rows without a location are counted and
 * reported (police.uk publishes crimes it could not map with empty coordinates), never silently dropped.
 * Row numbers are records as a spreadsheet shows them: the header is row 1, a blank line is a row, and a
 * quoted value with a line break inside stays one row.
 */
export function parsePoliceUkCsv(text: string, file: string): ParsedPointLayer {
  const report = new ImportReportBuilder(file);
  const lon: number[] = [];
  const lat: number[] = [];
  const months: number[] = [];
  const crimeType = new DictionaryBuilder();
  const lsoaCode = new DictionaryBuilder();
  const forceArea = new DictionaryBuilder();
  let header: string[] | undefined;
  let columnIndex: Record<string, number> = {};
  let row = 0;

  // Blank lines are not skipped by the parser (skipEmptyLines), because then the row numbers after them
  // would no longer match the file; they are counted here and passed over.
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: false,
    step: ({ data, errors }) => {
      row++;
      // A quote that never closes swallows the rest of the file into one value: nothing after it can be trusted.
      if (errors.some((error) => error.code === 'MissingQuotes')) {
        const column = header?.[data.length - 1] ?? `column ${data.length}`;
        throw new ImportError(
          file,
          `row ${row}, column "${column}": a quoted value starts here but its closing quote is missing, so the rest ` +
            'of the file cannot be read; check the file is complete and was not edited by hand',
        );
      }
      if (data.every((value) => value.trim() === '')) return;
      if (!header) {
        header = data.map((name) => name.trim());
        columnIndex = indexHeader(header, row, file);
        return;
      }
      report.rowsRead++;
      // A stray quote inside a quoted value (InvalidQuotes) is read leniently; if it cost the row its shape,
      // the count of values shows it.
      if (data.length > header.length) {
        // An unquoted comma inside a value shifts every later column: the crime type would be wrong, silently.
        return report.reject(row, '', data.join(','), 'more values than the header has columns (a value with an unquoted comma?)');
      }
      if (data.length < header.length) {
        return report.reject(row, '', data.join(','), 'fewer values than the header has columns (the row is cut short)');
      }
      const cell = (name: string) => {
        const i = columnIndex[name];
        return i === undefined ? '' : (data[i] ?? '').trim();
      };
      const lonText = cell('Longitude');
      const latText = cell('Latitude');
      if (lonText === '' || latText === '') {
        return report.reject(row, lonText === '' ? 'Longitude' : 'Latitude', '', 'no location (police.uk could not map this crime)');
      }
      const x = Number(lonText);
      const y = Number(latText);
      if (!DECIMAL.test(lonText) || x < -180 || x > 180) return report.reject(row, 'Longitude', lonText, 'not a longitude in degrees');
      if (!DECIMAL.test(latText) || y < -90 || y > 90) return report.reject(row, 'Latitude', latText, 'not a latitude in degrees');
      const monthText = cell('Month');
      const match = MONTH.exec(monthText);
      const month = match ? Number(match[2]) : 0;
      if (!match || month < 1 || month > 12) return report.reject(row, 'Month', monthText, 'month is not YYYY-MM');
      const index = monthIndex(Number(match[1]), month);
      if (index < 0 || index > LAST_MONTH) return report.reject(row, 'Month', monthText, 'month is before 1970-01 or after 7431-12');
      lon.push(x);
      lat.push(y);
      months.push(index);
      crimeType.push(cell('Crime type'));
      lsoaCode.push(cell('LSOA code'));
      forceArea.push(cell('Falls within'));
      report.rowsImported++;
    },
  });
  if (!header) throw new ImportError(file, 'the file is empty: expected a data.police.uk street-level crime CSV');
  if (report.rowsRead === 0) throw new ImportError(file, 'the file has a header row but no crime rows under it');
  const built = report.build();
  if (built.rowsImported === 0) throw new ImportError(file, nothingImported(built, 'rows'));

  return {
    columns: {
      count: lon.length,
      lon: Float64Array.from(lon),
      lat: Float64Array.from(lat),
      attributes: {
        crimeType: crimeType.build(),
        month: { kind: 'month', values: Uint16Array.from(months) },
        lsoaCode: lsoaCode.build(),
        forceArea: forceArea.build(),
      },
    },
    report: built,
  };
}

function indexHeader(header: string[], row: number, file: string): Record<string, number> {
  const index: Record<string, number> = {};
  header.forEach((name, i) => {
    index[name] ??= i;
  });
  const missing = REQUIRED.filter((name) => index[name] === undefined);
  if (missing.length > 0) {
    throw new ImportError(
      file,
      `row ${row}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; ` +
        `a data.police.uk street-level crime file has ${REQUIRED.map((m) => `"${m}"`).join(', ')} in its header row`,
    );
  }
  return index;
}
