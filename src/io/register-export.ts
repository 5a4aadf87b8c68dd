import type { FeatureCollection, Point } from 'geojson';
import Papa from 'papaparse';
import type { Site } from '../domain/site.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';
import { figureRows } from '../analysis/figures-table.ts';
import type { SiteFigures } from '../analysis/site-figures.ts';

/** The register's columns, in the order of the CSV; the GeoJSON properties have the same names. */
export const REGISTER_COLUMNS = [
  'reference',
  'name',
  'kind',
  'status',
  'latitude',
  'longitude',
  'easting',
  'northing',
  'os_grid_reference',
  'bearing_degrees',
  'range_metres',
  'field_of_view_degrees',
  'lanes',
  'direction_of_travel',
  'road',
  'force_area',
  'region',
  'status_changed_on',
  'status_changed_by',
  'status_reason',
  'illustrative',
  'notes',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

/** One site as the register exports it: numbers stay numbers, and a missing value is null. */
export type RegisterRow = {
  reference: string;
  name: string;
  kind: Site['kind'];
  status: Site['status'];
  /** WGS84 degrees to 6 decimal places (about 0.1 m), more than a position on a road can be placed to. */
  latitude: number;
  longitude: number;
  /** British National Grid metres, rounded to the metre: the Helmert transformation is good to about 5 m. */
  easting: number;
  northing: number;
  /** 10 figures (1 m); null for a site off the National Grid. */
  os_grid_reference: string | null;
  bearing_degrees: number | null;
  range_metres: number;
  field_of_view_degrees: number;
  lanes: number | null;
  direction_of_travel: string;
  road: string;
  force_area: string;
  region: string;
  /** From the latest status change (YYYY-MM-DD, the day it took effect); null when the status never changed. */
  status_changed_on: string | null;
  status_changed_by: string | null;
  status_reason: string | null;
  illustrative: boolean;
  notes: string;
};

// A compile-time check that the row and the column list name the same fields.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : false;
const rowMatchesColumns: SameKeys<RegisterRow, RegisterColumn> = true;
void rowMatchesColumns;

/** "S2" before "S10", as an analyst reads references; ties fall back to code points so the order is stable. */
const referenceOrder = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

function byReference(a: Site, b: Site): number {
  return (
    referenceOrder.compare(a.reference, b.reference) ||
    (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function roundTo(value: number, decimals: number): number {
  // Through toFixed, so the number and the CSV text (written with toFixed) are the same decimal.
  return Number(value.toFixed(decimals));
}

function registerRow(site: Site): RegisterRow {
  const grid = wgs84ToBng(site);
  const lastChange = site.statusHistory.at(-1);
  return {
    reference: site.reference,
    name: site.name,
    kind: site.kind,
    status: site.status,
    latitude: roundTo(site.lat, 6),
    longitude: roundTo(site.lon, 6),
    easting: Math.round(grid.easting),
    northing: Math.round(grid.northing),
    // From the unrounded position: a grid reference names the 1 m square the point is in (OS truncates).
    os_grid_reference: formatOsGridReference(grid.easting, grid.northing, 10),
    bearing_degrees: site.bearingDegrees,
    range_metres: site.rangeMetres,
    field_of_view_degrees: site.fieldOfViewDegrees,
    lanes: site.lanes,
    direction_of_travel: site.directionOfTravel,
    road: site.road,
    force_area: site.forceArea,
    region: site.region,
    status_changed_on: lastChange?.date ?? null,
    status_changed_by: lastChange?.by ?? null,
    status_reason: lastChange?.reason ?? null,
    illustrative: site.illustrative,
    notes: site.notes,
  };
}

function registerRows(sites: readonly Site[]): RegisterRow[] {
  return [...sites].sort(byReference).map(registerRow);
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab or CR, which some strip first) as a formula, and
 * free text here comes from analysts and imported files. OWASP's remedy: a leading apostrophe, which
 * spreadsheets show as text. Papa's own escapeFormulae misses a value with a line break in it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text: empty for null, numbers as they are, text guarded against running as a formula. */
export function csvValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Numbers are never guarded: a longitude of -2.36 must stay a number in the spreadsheet.
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | boolean | null, column: RegisterColumn): string {
  if (typeof value === 'number' && (column === 'latitude' || column === 'longitude')) return value.toFixed(6);
  return csvValue(value);
}

/**
 * A CSV file (RFC 4180: CRLF after every row, the last too) from a header and cells already written by csvValue.
 * No byte order mark: a caller saving it for Excel may prepend "\uFEFF" so that non-ASCII names survive.
 */
export function csvDocument(fields: readonly string[], cells: string[][]): string {
  const csv = Papa.unparse({ fields: [...fields], data: cells }, { newline: '\r\n' });
  // Papa ends a header-only file with a line break but not one with rows: end every file the same way.
  return csv.endsWith('\r\n') ? csv : `${csv}\r\n`;
}

/** A site's evidence figures as extra columns (figureRows in analysis/figures-table.ts), by reference. */
export interface FigureColumns {
  columns: string[];
  byReference: ReadonlyMap<string, Record<string, string | number | null>>;
}

/** Every site's figures as export columns, or null while any site's cannot be worked out yet (layers still being read). */
export function registerFigureColumns(sites: readonly Site[], figuresOf: (site: Site) => SiteFigures | null): FigureColumns | null {
  const entries = [];
  for (const site of sites) {
    const figures = figuresOf(site);
    if (!figures) return null;
    entries.push({ siteId: site.id, reference: site.reference, figures });
  }
  const { columns, rows } = figureRows(entries);
  return { columns, byReference: new Map(rows.map((row) => [String(row.reference), row])) };
}

/** The figure columns a register row carries, the site's identity left out: the register row has it already. */
function figureCells(figures: FigureColumns | undefined, reference: string): Record<string, string | number | null> {
  if (!figures) return {};
  const row = figures.byReference.get(reference);
  return Object.fromEntries(figureColumnNames(figures).map((column) => [column, row?.[column] ?? null]));
}

const figureColumnNames = (figures: FigureColumns) => figures.columns.filter((column) => column !== 'site_id' && column !== 'reference');

/** The register as CSV (see csvDocument), one row per site sorted by reference; with `figures`, each site's evidence figures after. */
export function registerCsv(sites: readonly Site[], figures?: FigureColumns): string {
  const extra = figures ? figureColumnNames(figures) : [];
  return csvDocument(
    [...REGISTER_COLUMNS, ...extra],
    registerRows(sites).map((row) => {
      const cells = figureCells(figures, row.reference);
      return [...REGISTER_COLUMNS.map((column) => csvCell(row[column], column)), ...extra.map((column) => csvValue(cells[column] ?? null))];
    }),
  );
}

/**
 * The register as GeoJSON (RFC 7946: WGS84 [lon, lat]), one Point per site sorted by reference, with the
 * CSV's columns as properties (and the figures, when given). Text is as entered: GeoJSON goes to a GIS,
 * not a spreadsheet, so it carries no formula guard.
 */
export function registerGeoJson(sites: readonly Site[], figures?: FigureColumns): FeatureCollection<Point, RegisterRow> {
  return {
    type: 'FeatureCollection',
    features: registerRows(sites).map((row) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.longitude, row.latitude] },
      properties: { ...row, ...figureCells(figures, row.reference) },
    })),
  };
}

const MAX_SLUG_LENGTH = 60;

/**
 * "nrd-register-avon-and-somerset-2026-11-25.csv": a name safe on every file system, dated with the local
 * calendar day (the analyst's "today", not UTC's).
 */
export function registerFileName(workspaceName: string, date: Date, extension: 'csv' | 'geojson'): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('registerFileName needs a valid date');
  const slug =
    workspaceName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, MAX_SLUG_LENGTH)
      .replace(/^-+|-+$/g, '') || 'workspace';
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part, index) =>
    String(part).padStart(index === 0 ? 4 : 2, '0'),
  );
  return `nrd-register-${slug}-${day.join('-')}.${extension}`;
}
