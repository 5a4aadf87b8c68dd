/**
 * Crime coverage: the crimes inside one NRD's coverage, or inside any of a set of them, counted in
 * British National Grid metres (the plane every figure is counted in; docs/planar-vs-geodesic.md says
 * why, and how far a geodesic count differs).
 *
 * - A crime is covered when `coverageContains` says its grid position is inside the coverage: within
 *   the range, the edge included, and within the sector's angle (any angle for a circle).
 * - For a set of sites the crimes are the union: a crime inside two overlapping sectors counts once.
 * - Only crimes passing the filter (the map's crime types and month range, `PointFilter`) count, and
 *   the share is of the layer's crimes passing the same filter, located or not.
 *
 * Speed: the layer's kdbush index (built at import) is walked directly with the sector's bounding box,
 * not the circle's (a 60° sector's box is about a quarter of it), and each candidate is tested where it
 * lies in the index, against per-layer copies of its crime type and filter flag in the index's order,
 * so the walk reads memory in sequence. The angle is tested with two cross products; only a crime
 * within 10^-9 radians of a sector's edge is decided by `coverageContains` itself, so the counts are
 * those of `coverageContains` exactly.
 */
import type { PointColumns } from '../domain/point-columns.ts';
import { monthLabel } from '../domain/point-columns.ts';
import { coverageContains, gridPoints, type CoverageArea, type GridPoints } from '../geo/coverage-area.ts';
import { passingRows, type PointFilter } from './point-filter.ts';

/** A crime layer ready to count: its columns, and its rows' grid positions with their index. */
export interface CrimeLayer {
  columns: PointColumns;
  grid: GridPoints;
}

export interface TypeCount {
  type: string;
  crimes: number;
}

export interface CrimeCoverage {
  /** Crimes inside the coverage (any of the areas), each once. */
  crimes: number;
  /** By crime type, most first; types with none left out. Empty when the layer has no type column. */
  byType: TypeCount[];
  /** By month (YYYY-MM), earliest first; months with none left out. Empty when the layer has no month column. */
  byMonth: { month: string; crimes: number }[];
  /** The covered crimes' row numbers in the layer, ascending: the drill-down to the records. */
  rows: Uint32Array;
  /** All crimes of the layer passing the filter. */
  layerCrimes: number;
  /** crimes / layerCrimes; 0 for an empty layer. */
  shareOfLayer: number;
}

/** The dictionary column counted as the crime type (data.police.uk's "Crime type"). */
export const CRIME_TYPE_COLUMN = 'crimeType';

export function crimeLayer(columns: PointColumns, indexData: ArrayBuffer): CrimeLayer {
  const layer = { columns, grid: gridPoints(indexData) };
  prepared(layer);
  return layer;
}

export function crimeCoverage(layer: CrimeLayer, areas: CoverageArea[], filter: PointFilter | null): CrimeCoverage {
  const { rows, layerCrimes } = coveredRows(layer, areas, filter);
  const crimes = rows.length;
  return { crimes, byType: countByType(layer, rows), byMonth: countByMonth(layer.columns, rows), rows, layerCrimes, shareOfLayer: layerCrimes > 0 ? crimes / layerCrimes : 0 };
}

/** The row numbers (ascending) of the crimes inside any of the areas, each once, without the breakdowns. */
export function coveredRows(layer: CrimeLayer, areas: CoverageArea[], filter: PointFilter | null): { rows: Uint32Array; layerCrimes: number } {
  const p = prepared(layer);
  const { pass, layerCrimes } = filtered(p, layer.columns, filter);
  const count = layer.columns.count;
  const seen = scratchBitmap(count);
  const found = scratchRows(count);
  let crimes = 0;
  for (const area of areas) {
    const hits = collect(p, area, pass);
    for (let k = 0; k < hits; k++) {
      const row = p.ids[p.positions[k]!]!;
      if (seen[row] === 1) continue;
      seen[row] = 1;
      found[crimes++] = row;
    }
  }
  const rows = found.slice(0, crimes).sort();
  // Cleared where it was set, not wholesale: a 10^6-row bitmap is a megabyte to zero for a handful of rows.
  for (let k = 0; k < crimes; k++) seen[found[k]!] = 0;
  return { rows, layerCrimes };
}

/**
 * Each area's own crimes by type, not a union: the per-site table (one row a site, one column a crime
 * type) that the command line writes and the benchmark times. `byType[site * types.length + t]` is
 * site's count of `types[t]`; `crimes[site]` its total.
 */
export function coverageCountsBySite(layer: CrimeLayer, areas: CoverageArea[], filter: PointFilter | null): { types: string[]; crimes: Uint32Array; byType: Uint32Array } {
  const p = prepared(layer);
  const { pass } = filtered(p, layer.columns, filter);
  const types = p.types;
  const width = types.length;
  const crimes = new Uint32Array(areas.length);
  const byType = new Uint32Array(areas.length * width);
  const typeAt = p.typeByPosition;
  const positions = p.positions;
  for (let s = 0; s < areas.length; s++) {
    const hits = collect(p, areas[s]!, pass);
    crimes[s] = hits;
    if (typeAt === null) continue;
    const offset = s * width;
    for (let k = 0; k < hits; k++) byType[offset + typeAt[positions[k]!]!]!++;
  }
  return { types, crimes, byType };
}

/** The given rows' crimes by type, most first (ties by name); types with none left out. */
export function countByType(layer: CrimeLayer, rows: ArrayLike<number>): TypeCount[] {
  const column = layer.columns.attributes[prepared(layer).typeColumn];
  if (column?.kind !== 'dictionary') return [];
  const perCode = new Uint32Array(column.dictionary.length);
  for (let k = 0; k < rows.length; k++) perCode[column.codes[rows[k]!]!]!++;
  const counts: TypeCount[] = [];
  perCode.forEach((crimes, code) => {
    if (crimes > 0) counts.push({ type: column.dictionary[code]!, crimes });
  });
  return counts.sort((a, b) => b.crimes - a.crimes || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function countByMonth(columns: PointColumns, rows: Uint32Array): { month: string; crimes: number }[] {
  const column = columns.attributes.month;
  if (column?.kind !== 'month') return [];
  const perMonth = new Map<number, number>();
  for (const row of rows) perMonth.set(column.values[row]!, (perMonth.get(column.values[row]!) ?? 0) + 1);
  return [...perMonth].sort((a, b) => a[0] - b[0]).map(([month, crimes]) => ({ month: monthLabel(month), crimes }));
}

/** What a layer keeps for counting, in the order of its index's positions (not its rows). */
interface Prepared {
  ids: Uint16Array | Uint32Array;
  coords: Float64Array;
  nodeSize: number;
  typeColumn: string;
  types: string[];
  /** The crime type's dictionary code at each index position. */
  typeByPosition: Uint16Array | Uint32Array | null;
  /** The last few filters' flags by index position (null: every crime passes) and their layer totals. */
  filters: Map<string, { pass: Uint8Array | null; layerCrimes: number }>;
  /** Where `collect` writes the index positions it finds. */
  positions: Uint32Array;
}

const preparedLayers = new WeakMap<CrimeLayer, Prepared>();
/** A filter's flags are a megabyte at 10^6 crimes: a few are kept, for switching back and forth. */
const FILTERS_KEPT = 4;

function prepared(layer: CrimeLayer): Prepared {
  const known = preparedLayers.get(layer);
  if (known) return known;
  const { index } = layer.grid;
  const ids = index.ids;
  // buildPointIndex stores Float64 metres; any other index is read into them once.
  const coords = index.coords instanceof Float64Array ? index.coords : Float64Array.from(index.coords);
  const column = layer.columns.attributes[CRIME_TYPE_COLUMN];
  let typeByPosition: Uint16Array | Uint32Array | null = null;
  if (column?.kind === 'dictionary') {
    typeByPosition = column.dictionary.length <= 0x10000 ? new Uint16Array(ids.length) : new Uint32Array(ids.length);
    for (let i = 0; i < ids.length; i++) typeByPosition[i] = column.codes[ids[i]!]!;
  }
  const made: Prepared = {
    ids,
    coords,
    nodeSize: index.nodeSize,
    typeColumn: CRIME_TYPE_COLUMN,
    types: column?.kind === 'dictionary' ? column.dictionary : [],
    typeByPosition,
    filters: new Map(),
    positions: new Uint32Array(ids.length),
  };
  preparedLayers.set(layer, made);
  return made;
}

function filterKey(filter: PointFilter | null): string {
  if (filter === null) return 'all';
  return JSON.stringify([filter.categoryColumn, [...filter.excludedCategories].sort(), filter.fromMonth, filter.toMonth]);
}

function filtered(p: Prepared, columns: PointColumns, filter: PointFilter | null): { pass: Uint8Array | null; layerCrimes: number } {
  const key = filterKey(filter);
  const known = p.filters.get(key);
  if (known) {
    // Most recently used last, so the oldest is the one let go.
    p.filters.delete(key);
    p.filters.set(key, known);
    return known;
  }
  let made: { pass: Uint8Array | null; layerCrimes: number };
  if (filter === null) {
    made = { pass: null, layerCrimes: columns.count };
  } else {
    const byRow = passingRows(columns, filter);
    const pass = new Uint8Array(p.ids.length);
    let layerCrimes = 0;
    for (let row = 0; row < byRow.length; row++) layerCrimes += byRow[row]!;
    for (let i = 0; i < pass.length; i++) pass[i] = byRow[p.ids[i]!]!;
    made = { pass, layerCrimes };
  }
  p.filters.set(key, made);
  if (p.filters.size > FILTERS_KEPT) p.filters.delete(p.filters.keys().next().value!);
  return made;
}

let bitmap = new Uint8Array(0);
let rowBuffer = new Uint32Array(0);

/** A zeroed bitmap of at least `size` rows, shared between calls and left zeroed by each. */
function scratchBitmap(size: number): Uint8Array {
  if (bitmap.length < size) bitmap = new Uint8Array(size);
  return bitmap;
}

function scratchRows(size: number): Uint32Array {
  if (rowBuffer.length < size) rowBuffer = new Uint32Array(size);
  return rowBuffer;
}

/** Below this, a crime's cross product with a sector edge is too close to call by it: 10^-9 radians. */
const EDGE_BAND = 1e-9;

/**
 * Writes into p.positions the index positions of the crimes inside `area` that pass the filter, and
 * returns how many. kdbush's own walk (range/within) is followed, with the sector's bounding box.
 */
function collect(p: Prepared, area: CoverageArea, pass: Uint8Array | null): number {
  const { ids, coords, nodeSize, positions } = p;
  const cx = area.easting;
  const cy = area.northing;
  const r2 = area.radiusMetres * area.radiusMetres;
  const [minX, minY, maxX, maxY] = boundingBox(area);
  const sector = area.sector;
  // Unit vectors of the sector's first and last edges; a grid bearing b points along (sin b, cos b).
  let sx = 0;
  let sy = 0;
  let ex = 0;
  let ey = 0;
  const wide = sector !== null && sector.spanDegrees > 180;
  if (sector) {
    const start = (sector.startGridDegrees * Math.PI) / 180;
    const end = ((sector.startGridDegrees + sector.spanDegrees) * Math.PI) / 180;
    sx = Math.sin(start);
    sy = Math.cos(start);
    ex = Math.sin(end);
    ey = Math.cos(end);
  }
  let found = 0;
  const stack = STACK;
  stack[0] = 0;
  stack[1] = ids.length - 1;
  stack[2] = 0;
  let sp = 3;
  while (sp > 0) {
    const axis = stack[--sp]!;
    const right = stack[--sp]!;
    const left = stack[--sp]!;
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i++) {
        const x = coords[2 * i]!;
        const y = coords[2 * i + 1]!;
        if (x < minX || x > maxX || y < minY || y > maxY) continue;
        if (pass !== null && pass[i] === 0) continue;
        if (inside(x - cx, y - cy)) positions[found++] = i;
      }
      continue;
    }
    const m = (left + right) >> 1;
    const x = coords[2 * m]!;
    const y = coords[2 * m + 1]!;
    if (x >= minX && x <= maxX && y >= minY && y <= maxY && (pass === null || pass[m] === 1) && inside(x - cx, y - cy)) positions[found++] = m;
    if (axis === 0 ? minX <= x : minY <= y) {
      stack[sp++] = left;
      stack[sp++] = m - 1;
      stack[sp++] = 1 - axis;
    }
    if (axis === 0 ? maxX >= x : maxY >= y) {
      stack[sp++] = m + 1;
      stack[sp++] = right;
      stack[sp++] = 1 - axis;
    }
  }
  return found;

  function inside(dx: number, dy: number): boolean {
    if (dx * dx + dy * dy > r2) return false;
    if (sector === null) return true;
    // Negative when the crime lies clockwise of the first edge, and the last edge clockwise of the crime.
    const afterStart = sx * dy - sy * dx;
    const beforeEnd = dx * ey - dy * ex;
    const band = EDGE_BAND * (Math.abs(dx) + Math.abs(dy));
    if (Math.abs(afterStart) <= band || Math.abs(beforeEnd) <= band) return coverageContains(area, cx + dx, cy + dy);
    return wide ? afterStart < 0 || beforeEnd < 0 : afterStart < 0 && beforeEnd < 0;
  }
}

/** Three numbers a level of the walk, as kdbush keeps them; deep enough for 2^32 points. */
const STACK = new Uint32Array(96 * 2);

/** The smallest grid-aligned box around the coverage: apex, both arc ends and any compass point the arc passes. */
export function boundingBox(area: CoverageArea): [number, number, number, number] {
  const r = area.radiusMetres;
  const { easting: x, northing: y, sector } = area;
  if (sector === null || sector.spanDegrees >= 360) return [x - r, y - r, x + r, y + r];
  let minX = x;
  let minY = y;
  let maxX = x;
  let maxY = y;
  const extend = (degrees: number) => {
    const px = x + r * Math.sin((degrees * Math.PI) / 180);
    const py = y + r * Math.cos((degrees * Math.PI) / 180);
    minX = Math.min(minX, px);
    maxX = Math.max(maxX, px);
    minY = Math.min(minY, py);
    maxY = Math.max(maxY, py);
  };
  extend(sector.startGridDegrees);
  extend(sector.startGridDegrees + sector.spanDegrees);
  for (const compass of [0, 90, 180, 270]) if ((compass - sector.startGridDegrees + 360) % 360 <= sector.spanDegrees) extend(compass);
  // Rounding in sin/cos must never cut off a crime on the arc: a millimetre's margin, tested exactly inside.
  return [minX - 1e-3, minY - 1e-3, maxX + 1e-3, maxY + 1e-3];
}
