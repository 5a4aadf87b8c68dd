import Papa from 'papaparse';
import { DictionaryBuilder, type AttributeColumn } from '../domain/point-columns.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import type { FormatDriver, ImportContext, ParsedLayer, SourceFile } from './format-driver.ts';
import { ImportError, ImportReportBuilder, nothingImported, throwIfQuoteNeverCloses } from './import-report.ts';
import { decodeText } from './text-decoding.ts';
import { VEHICLE_CLASSES } from '../domain/traffic.ts';

/**
 * Great Britain (and Northern Ireland) as a box in WGS84 degrees, as the map's UK view: it catches 0,0, a lost
 * sign, or degrees and metres mixed up, not a point a few miles off the coast.
 */
const UK = { west: -8.7, east: 1.9, south: 49.8, north: 60.9 };

/** A plain decimal; Number() alone would also take "0x1f", "Infinity" or "" (as 0). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const YEAR = /^\d{4}$/;
const PROGRESS_EVERY_ROWS = 50_000;

/** The columns without which a row is no count: which point, which year, how much traffic. */
const REQUIRED = ['count_point_id', 'year', 'all_motor_vehicles'] as const;

/**
 * The vehicle classes of the AADF file (DfT road traffic statistics, 2019 onwards column names), stored as
 * number columns under camelCase names. A class the file does not have is left out; an empty value is NaN.
 */

/** Text columns kept as dictionaries when present: what the analysis shows beside a count. */
const TEXT_COLUMNS: [column: string, attribute: string][] = [
  ['road_name', 'roadName'],
  ['road_type', 'roadType'],
  // "Counted" or "Estimated": an estimated AADF is a model's figure, not a count at that point that year.
  ['estimation_method', 'estimationMethod'],
];

const REASON = {
  noCountPoint: 'no count point id',
  notYear: 'not a year (four digits)',
  noCount: 'no all_motor_vehicles count',
  notCount: 'not a count of vehicles (a number, 0 or more)',
  noPosition: 'no coordinates (latitude, longitude, easting and northing all empty)',
  notNumber: 'not a number',
  outsideUk: 'outside the UK',
  fewer: 'fewer values than the header has columns (the row is cut short)',
  more: 'more values than the header has columns (a value with an unquoted comma?)',
};

/**
 * Department for Transport road traffic statistics: the Annual Average Daily Flow (AADF) file of count
 * points, one row per count point and year (roadtraffic.dft.gov.uk, "dft_aadf_local_authority_id_63.csv").
 * Every year is kept: the analysis picks the year it wants. Position is the published latitude/longitude,
 * or else the grid reference they were computed from. Row numbers count the header as row 1.
 */
export const dftTrafficCsvDriver: FormatDriver = {
  id: 'dft-aadf-csv',
  label: 'DfT road traffic counts (AADF)',
  extensions: ['.csv'],
  attribution: 'Department for Transport road traffic statistics; contains public sector information licensed under the Open Government Licence v3.0',

  detect({ name, head }) {
    const header = new Set((Papa.parse<string[]>(head.replace(/^\uFEFF/, ''), { preview: 1, delimiter: ',' }).data[0] ?? []).map((h) => h.trim().toLowerCase()));
    if (!header.has('count_point_id') || !header.has('all_motor_vehicles')) return name.toLowerCase().endsWith('.csv') && /dft_aadf/i.test(name) ? 0.3 : 0;
    // The raw count file has the same count point ids and vehicle columns, one row per hour: read() refuses it by name.
    if (header.has('count_date') || header.has('hour')) return 0.3;
    return 0.95;
  },

  async read(source: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    return readDftTrafficCsv(source, context);
  },
};

interface Columns {
  countPointId: number;
  year: number;
  allMotorVehicles: number;
  latitude: number;
  longitude: number;
  easting: number;
  northing: number;
  classes: { index: number; attribute: string }[];
  texts: { index: number; attribute: string }[];
}

function readDftTrafficCsv(source: SourceFile, context: ImportContext): ParsedLayer {
  const file = source.name;
  const text = decodeText(source.bytes).replace(/^\uFEFF/, '');
  const report = new ImportReportBuilder(file);
  const lon: number[] = [];
  const lat: number[] = [];
  const year: number[] = [];
  const allMotorVehicles: number[] = [];
  const countPointId = new DictionaryBuilder();
  let classes: number[][] = [];
  let texts: DictionaryBuilder[] = [];
  let header: string[] | undefined;
  let at: Columns | undefined;
  let fromGrid = 0;
  let row = 0;

  // Where a position came from; one object reused for every row.
  const position = { lon: 0, lat: 0, column: '', value: '', reason: '' };

  /** Latitude/longitude as published if they are there and in the UK, else the grid reference converted. */
  const locate = (data: string[], c: Columns, names: string[]): 'lonlat' | 'grid' | 'rejected' => {
    position.reason = '';
    const latText = c.latitude >= 0 ? (data[c.latitude] ?? '').trim() : '';
    const lonText = c.longitude >= 0 ? (data[c.longitude] ?? '').trim() : '';
    if (latText !== '' && lonText !== '') {
      if (!DECIMAL.test(latText)) setProblem(names[c.latitude]!, latText, REASON.notNumber);
      else if (!DECIMAL.test(lonText)) setProblem(names[c.longitude]!, lonText, REASON.notNumber);
      else if (inUk(Number(lonText), Number(latText))) {
        position.lon = Number(lonText);
        position.lat = Number(latText);
        return 'lonlat';
      } else setProblem(names[c.latitude]!, latText, REASON.outsideUk);
    }
    const eText = c.easting >= 0 ? (data[c.easting] ?? '').trim() : '';
    const nText = c.northing >= 0 ? (data[c.northing] ?? '').trim() : '';
    if (eText !== '' && nText !== '') {
      if (!DECIMAL.test(eText)) setProblem(names[c.easting]!, eText, REASON.notNumber);
      else if (!DECIMAL.test(nText)) setProblem(names[c.northing]!, nText, REASON.notNumber);
      else {
        const converted = bngToWgs84({ easting: Number(eText), northing: Number(nText) });
        if (inUk(converted.lon, converted.lat)) {
          position.lon = converted.lon;
          position.lat = converted.lat;
          return 'grid';
        }
        setProblem(names[c.easting]!, eText, REASON.outsideUk);
      }
    }
    if (position.reason === '') setProblem(names[c.latitude >= 0 ? c.latitude : c.easting]!, '', REASON.noPosition);
    return 'rejected';
  };
  // The first problem found is the one reported: the published latitude/longitude before the grid reference.
  const setProblem = (column: string, value: string, reason: string) => {
    if (position.reason !== '') return;
    position.column = column;
    position.value = value;
    position.reason = reason;
  };

  const readRow = (data: string[], c: Columns, names: string[]) => {
    report.rowsRead++;
    if (data.length < names.length) return report.reject(row, '', data.join(','), REASON.fewer);
    if (data.length > names.length) return report.reject(row, '', data.join(','), REASON.more);
    const id = (data[c.countPointId] ?? '').trim();
    if (id === '') return report.reject(row, names[c.countPointId]!, '', REASON.noCountPoint);
    const yearText = (data[c.year] ?? '').trim();
    if (!YEAR.test(yearText)) return report.reject(row, names[c.year]!, yearText, REASON.notYear);
    const countText = (data[c.allMotorVehicles] ?? '').trim();
    if (countText === '') return report.reject(row, names[c.allMotorVehicles]!, '', REASON.noCount);
    if (!DECIMAL.test(countText) || countText.startsWith('-')) return report.reject(row, names[c.allMotorVehicles]!, countText, REASON.notCount);
    const located = locate(data, c, names);
    if (located === 'rejected') return report.reject(row, position.column, position.value, position.reason);
    if (located === 'grid') fromGrid++;
    lon.push(position.lon);
    lat.push(position.lat);
    countPointId.push(id);
    year.push(Number(yearText));
    allMotorVehicles.push(Number(countText));
    for (let i = 0; i < c.classes.length; i++) {
      const value = (data[c.classes[i]!.index] ?? '').trim();
      classes[i]!.push(DECIMAL.test(value) ? Number(value) : NaN);
    }
    for (let i = 0; i < c.texts.length; i++) texts[i]!.push((data[c.texts[i]!.index] ?? '').trim());
    report.rowsImported++;
  };

  Papa.parse<string[]>(text, {
    delimiter: ',',
    // Blank lines are counted (so later row numbers match the file) and passed over here.
    skipEmptyLines: false,
    step: ({ data, errors, meta }) => {
      row++;
      throwIfQuoteNeverCloses(errors, data, header, row, file);
      if (isBlank(data)) return;
      if (!header || !at) {
        header = data.map((name) => name.trim());
        at = indexHeader(header, row, file);
        classes = at.classes.map(() => []);
        texts = at.texts.map(() => new DictionaryBuilder());
        return;
      }
      readRow(data, at, header);
      if (row % PROGRESS_EVERY_ROWS === 0) {
        const bytesRead = text.length === 0 ? 0 : Math.min(source.bytes.length, Math.round((meta.cursor / text.length) * source.bytes.length));
        context.onProgress({ file, rowsRead: report.rowsRead, bytesRead, bytesTotal: source.bytes.length });
      }
    },
  });
  if (!header || !at) throw new ImportError(file, 'the file is empty: expected a DfT AADF count point CSV');
  if (report.rowsRead === 0) throw new ImportError(file, 'the file has a header row but no count rows under it');
  context.onProgress({ file, rowsRead: report.rowsRead, bytesRead: source.bytes.length, bytesTotal: source.bytes.length });
  const built = report.build();
  if (built.rowsImported === 0) throw new ImportError(file, nothingImported(built, 'rows'));

  const attributes: Record<string, AttributeColumn> = {
    countPointId: countPointId.build(),
    year: { kind: 'number', values: Float64Array.from(year) },
    allMotorVehicles: { kind: 'number', values: Float64Array.from(allMotorVehicles) },
  };
  at.texts.forEach(({ attribute }, i) => (attributes[attribute] = texts[i]!.build()));
  at.classes.forEach(({ attribute }, i) => (attributes[attribute] = { kind: 'number', values: Float64Array.from(classes[i]!) }));
  return {
    geometry: 'point',
    columns: { count: lon.length, lon: Float64Array.from(lon), lat: Float64Array.from(lat), attributes },
    kind: 'traffic',
    // The layer is in the system most of its positions were read in.
    sourceCrs: fromGrid * 2 > built.rowsImported ? 'EPSG:27700' : 'EPSG:4326',
    report: built,
  };
}

function indexHeader(header: string[], row: number, file: string): Columns {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name.toLowerCase())) index.set(name.toLowerCase(), i);
  });
  const column = (name: string) => index.get(name) ?? -1;
  if (index.has('count_date') || index.has('hour')) {
    throw new ImportError(
      file,
      'this is a DfT raw count file (one row per hour, with "count_date" and "hour" columns), not annual average ' +
        'daily flows; import the AADF file of the same local authority ("dft_aadf_local_authority_id_….csv") instead',
    );
  }
  const hasLatLon = index.has('latitude') && index.has('longitude');
  const hasGrid = index.has('easting') && index.has('northing');
  const missing: string[] = REQUIRED.filter((name) => !index.has(name));
  if (!hasLatLon && !hasGrid) missing.push(...['latitude', 'longitude'].filter((name) => !index.has(name)));
  if (missing.length > 0) {
    throw new ImportError(
      file,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')} in the header (row ${row}); ` +
        'a DfT AADF count point file has "count_point_id", "year", "all_motor_vehicles" and either "latitude" and ' +
        '"longitude" or "easting" and "northing"',
    );
  }
  return {
    countPointId: column('count_point_id'),
    year: column('year'),
    allMotorVehicles: column('all_motor_vehicles'),
    latitude: hasLatLon ? column('latitude') : -1,
    longitude: hasLatLon ? column('longitude') : -1,
    easting: hasGrid ? column('easting') : -1,
    northing: hasGrid ? column('northing') : -1,
    classes: VEHICLE_CLASSES.filter(([name]) => index.has(name)).map(([name, attribute]) => ({ index: column(name), attribute })),
    texts: TEXT_COLUMNS.filter(([name]) => index.has(name)).map(([name, attribute]) => ({ index: column(name), attribute })),
  };
}

function inUk(lon: number, lat: number): boolean {
  // Written so that NaN (a grid position proj4 cannot invert) is outside.
  return lon >= UK.west && lon <= UK.east && lat >= UK.south && lat <= UK.north;
}

function isBlank(data: string[]): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]!.trim() !== '') return false;
  return true;
}
