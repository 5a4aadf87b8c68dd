import Papa from 'papaparse';
import type { SourceCrs } from '../domain/layer.ts';
import { LIFECYCLE_STATUSES, STATUS_LABELS, SiteDraft, type EnteredCoordinates, type LifecycleStatus } from '../domain/site.ts';
import { bngToWgs84, isWithinNationalGrid } from '../geo/british-national-grid.ts';
import type { FormatDriver, ImportContext, ParsedRegister, SourceFile } from './format-driver.ts';
import { ImportError, ImportReportBuilder, nothingImported, throwIfQuoteNeverCloses } from './import-report.ts';
import {
  DECIMAL_COMMA,
  NUMBER,
  UK,
  candidates as coordinateCandidates,
  detectDelimiter,
  normalise,
  planCoordinates,
  type CoordinatePlan,
} from './point-csv.ts';
import { decodeText } from './text-decoding.ts';
import { openFeatureCollection, parseJson } from './geojson.ts';

/*
 * The columns of an NRD list. A header name is matched as point-csv matches it: lower case, letters and
 * digits only ("Site Ref", "site_ref" and "SITE-REF" are all "siteref"). Where a field has several names,
 * the first one listed that the file has is read; unlisted columns (BaNES's radial_group, in_out) are not read.
 * A GeoJSON file gives the same names as feature properties and its position as a Point geometry.
 *
 * | field              | column names, the first found wins                                   | when absent or empty |
 * |--------------------|----------------------------------------------------------------------|----------------------|
 * | reference          | nrd_reference, nrd_ref, nrd_id, site_reference, site_ref,            | no column: the file  |
 * |                    | camera_reference, camera_ref, camera_id, site_id, reference, ref,    | is refused; empty:   |
 * |                    | id, code (but one whose values identify the rows wins, see below)    | the row is rejected  |
 * | name               | site_name, nrd_name, camera_name, name, location_name, location,     | ''                   |
 * |                    | description; the others of these present go to notes ("description:  |                      |
 * |                    | Lansdown")                                                           |                      |
 * | position           | longitude + latitude (WGS84) or easting + northing (BNG), found as   | the row is rejected  |
 * |                    | point-csv finds them; both present: longitude/latitude, the others   |                      |
 * |                    | ignored. GeoJSON: the Point, EPSG:4326 or a declared EPSG:27700      |                      |
 * | bearingDegrees     | bearing_degrees, bearing_deg, bearing, heading, azimuth,             | null (a circle)      |
 * |                    | camera_direction; else direction when its values are numbers         |                      |
 * | directionOfTravel  | direction_of_travel, travel_direction; else direction when its       | ''                   |
 * |                    | values are text (N, Northbound, inbound)                             |                      |
 * | lanes              | lanes, lane_count, number_of_lanes                                   | null                 |
 * | road               | road, road_name, street, street_name; a road_number (road_no) is put | ''                   |
 * |                    | in front of the name ("A4 London Road") unless the name has it       |                      |
 * | rangeMetres        | range_metres, range_meters, range_m, range                           | 100                  |
 * | fieldOfViewDegrees | field_of_view_degrees, field_of_view, fov_degrees, fov               | 30                   |
 * | kind               | kind: existing or proposed                                           | existing; proposed   |
 * |                    |                                                                      | when the status is   |
 * |                    |                                                                      | one before live      |
 * | status             | status, lifecycle_status: a lifecycle status ("under-assessment") or | live; proposed for a |
 * |                    | its label ("Under assessment", "under_assessment")                  | proposed kind        |
 * | forceArea          | force_area, police_force, force                                      | ''                   |
 * | region             | region                                                               | ''                   |
 * | notes              | notes, note, comments, comment                                       | ''                   |
 * | illustrative       | illustrative: true/false, yes/no, 1/0                                | false                |
 *
 * These cover the columns register-export writes (reference, name, kind, status, latitude, longitude, easting,
 * northing, os_grid_reference, bearing_degrees, range_metres, field_of_view_degrees, lanes, direction_of_travel,
 * road, force_area, region, status_changed_on, status_changed_by, status_reason, illustrative, notes), so an
 * export reads back as it was. os_grid_reference repeats the position and the status_changed_* columns describe
 * the register's own history, which an import does not write: they are not read.
 */
const REFERENCE_COLUMNS = [
  'nrd_reference', 'nrd_ref', 'nrd_id', 'site_reference', 'site_ref', 'camera_reference', 'camera_ref', 'camera_id', 'site_id',
  'reference', 'ref', 'id', 'code',
];
const NAME_COLUMNS = ['site_name', 'nrd_name', 'camera_name', 'name', 'location_name', 'location', 'description'];
const BEARING_COLUMNS = ['bearing_degrees', 'bearing_deg', 'bearing', 'heading', 'azimuth', 'camera_direction'];
const TRAVEL_COLUMNS = ['direction_of_travel', 'travel_direction'];
/** Either a bearing or a direction of travel: its values decide. */
const DIRECTION_COLUMN = 'direction';
const LANES_COLUMNS = ['lanes', 'lane_count', 'number_of_lanes'];
const ROAD_COLUMNS = ['road', 'road_name', 'street', 'street_name'];
const ROAD_NUMBER_COLUMNS = ['road_number', 'road_no'];
const RANGE_COLUMNS = ['range_metres', 'range_meters', 'range_m', 'range'];
const FIELD_OF_VIEW_COLUMNS = ['field_of_view_degrees', 'field_of_view', 'fov_degrees', 'fov'];
const KIND_COLUMNS = ['kind'];
const STATUS_COLUMNS = ['status', 'lifecycle_status'];
const FORCE_AREA_COLUMNS = ['force_area', 'police_force', 'force'];
const REGION_COLUMNS = ['region'];
const NOTES_COLUMNS = ['notes', 'note', 'comments', 'comment'];
const ILLUSTRATIVE_COLUMNS = ['illustrative'];

/** What a site is drawn with when the list does not say: a typical ANPR camera's reach and lens. */
const DEFAULT_RANGE_METRES = 100;
const DEFAULT_FIELD_OF_VIEW_DEGREES = 30;
/** The statuses of a site that is not yet a camera: without a kind, these make it a proposed site. */
const BEFORE_LIVE: readonly LifecycleStatus[] = ['proposed', 'under-assessment', 'approved', 'rejected'];
/** Site's own limits, checked here so that the reason names the column rather than a schema path. */
const MAX = { reference: 64, name: 200, directionOfTravel: 100, road: 200, forceArea: 120, region: 120, notes: 5000 };
/**
 * A reference column identifies the rows when at least this share of them have values of their own. A few
 * repeats are typing mistakes to report; a column that repeats throughout (BaNES's "code", a or b for the
 * direction) is not a reference, however good its name.
 */
const IDENTIFYING_SHARE = 0.9;
const PROGRESS_EVERY_ROWS = 1000;

const CSV_EXTENSIONS = ['.csv', '.txt', '.tsv'];
const DELIMITER_NAME: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const GEOJSON_EXTENSIONS = ['.geojson', '.json'];

const REASON = {
  fewer: 'fewer values than the header has columns (the row is cut short)',
  more: (delimiter: string) => `more values than the header has columns (a value with an unquoted ${DELIMITER_NAME[delimiter] ?? delimiter}?)`,
  missingReference: 'missing reference: every NRD site needs its own',
  longReference: `reference longer than ${MAX.reference} characters`,
  duplicateReference: (first: string) => `duplicate reference: ${first} has it already and is kept`,
  missingCoordinate: 'missing coordinate',
  notNumber: 'coordinate is not a number',
  decimalComma: 'not a number: a decimal comma where a decimal point is needed',
  outsideUk: 'outside the UK',
  bearingNotNumber: 'bearing is not a number of degrees clockwise from north',
  bearingRange: 'bearing must be from 0 to 360 degrees',
  rangeNotNumber: 'range is not a number of metres',
  rangeRange: 'range must be more than 0 and at most 5000 metres',
  fieldOfViewNotNumber: 'field of view is not a number of degrees',
  fieldOfViewRange: 'field of view must be more than 0 and at most 360 degrees',
  lanes: 'lanes must be a whole number from 1 to 20',
  kind: 'unknown kind: expected existing or proposed',
  status: `unknown status: expected one of ${LIFECYCLE_STATUSES.join(', ')}`,
  illustrative: 'illustrative must be true or false (or yes or no)',
  tooLong: (field: string, max: number) => `${field} longer than ${max} characters`,
  invalid: (detail: string) => `not a valid site (${detail})`,
  notFeature: 'not a GeoJSON Feature',
  noGeometry: 'no geometry: an NRD site needs a Point',
  notPoint: (type: string) => `geometry is a ${type}, not a Point: an NRD site is one position`,
  notPosition: 'the Point has no position (expected two numbers)',
  notDegrees: 'coordinates are not longitude/latitude in degrees',
  gridWithoutCrs: 'coordinates look like British National Grid metres, but the file does not declare EPSG:27700',
};

/** Words in a file name that say it lists cameras: "anpr-sites", "NRD_register", "alpr.geojson", "cameras". */
const NRD_NAME_WORDS = ['anpr', 'alpr', 'nrd', 'camera'];
/** Columns only a camera list has; with a reference column they mark a file as an NRD list. */
const CAMERA_COLUMNS = new Set(
  [...BEARING_COLUMNS, ...TRAVEL_COLUMNS, ...LANES_COLUMNS, ...FIELD_OF_VIEW_COLUMNS, DIRECTION_COLUMN].map(normalise),
);
const CAMERA_WORD = /camera|nrd|anpr|alpr/;

/** A reason a row cannot be a site, with the column (as named in the file) and value at fault. */
interface Fault {
  column: string;
  value: string;
  reason: string;
}

/** Rows of a file as text under the file's own column names: a CSV as read, GeoJSON properties. */
interface Table {
  header: string[];
  rows: { row: number; values: string[] }[];
}

/** Where each field is read from: a column index in the table, or undefined when the file has none. */
interface ColumnPlan {
  reference: number;
  name: number | undefined;
  /** The other name-like columns (a description beside a name), kept in the notes. */
  moreNames: number[];
  bearing: number | undefined;
  directionOfTravel: number | undefined;
  lanes: number | undefined;
  road: number | undefined;
  roadNumber: number | undefined;
  range: number | undefined;
  fieldOfView: number | undefined;
  kind: number | undefined;
  status: number | undefined;
  forceArea: number | undefined;
  region: number | undefined;
  notes: number | undefined;
  illustrative: number | undefined;
}

interface Position {
  lon: number;
  lat: number;
  enteredAs: EnteredCoordinates;
}

/**
 * An NRD list (existing ANPR cameras or proposed sites) in a CSV: one site per row, read into the register
 * rather than drawn as a layer. Rows that cannot be a site are rejected with their row, column and reason;
 * every good row is kept.
 */
export const nrdListCsvDriver: FormatDriver<ParsedRegister> = {
  id: 'nrd-list-csv',
  label: 'NRD list (CSV) → register',
  readsInto: 'register',
  extensions: CSV_EXTENSIONS,

  // The generic point CSV driver scores 0.5 for any CSV with coordinate columns (0.1 without): an NRD list
  // must beat it, and a list of schools or substations must not.
  detect({ name, head }) {
    if (!CSV_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension))) return 0;
    const header = (Papa.parse<string[]>(head, { delimiter: detectDelimiter(head), preview: 20 }).data.find((row) => !isBlank(row)) ?? []).map((value) =>
      value.trim(),
    );
    if (nameLooksNrd(name) || columnsLookNrd(header)) return 0.75;
    return coordinateCandidates(header).length > 0 ? 0.2 : 0.05;
  },

  async read(source: SourceFile, context: ImportContext): Promise<ParsedRegister> {
    return readCsv(source, context);
  },
};

/**
 * An NRD list as a GeoJSON FeatureCollection of Points, the site's fields as properties (named as in the
 * CSV). An old-style crs member of EPSG:27700 is read as British National Grid metres, as geojson.ts does.
 */
export const nrdListGeoJsonDriver: FormatDriver<ParsedRegister> = {
  id: 'nrd-list-geojson',
  label: 'NRD list (GeoJSON) → register',
  readsInto: 'register',
  extensions: GEOJSON_EXTENSIONS,

  // The generic GeoJSON driver scores 0.9 for a head with "FeatureCollection" and 0.5 for a .geojson name
  // without one: an NRD list must beat both, other GeoJSON must not.
  detect({ name, head }) {
    const lower = name.toLowerCase();
    if (!GEOJSON_EXTENSIONS.some((extension) => lower.endsWith(extension))) return 0;
    const keys = [...head.matchAll(/"([^"\\]{1,64})"\s*:/g)].map((match) => match[1]!);
    const nrd = nameLooksNrd(name) || columnsLookNrd(keys);
    if (/"type"\s*:\s*"FeatureCollection"/.test(head)) return nrd ? 0.95 : 0.2;
    if (lower.endsWith('.geojson')) return nrd ? 0.6 : 0.2;
    return 0.05;
  },

  async read(source: SourceFile, context: ImportContext): Promise<ParsedRegister> {
    return readGeoJson(source, context);
  },
};

function nameLooksNrd(name: string): boolean {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/);
  return words.some((word) => NRD_NAME_WORDS.some((start) => word.startsWith(start)));
}

function columnsLookNrd(names: string[]): boolean {
  const normalised = names.map(normalise);
  const references = new Set(REFERENCE_COLUMNS.map(normalise));
  return normalised.some((name) => references.has(name)) && normalised.some((name) => CAMERA_COLUMNS.has(name) || CAMERA_WORD.test(name));
}

function readCsv(source: SourceFile, context: ImportContext): ParsedRegister {
  const file = source.name;
  const text = decodeText(source.bytes).replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  // A spreadsheet in a continental locale writes "51,3815" and then separates columns with ";": there a
  // comma can only be a decimal one. In a comma-separated file it is refused, as point-csv refuses it.
  const decimalComma = delimiter !== ',';
  const report = new ImportReportBuilder(file);
  context.onProgress({ file, rowsRead: 0, bytesRead: 0, bytesTotal: source.bytes.length });
  const table: Table = { header: [], rows: [] };
  let header: string[] | undefined;
  let row = 0;

  // Blank lines are rows (so that the numbers after them match the file) and are passed over.
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: ({ data, errors }) => {
      row++;
      throwIfQuoteNeverCloses(errors, data, header, row, file);
      if (isBlank(data)) return;
      if (!header) {
        header = data.map((name) => name.trim());
        return;
      }
      if (data.length < header.length) {
        report.rowsRead++;
        return report.reject(row, '', data.join(delimiter), REASON.fewer);
      }
      if (data.length > header.length && !isBlank(data.slice(header.length))) {
        report.rowsRead++;
        return report.reject(row, '', data.join(delimiter), REASON.more(delimiter));
      }
      table.rows.push({ row, values: data.slice(0, header.length).map((value) => unguarded(value.trim())) });
    },
  });
  if (!header) throw new ImportError(file, 'the file is empty: expected a CSV with a header row and one NRD site per row under it');
  table.header = header;
  if (header.length === 1) {
    throw new ImportError(
      file,
      `the header has only one column, "${shorten(header[0]!)}"; an NRD list needs a reference and two coordinate columns, ` +
        'separated by commas, semicolons or tabs',
    );
  }
  if (table.rows.length === 0 && report.rowsRead === 0) throw new ImportError(file, 'the file has a header row but no rows under it');
  const plan = planColumns(table, file, decimalComma);
  if (coordinateCandidates(header).length === 0) {
    throw new ImportError(
      file,
      `no coordinate columns in the header: ${listed(header)}; name them longitude and latitude (WGS84 degrees) ` +
        'or easting and northing (British National Grid metres)',
    );
  }
  const sample = table.rows.map(({ row: at, values }) => ({ row: at, data: values.map((value) => (decimalComma ? pointDecimal(value) : value)) }));
  const coordinates: CoordinatePlan = planCoordinates(header, sample, context.choices.coordinates, file);
  const locate = (values: string[]): Position | Fault => locateCsv(values, header!, coordinates, decimalComma);
  const sites = buildSites(table, plan, locate, report, context, source, { unit: 'row', decimalComma });
  return finish(file, sites, report, coordinates.system === 'bng' ? 'EPSG:27700' : 'EPSG:4326', 'rows');
}

function readGeoJson(source: SourceFile, context: ImportContext): ParsedRegister {
  const file = source.name;
  context.onProgress({ file, rowsRead: 0, bytesRead: 0, bytesTotal: source.bytes.length });
  const { features, sourceCrs } = openFeatureCollection(parseJson(decodeText(source.bytes), file), file);
  const report = new ImportReportBuilder(file);

  const header: string[] = [];
  const columnOf = new Map<string, number>();
  for (const feature of features) {
    for (const key of Object.keys(propertiesOf(feature))) {
      if (!columnOf.has(key)) {
        columnOf.set(key, header.length);
        header.push(key);
      }
    }
  }
  const table: Table = { header, rows: [] };
  const geometries = new Map<number, unknown>();
  features.forEach((raw, index) => {
    const row = index + 1;
    const feature = raw as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null } | null;
    // The feature as a whole first: a line or a stray object is no site whatever its properties say.
    if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') {
      report.rowsRead++;
      const value = typeof feature === 'object' && feature !== null ? String(feature.type ?? 'none') : String(feature);
      return report.reject(row, 'type', value, REASON.notFeature);
    }
    const type = feature.geometry?.type;
    if (typeof type !== 'string') {
      report.rowsRead++;
      return report.reject(row, 'geometry', 'none', REASON.noGeometry);
    }
    if (type !== 'Point') {
      report.rowsRead++;
      return report.reject(row, 'geometry', type, REASON.notPoint(type));
    }
    const values = header.map(() => '');
    for (const [key, value] of Object.entries(propertiesOf(feature))) values[columnOf.get(key)!] = propertyText(value).trim();
    table.rows.push({ row, values });
    geometries.set(row, feature.geometry!.coordinates);
  });
  if (table.rows.length === 0) throw new ImportError(file, nothingImported(report.build(), 'features'));
  const plan = planColumns(table, file, false);
  const sites = buildSites(table, plan, (_values, row) => locateGeoJson(geometries.get(row), sourceCrs), report, context, source, {
    unit: 'feature',
    decimalComma: false,
  });
  return finish(file, sites, report, sourceCrs, 'features');
}

function finish(file: string, sites: ParsedRegister['sites'], report: ImportReportBuilder, sourceCrs: SourceCrs, unit: 'rows' | 'features'): ParsedRegister {
  report.rowsImported = sites.length;
  const built = report.build();
  if (sites.length === 0) throw new ImportError(file, nothingImported(built, unit));
  return { geometry: 'register', sites, sourceCrs, report: built };
}

/** The columns each field is read from, or an ImportError when there is no reference column at all. */
function planColumns(table: Table, file: string, decimalComma: boolean): ColumnPlan {
  const names = table.header.map(normalise);
  const all = (columns: string[]) => columns.flatMap((column) => {
    const index = names.indexOf(normalise(column));
    return index >= 0 ? [index] : [];
  });
  const first = (columns: string[]) => all(columns)[0];

  const references = all(REFERENCE_COLUMNS);
  if (references.length === 0) {
    throw new ImportError(
      file,
      `no reference column: the file has ${listed(table.header)}; name the column that tells the sites apart one of ` +
        `${REFERENCE_COLUMNS.join(', ')} (case, spaces and underscores do not matter)`,
    );
  }
  const reference = references.find((index) => identifiesRows(table, index)) ?? references[0]!;
  const nameColumns = all(NAME_COLUMNS).filter((index) => index !== reference);

  let bearing = first(BEARING_COLUMNS);
  let directionOfTravel = first(TRAVEL_COLUMNS);
  const direction = first([DIRECTION_COLUMN]);
  if (direction !== undefined) {
    if (holdsNumbers(table, direction, decimalComma)) bearing ??= direction;
    else directionOfTravel ??= direction;
  }
  return {
    reference,
    name: nameColumns[0],
    moreNames: nameColumns.slice(1),
    bearing,
    directionOfTravel,
    lanes: first(LANES_COLUMNS),
    road: first(ROAD_COLUMNS),
    roadNumber: first(ROAD_NUMBER_COLUMNS),
    range: first(RANGE_COLUMNS),
    fieldOfView: first(FIELD_OF_VIEW_COLUMNS),
    kind: first(KIND_COLUMNS),
    status: first(STATUS_COLUMNS),
    forceArea: first(FORCE_AREA_COLUMNS),
    region: first(REGION_COLUMNS),
    notes: first(NOTES_COLUMNS),
    illustrative: first(ILLUSTRATIVE_COLUMNS),
  };
}

function identifiesRows(table: Table, column: number): boolean {
  const seen = new Set<string>();
  for (const { values } of table.rows) if (values[column]) seen.add(values[column]);
  return seen.size > 0 && seen.size >= IDENTIFYING_SHARE * table.rows.length;
}

/** Whether most of a column's values are numbers: "direction" is then a bearing, else a direction of travel. */
function holdsNumbers(table: Table, column: number, decimalComma: boolean): boolean {
  let filled = 0;
  let numbers = 0;
  for (const { values } of table.rows) {
    const value = values[column]!;
    if (value === '') continue;
    filled++;
    if (toNumber(value, decimalComma) !== undefined) numbers++;
  }
  return numbers > 0 && numbers * 2 > filled;
}

function buildSites(
  table: Table,
  plan: ColumnPlan,
  locate: (values: string[], row: number) => Position | Fault,
  report: ImportReportBuilder,
  context: ImportContext,
  source: SourceFile,
  options: { unit: 'row' | 'feature'; decimalComma: boolean },
): ParsedRegister['sites'] {
  const sites: ParsedRegister['sites'] = [];
  const keptAt = new Map<string, number>();
  const bytesTotal = source.bytes.length;
  table.rows.forEach(({ row, values }, i) => {
    report.rowsRead++;
    const result = readSite(values, row, table.header, plan, locate, options.decimalComma);
    if ('reason' in result) {
      report.reject(row, result.column, result.value, result.reason);
    } else {
      // Checked last, so that the row kept for a reference is one that imports: a bad first row does not
      // take its reference with it when it is rejected.
      const first = keptAt.get(result.reference);
      if (first !== undefined) {
        report.reject(row, table.header[plan.reference]!, result.reference, REASON.duplicateReference(`${options.unit} ${first}`));
      } else {
        keptAt.set(result.reference, row);
        sites.push({ row, site: result });
      }
    }
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      context.onProgress({ file: source.name, rowsRead: report.rowsRead, bytesRead: Math.round(((i + 1) / table.rows.length) * bytesTotal), bytesTotal });
    }
  });
  context.onProgress({ file: source.name, rowsRead: report.rowsRead, bytesRead: bytesTotal, bytesTotal });
  return sites;
}

/** One row as a site draft, checked against SiteDraft; or the first thing wrong with it. */
function readSite(
  values: string[],
  row: number,
  header: string[],
  plan: ColumnPlan,
  locate: (values: string[], row: number) => Position | Fault,
  decimalComma: boolean,
): SiteDraft | Fault {
  const text = (column: number | undefined) => (column === undefined ? '' : (values[column] ?? ''));
  const fault = (column: number | undefined, reason: string): Fault => ({ column: column === undefined ? '' : header[column]!, value: text(column), reason });

  const reference = text(plan.reference);
  if (reference === '') return fault(plan.reference, REASON.missingReference);
  if (reference.length > MAX.reference) return fault(plan.reference, REASON.longReference);

  const position = locate(values, row);
  if ('reason' in position) return position;

  let bearingDegrees: number | null = null;
  if (text(plan.bearing) !== '') {
    const bearing = toNumber(text(plan.bearing), decimalComma);
    if (bearing === undefined) return fault(plan.bearing, REASON.bearingNotNumber);
    if (!(bearing >= 0 && bearing <= 360)) return fault(plan.bearing, REASON.bearingRange);
    bearingDegrees = bearing === 360 ? 0 : bearing;
  }

  let rangeMetres = DEFAULT_RANGE_METRES;
  if (text(plan.range) !== '') {
    const range = toNumber(text(plan.range), decimalComma);
    if (range === undefined) return fault(plan.range, REASON.rangeNotNumber);
    if (!(range > 0 && range <= 5000)) return fault(plan.range, REASON.rangeRange);
    rangeMetres = range;
  }

  let fieldOfViewDegrees = DEFAULT_FIELD_OF_VIEW_DEGREES;
  if (text(plan.fieldOfView) !== '') {
    const fieldOfView = toNumber(text(plan.fieldOfView), decimalComma);
    if (fieldOfView === undefined) return fault(plan.fieldOfView, REASON.fieldOfViewNotNumber);
    if (!(fieldOfView > 0 && fieldOfView <= 360)) return fault(plan.fieldOfView, REASON.fieldOfViewRange);
    fieldOfViewDegrees = fieldOfView;
  }

  let lanes: number | null = null;
  if (text(plan.lanes) !== '') {
    const count = toNumber(text(plan.lanes), decimalComma);
    if (count === undefined || !Number.isInteger(count) || count < 1 || count > 20) return fault(plan.lanes, REASON.lanes);
    lanes = count;
  }

  let kind: SiteDraft['kind'] | undefined;
  if (text(plan.kind) !== '') {
    const given = text(plan.kind).toLowerCase();
    if (given !== 'existing' && given !== 'proposed') return fault(plan.kind, REASON.kind);
    kind = given;
  }
  let status: LifecycleStatus | undefined;
  if (text(plan.status) !== '') {
    status = STATUS_BY_NAME.get(statusKey(text(plan.status)));
    if (status === undefined) return fault(plan.status, REASON.status);
  }
  kind ??= status !== undefined && BEFORE_LIVE.includes(status) ? 'proposed' : 'existing';
  status ??= kind === 'proposed' ? 'proposed' : 'live';

  let illustrative = false;
  if (text(plan.illustrative) !== '') {
    const given = text(plan.illustrative).toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(given)) illustrative = true;
    else if (!['false', 'no', 'n', '0'].includes(given)) return fault(plan.illustrative, REASON.illustrative);
  }

  const roadName = text(plan.road);
  const roadNumber = text(plan.roadNumber);
  const road = roadNumber !== '' && !roadName.toLowerCase().includes(roadNumber.toLowerCase()) ? `${roadNumber} ${roadName}`.trim() : roadName;
  const notes = [text(plan.notes), ...plan.moreNames.filter((column) => text(column) !== '').map((column) => `${header[column]}: ${text(column)}`)]
    .filter((part) => part !== '')
    .join('\n');

  const fields = [
    ['name', plan.name, text(plan.name)],
    ['direction of travel', plan.directionOfTravel, text(plan.directionOfTravel)],
    ['road', plan.road ?? plan.roadNumber, road],
    ['force area', plan.forceArea, text(plan.forceArea)],
    ['region', plan.region, text(plan.region)],
    ['notes', plan.notes ?? plan.moreNames[0], notes],
  ] as const;
  const limits = [MAX.name, MAX.directionOfTravel, MAX.road, MAX.forceArea, MAX.region, MAX.notes];
  for (const [i, [field, column, value]] of fields.entries()) {
    if (value.length > limits[i]!) return fault(column, REASON.tooLong(field, limits[i]!));
  }

  const draft = SiteDraft.safeParse({
    reference,
    name: text(plan.name),
    kind,
    lon: position.lon,
    lat: position.lat,
    enteredAs: position.enteredAs,
    bearingDegrees,
    rangeMetres,
    fieldOfViewDegrees,
    lanes,
    directionOfTravel: text(plan.directionOfTravel),
    road,
    status,
    forceArea: text(plan.forceArea),
    region: text(plan.region),
    notes,
    illustrative,
  });
  if (!draft.success) {
    const issue = draft.error.issues[0];
    return { column: '', value: '', reason: REASON.invalid(issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown') };
  }
  return draft.data;
}

/** "Under assessment", "under_assessment" and "UNDER-ASSESSMENT" are all "under-assessment". */
const statusKey = (value: string) => value.trim().toLowerCase().replace(/[\s_-]+/g, '-');
const STATUS_BY_NAME = new Map<string, LifecycleStatus>(
  LIFECYCLE_STATUSES.flatMap((status) => [
    [statusKey(status), status],
    [statusKey(STATUS_LABELS[status]), status],
  ]),
);

function locateCsv(values: string[], header: string[], plan: CoordinatePlan, decimalComma: boolean): Position | Fault {
  const aText = values[plan.first] ?? '';
  const bText = values[plan.second] ?? '';
  const aName = header[plan.first]!;
  const bName = header[plan.second]!;
  if (aText === '') return { column: aName, value: '', reason: REASON.missingCoordinate };
  if (bText === '') return { column: bName, value: '', reason: REASON.missingCoordinate };
  const a = toNumber(aText, decimalComma);
  const b = toNumber(bText, decimalComma);
  const notNumber = (value: string) => (DECIMAL_COMMA.test(value) ? REASON.decimalComma : REASON.notNumber);
  if (a === undefined) return { column: aName, value: aText, reason: notNumber(aText) };
  if (b === undefined) return { column: bName, value: bText, reason: notNumber(bText) };
  const position: Position =
    plan.system === 'bng'
      ? { ...bngToWgs84({ easting: a, northing: b }), enteredAs: { crs: 'EPSG:27700', easting: a, northing: b } }
      : { lon: a, lat: b, enteredAs: { crs: 'EPSG:4326', lon: a, lat: b } };
  // Written so that NaN (a grid position proj4 cannot invert) fails too.
  if (!(position.lon >= UK.west && position.lon <= UK.east)) return { column: aName, value: aText, reason: REASON.outsideUk };
  if (!(position.lat >= UK.south && position.lat <= UK.north)) return { column: bName, value: bText, reason: REASON.outsideUk };
  return position;
}

function locateGeoJson(coordinates: unknown, crs: SourceCrs): Position | Fault {
  const isPosition = Array.isArray(coordinates) && coordinates.length >= 2 && coordinates.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!isPosition) return { column: 'geometry', value: shorten(JSON.stringify(coordinates) ?? 'none'), reason: REASON.notPosition };
  const [x, y] = coordinates as [number, number];
  const value = `[${(coordinates as number[]).join(', ')}]`;
  let position: Position;
  if (crs === 'EPSG:27700') {
    position = { ...bngToWgs84({ easting: x, northing: y }), enteredAs: { crs: 'EPSG:27700', easting: x, northing: y } };
  } else {
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      const looksLikeGrid = Math.abs(x) > 180 && Math.abs(y) > 90 && isWithinNationalGrid({ easting: x, northing: y });
      return { column: 'geometry', value, reason: looksLikeGrid ? REASON.gridWithoutCrs : REASON.notDegrees };
    }
    position = { lon: x, lat: y, enteredAs: { crs: 'EPSG:4326', lon: x, lat: y } };
  }
  const inUk = position.lon >= UK.west && position.lon <= UK.east && position.lat >= UK.south && position.lat <= UK.north;
  return inUk ? position : { column: 'geometry', value, reason: REASON.outsideUk };
}

function propertiesOf(feature: unknown): Record<string, unknown> {
  const properties = (feature as { properties?: unknown } | null)?.properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Record<string, unknown>) : {};
}

/** A property as the text a CSV cell would hold: GeoJSON gives numbers and booleans as themselves. */
function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A plain decimal (point-csv's NUMBER); with `decimalComma`, "51,3815" too. */
function toNumber(value: string, decimalComma: boolean): number | undefined {
  if (NUMBER.test(value)) return Number(value);
  if (decimalComma && DECIMAL_COMMA.test(value)) return Number(value.replace(',', '.'));
  return undefined;
}

/**
 * register-export guards text that a spreadsheet would run as a formula (= + - @ at the start) with a leading
 * apostrophe; reading the export back takes the guard off again, so "-R1" stays "-R1".
 */
const unguarded = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

const pointDecimal = (value: string) => (DECIMAL_COMMA.test(value) ? value.replace(',', '.') : value);

function listed(header: string[]): string {
  return header.slice(0, 12).map((name) => `"${shorten(name)}"`).join(', ') + (header.length > 12 ? ` and ${header.length - 12} more` : '');
}

function shorten(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

function isBlank(data: string[]): boolean {
  return data.every((value) => value.trim() === '');
}
