/**
 * Hot spots: the places with the most crime, for "share of hot spots covered" and the list of gaps.
 *
 * Definitions:
 * - Places are LSOAs (the layer's `lsoaCode` column, as police.uk gives it) when the layer has one, or
 *   else, or when asked (`by: 'grid'`), the squares of a regular British National Grid of `cellMetres`
 *   (250 m by default) aligned to the grid's origin, so the same square always has the same name.
 * - A place's count is its crimes passing the filter, with a grid position (a crime police.uk could not
 *   map is in no place). A crime with an empty LSOA code is in no LSOA.
 * - Only places with at least one such crime take part: the grid has as many empty squares as its
 *   extent, and an LSOA without crime is not in a crime file, so neither can be counted. Of the n
 *   places taking part, the hot spots are the top `topFraction` (a tenth, the top decile, by default):
 *   the count of the ceil(topFraction × n)-th place, most first, is the threshold, and every place with
 *   at least that many crimes is hot, so places tied at the threshold are all in. A place without crime
 *   is never hot.
 * - A grid hot spot is named by its south-west corner, as OS grid squares are ('grid 250 m E375000
 *   N164000'), and placed at its centre; an LSOA hot spot is named by its code and placed at the mean
 *   grid position of its crimes.
 * - A hot spot is covered when at least one of its crimes is inside the coverage (see hotSpotCoverage).
 */
import type { CrimeLayer } from './crime-coverage.ts';
import { passingRows, type PointFilter } from './point-filter.ts';

export interface HotSpot {
  /** The LSOA code, or the grid square: 'grid 250 m E375000 N164000' (its south-west corner). */
  id: string;
  kind: 'lsoa' | 'grid';
  crimes: number;
  /** British National Grid metres: an LSOA's mean crime position, a grid square's centre. */
  easting: number;
  northing: number;
  /** The hot spot's crimes' row numbers in the layer, ascending. */
  rows: Uint32Array;
}

export interface HotSpotOptions {
  /** 'lsoa' when the layer has an lsoaCode column (else the grid), or 'grid'. */
  by?: 'lsoa' | 'grid';
  /** The grid square's side, in metres: 250 by default. */
  cellMetres?: number;
  /** The share of places (with crime) that are hot: 0.1, the top decile, by default. */
  topFraction?: number;
}

export const DEFAULT_CELL_METRES = 250;
export const DEFAULT_TOP_FRACTION = 0.1;
/** Rows without a position are indexed far outside the grid (point-index.ts); anything below this is one. */
const UNLOCATED = -1e8;

/** The hot spots of a crime layer under a filter, most crimes first (ties by id). */
export function hotSpots(layer: CrimeLayer, filter: PointFilter | null, options: HotSpotOptions = {}): HotSpot[] {
  const cellMetres = options.cellMetres ?? DEFAULT_CELL_METRES;
  const topFraction = options.topFraction ?? DEFAULT_TOP_FRACTION;
  if (!(cellMetres > 0) || !Number.isFinite(cellMetres)) throw new RangeError(`cellMetres must be a positive number of metres, not ${cellMetres}`);
  if (!(topFraction > 0 && topFraction <= 1)) throw new RangeError(`topFraction must be more than 0 and at most 1, not ${topFraction}`);
  const lsoa = layer.columns.attributes.lsoaCode;
  const pass = passingRows(layer.columns, filter);
  const { easting, northing } = layer.grid;
  if (options.by !== 'grid' && lsoa?.kind === 'dictionary') {
    // Each row's place is its LSOA's dictionary code; the empty code is no place.
    const empty = lsoa.dictionary.indexOf('');
    const placeOf = (row: number) => {
      const code = lsoa.codes[row]!;
      return code === empty ? -1 : code;
    };
    return rank(layer, pass, lsoa.dictionary.length, placeOf, topFraction, (code, rows) => {
      let sumE = 0;
      let sumN = 0;
      for (const row of rows) {
        sumE += easting[row]!;
        sumN += northing[row]!;
      }
      return { id: lsoa.dictionary[code]!, kind: 'lsoa', easting: sumE / rows.length, northing: sumN / rows.length };
    });
  }
  // Grid squares are numbered as they are first met; their column and row are kept to name them.
  const squareOf = new Map<number, number>();
  const column: number[] = [];
  const line: number[] = [];
  const placeByRow = new Int32Array(layer.columns.count).fill(-1);
  for (let row = 0; row < layer.columns.count; row++) {
    if (pass[row] === 0 || !(easting[row]! > UNLOCATED)) continue;
    const ix = Math.floor(easting[row]! / cellMetres);
    const iy = Math.floor(northing[row]! / cellMetres);
    // Unique while |iy| < 2^25 squares (8,000 km of 250 m squares) and |ix| < 2^27.
    const key = ix * 2 ** 26 + (iy + 2 ** 25);
    let square = squareOf.get(key);
    if (square === undefined) {
      square = column.length;
      squareOf.set(key, square);
      column.push(ix);
      line.push(iy);
    }
    placeByRow[row] = square;
  }
  return rank(layer, pass, column.length, (row) => placeByRow[row]!, topFraction, (square) => ({
    id: `grid ${cellMetres} m E${column[square]! * cellMetres} N${line[square]! * cellMetres}`,
    kind: 'grid',
    easting: (column[square]! + 0.5) * cellMetres,
    northing: (line[square]! + 0.5) * cellMetres,
  }));
}

/** Counts each place's crimes, picks the hot ones (ties at the threshold in) and gathers their rows. */
function rank(
  layer: CrimeLayer,
  pass: Uint8Array,
  places: number,
  placeOf: (row: number) => number,
  topFraction: number,
  describe: (place: number, rows: Uint32Array) => Pick<HotSpot, 'id' | 'kind' | 'easting' | 'northing'>,
): HotSpot[] {
  const count = layer.columns.count;
  const { easting } = layer.grid;
  const crimes = new Uint32Array(places);
  for (let row = 0; row < count; row++) {
    if (pass[row] === 0 || !(easting[row]! > UNLOCATED)) continue;
    const place = placeOf(row);
    if (place >= 0) crimes[place]!++;
  }
  const withCrime = Array.from(crimes).filter((n) => n > 0).sort((a, b) => b - a);
  if (withCrime.length === 0) return [];
  const threshold = withCrime[Math.ceil(topFraction * withCrime.length) - 1]!;
  const rows = new Map<number, Uint32Array>();
  for (let place = 0; place < places; place++) if (crimes[place]! >= threshold && crimes[place]! > 0) rows.set(place, new Uint32Array(crimes[place]!));
  const filled = new Uint32Array(places);
  for (let row = 0; row < count; row++) {
    if (pass[row] === 0 || !(easting[row]! > UNLOCATED)) continue;
    const place = placeOf(row);
    const list = place >= 0 ? rows.get(place) : undefined;
    if (list) list[filled[place]!++] = row;
  }
  const spots: HotSpot[] = [];
  for (const [place, list] of rows) spots.push({ ...describe(place, list), crimes: list.length, rows: list });
  return spots.sort(byCrimes);
}

export const byCrimes = (a: HotSpot, b: HotSpot): number => b.crimes - a.crimes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface HotSpotCoverage {
  /** Hot spots with at least one covered crime. */
  covered: number;
  total: number;
  /** covered / total; 0 when there are no hot spots. */
  share: number;
  /** The hot spots' crimes that are themselves inside the coverage (not all the crimes of covered hot spots). */
  crimesInHotSpotsCovered: number;
  /** The gaps: hot spots with no covered crime, most crimes first. */
  uncovered: HotSpot[];
}

/**
 * How many hot spots a coverage reaches. A hot spot is covered when at least one of its crimes is
 * covered: a camera sees the traffic of the place, not each crime's doorstep. `coveredRows` are row
 * numbers (crimeCoverage's `rows`) of a layer of `layerRowCount` rows.
 */
/** Which hot spot each row is in (-1 for none), made once per list of hot spots. */
const spotOfRowCache = new WeakMap<HotSpot[], Int32Array>();
function hotSpotOfRow(spots: HotSpot[], layerRowCount: number): Int32Array {
  let spotOfRow = spotOfRowCache.get(spots);
  if (spotOfRow?.length !== layerRowCount) {
    spotOfRow = new Int32Array(layerRowCount).fill(-1);
    spots.forEach((spot, i) => spot.rows.forEach((row) => (spotOfRow![row] = i)));
    spotOfRowCache.set(spots, spotOfRow);
  }
  return spotOfRow;
}

export function hotSpotCoverage(spots: HotSpot[], coveredRows: Uint32Array, layerRowCount: number): HotSpotCoverage {
  // Work goes with the crimes covered, not with the layer: one site is asked about on every drag step.
  const spotOfRow = hotSpotOfRow(spots, layerRowCount);
  const coveredPerSpot = new Uint32Array(spots.length);
  for (const row of coveredRows) {
    const spot = spotOfRow[row]!;
    if (spot >= 0) coveredPerSpot[spot]!++;
  }
  let coveredSpots = 0;
  let crimesInHotSpotsCovered = 0;
  const uncovered: HotSpot[] = [];
  spots.forEach((spot, i) => {
    const n = coveredPerSpot[i]!;
    crimesInHotSpotsCovered += n;
    if (n > 0) coveredSpots++;
    else uncovered.push(spot);
  });
  return { covered: coveredSpots, total: spots.length, share: spots.length > 0 ? coveredSpots / spots.length : 0, crimesInHotSpotsCovered, uncovered: uncovered.sort(byCrimes) };
}
