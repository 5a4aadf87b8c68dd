import type { DictionaryColumn, NumberColumn, PointColumns } from '../domain/point-columns.ts';
import { coverageContains, type CoverageArea, type GridPoints } from '../geo/coverage-area.ts';
import { VEHICLE_CLASS_ATTRIBUTES } from '../domain/traffic.ts';

/** A DfT AADF traffic layer (io/dft-traffic-csv.ts) and its rows in grid metres (geo/coverage-area.ts `gridPoints`). */
export interface TrafficLayer {
  columns: PointColumns;
  grid: GridPoints;
}

/** One count point behind a transient population figure: the record a drill-down shows. */
export interface CountPointFlow {
  countPointId: string;
  /** The layer row the figures come from (0-based, in the layer's columns). */
  row: number;
  /** `road_name` as the file gives it ("A58M", "U" for an unclassified road); empty when the file has none. */
  road: string;
  year: number;
  /** Annual average daily flow: motor vehicles a day, both directions, on the link the count point stands for. */
  allMotorVehicles: number;
  /** The vehicle classes the file holds for this row, vehicles a day; a class left empty in the file is left out. */
  classes: Record<string, number>;
  /** "Counted" or "Estimated" (a model's figure, not a count that year); empty when the file does not say. */
  estimationMethod: string;
  /** From the site position to the count point, grid metres; for a set, from the nearest site whose coverage holds it. */
  distanceMetres: number;
}

export interface TransientPopulation {
  /** The sum of the count points' allMotorVehicles: vehicle passes a day, not distinct vehicles (see the note). */
  vehiclesPerDay: number;
  /** Nearest first. */
  countPoints: CountPointFlow[];
  /** Each vehicle class summed over the count points that give it. allHgvs is the sum of the six HGV classes; pedalCycles is not in vehiclesPerDay. */
  byClass: Record<string, number>;
  /** The year asked for; else the one year every counted point's latest figure is from; null when they differ or none is counted. */
  year: number | null;
  /** How this figure was made, in words for the site panel: the years used, estimates, and what an empty result means. */
  note: string;
}

/**
 * How count points are matched to a coverage area, for the site panel and the docs. DfT publishes one
 * count point per road link (junction to junction), placed on the link; its AADF stands for the whole link.
 */
export const TRAFFIC_MATCHING_NOTE =
  'Vehicles per day is the sum of the annual average daily flow (AADF, all motor vehicles, both directions) of the ' +
  'DfT count points whose position is inside the coverage. A count point stands for the whole road link it sits on ' +
  '(junction to junction): a link that passes through the coverage is counted only if its count point is inside, so ' +
  'a count point just outside a sector is not counted even when its road runs through it, and minor roads without a ' +
  'count point add nothing. The DfT file holds one row per count point per year: each count point is counted once, ' +
  'with its latest year (or the year chosen), never summed over years, at the position given for that year. Two ' +
  'count points inside the coverage on the same route are both added, so the figure is vehicle passes a day, not ' +
  'distinct vehicles.';

/** The vehicle class columns of a traffic layer, in the file's order. */
const CLASS_ATTRIBUTES = VEHICLE_CLASS_ATTRIBUTES;

interface TrafficColumns {
  countPointId: DictionaryColumn;
  year: Float64Array;
  allMotorVehicles: Float64Array;
  road: DictionaryColumn | undefined;
  estimationMethod: DictionaryColumn | undefined;
  classes: { name: string; values: Float64Array }[];
  /** For each count point (by dictionary code), the row of its latest year: the first such row in file order. */
  latestRow: Int32Array;
}

/** Worked out once a layer: a site being dragged asks again many times a second. */
const prepared = new WeakMap<PointColumns, TrafficColumns>();

function trafficColumns(columns: PointColumns): TrafficColumns {
  const cached = prepared.get(columns);
  if (cached) return cached;
  const { attributes } = columns;
  const countPointId = attributes.countPointId;
  const year = attributes.year;
  const allMotorVehicles = attributes.allMotorVehicles;
  if (countPointId?.kind !== 'dictionary' || year?.kind !== 'number' || allMotorVehicles?.kind !== 'number') {
    throw new Error('not a DfT traffic count layer: it needs the countPointId, year and allMotorVehicles columns the DfT AADF import makes');
  }
  const dictionary = (name: string) => (attributes[name]?.kind === 'dictionary' ? (attributes[name] as DictionaryColumn) : undefined);
  const classes = CLASS_ATTRIBUTES.filter((name) => attributes[name]?.kind === 'number').map((name) => ({ name, values: (attributes[name] as NumberColumn).values }));
  const latestRow = new Int32Array(countPointId.dictionary.length).fill(-1);
  for (let row = 0; row < columns.count; row++) {
    const code = countPointId.codes[row]!;
    const latest = latestRow[code]!;
    if (latest < 0 || year.values[row]! > year.values[latest]!) latestRow[code] = row;
  }
  const result: TrafficColumns = {
    countPointId,
    year: year.values,
    allMotorVehicles: allMotorVehicles.values,
    road: dictionary('roadName'),
    estimationMethod: dictionary('estimationMethod'),
    classes,
    latestRow,
  };
  prepared.set(columns, result);
  return result;
}

/**
 * The rows that stand for the count points inside any of `areas`, one per count point: its latest row,
 * or its row of `year`. A count point is matched where that row puts it (count points are sometimes moved
 * along their link between years), so a point now outside is not counted for where it stood before.
 */
function matchedRows(traffic: TrafficLayer, areas: CoverageArea[], year: number | undefined): Map<number, { row: number; distanceMetres: number }> {
  const t = trafficColumns(traffic.columns);
  const { easting, northing, index } = traffic.grid;
  const byCode = new Map<number, { row: number; distanceMetres: number }>();
  for (const area of areas) {
    for (const row of index.within(area.easting, area.northing, area.radiusMetres)) {
      const code = t.countPointId.codes[row]!;
      if (year === undefined ? t.latestRow[code] !== row : t.year[row] !== year) continue;
      const e = easting[row]!;
      const n = northing[row]!;
      if (!coverageContains(area, e, n)) continue;
      const distanceMetres = Math.hypot(e - area.easting, n - area.northing);
      const seen = byCode.get(code);
      // A file with two rows of one count point and year is malformed; the first row in the file is the one used.
      if (!seen || row < seen.row || (row === seen.row && distanceMetres < seen.distanceMetres)) byCode.set(code, { row, distanceMetres });
    }
  }
  return byCode;
}

function summarise(traffic: TrafficLayer, matched: Map<number, { row: number; distanceMetres: number }>, year: number | undefined): TransientPopulation {
  const t = trafficColumns(traffic.columns);
  const text = (column: DictionaryColumn | undefined, row: number) => (column ? column.dictionary[column.codes[row]!]! : '');
  const countPoints: CountPointFlow[] = [];
  const byClass: Record<string, number> = {};
  let vehiclesPerDay = 0;
  for (const [code, { row, distanceMetres }] of matched) {
    const classes: Record<string, number> = {};
    for (const { name, values } of t.classes) {
      const value = values[row]!;
      if (!Number.isFinite(value)) continue;
      classes[name] = value;
      byClass[name] = (byClass[name] ?? 0) + value;
    }
    vehiclesPerDay += t.allMotorVehicles[row]!;
    countPoints.push({
      countPointId: t.countPointId.dictionary[code]!,
      row,
      road: text(t.road, row),
      year: t.year[row]!,
      allMotorVehicles: t.allMotorVehicles[row]!,
      classes,
      estimationMethod: text(t.estimationMethod, row),
      distanceMetres,
    });
  }
  countPoints.sort((a, b) => a.distanceMetres - b.distanceMetres || a.countPointId.localeCompare(b.countPointId));
  const years = new Set(countPoints.map((point) => point.year));
  const onlyYear = years.size === 1 ? [...years][0]! : null;
  return { vehiclesPerDay, countPoints, byClass, year: year ?? onlyYear, note: note(countPoints, year) };
}

function note(countPoints: CountPointFlow[], year: number | undefined): string {
  if (countPoints.length === 0) {
    return year === undefined
      ? 'No DfT count point is inside the coverage: this is no measured traffic, not a measured zero.'
      : `No DfT count point with a ${year} figure is inside the coverage: this is no measured traffic, not a measured zero.`;
  }
  const points = (n: number) => `${n} count point${n === 1 ? '' : 's'}`;
  const sentences: string[] = [];
  if (year !== undefined) sentences.push(`${points(countPoints.length)}, ${year} figures.`);
  else {
    const byYear = new Map<number, number>();
    for (const point of countPoints) byYear.set(point.year, (byYear.get(point.year) ?? 0) + 1);
    const years = [...byYear].sort((a, b) => b[0] - a[0]);
    sentences.push(
      years.length === 1
        ? `${points(countPoints.length)}, each at its latest year, ${years[0]![0]}.`
        : `${points(countPoints.length)}, each at its latest year: ${years.map(([y, n]) => `${y} (${n})`).join(', ')}.`,
    );
  }
  const estimated = countPoints.filter((point) => point.estimationMethod.toLowerCase() === 'estimated').length;
  if (estimated > 0) sentences.push(`${estimated} of them ${estimated === 1 ? 'is' : 'are'} estimated by DfT from earlier counts, not counted that year.`);
  return sentences.join(' ');
}

/**
 * Transient privacy of one site: vehicles a day passing through its coverage, from the DfT count points
 * inside it (TRAFFIC_MATCHING_NOTE says how they are matched). Each count point once, at its latest year
 * or at `options.year` (a count point without a figure for that year is left out).
 */
export function transientPopulation(traffic: TrafficLayer, area: CoverageArea, options: { year?: number } = {}): TransientPopulation {
  return summarise(traffic, matchedRows(traffic, [area], options.year), options.year);
}

/**
 * Transient privacy of a set of sites: each count point inside any of their coverages counted once, its
 * distance taken from the nearest site whose coverage holds it.
 */
export function transientPopulationOfSet(traffic: TrafficLayer, areas: CoverageArea[], options: { year?: number } = {}): TransientPopulation {
  return summarise(traffic, matchedRows(traffic, areas, options.year), options.year);
}
