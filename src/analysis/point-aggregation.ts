import type { PointColumns } from '../domain/point-columns.ts';
import type { PointFilter } from './point-filter.ts';

/** Distinct positions of a point layer, as a point layer whose `points` column says how many stand at each. */
export interface PositionCounts {
  columns: PointColumns;
  /** Points that passed the filter, the sum of the `points` column. */
  total: number;
}

/** 10^-5 degrees: 1.1 m of latitude, 0.7 m of longitude in Britain; points closer than that are drawn as one. */
const SCALE = 1e5;
const OFFSET = 2 ** 25;

/**
 * Groups a point layer by position, after its filter. police.uk publishes each crime at one of a
 * limited set of anonymised map points, so a force's year of 10^6 crimes stands at far fewer
 * positions: drawing one weighted point per position keeps the map exact and its data small.
 */
export function countByPosition(columns: PointColumns, filter: PointFilter | null): PositionCounts {
  const category = filter ? columns.attributes[filter.categoryColumn] : undefined;
  const excludedCodes = new Uint8Array(category?.kind === 'dictionary' ? category.dictionary.length : 0);
  if (category?.kind === 'dictionary' && filter) {
    const excluded = new Set(filter.excludedCategories);
    category.dictionary.forEach((name, code) => (excludedCodes[code] = excluded.has(name) ? 1 : 0));
  }
  const codes = category?.kind === 'dictionary' ? category.codes : null;
  const month = columns.attributes.month;
  const months = filter && month?.kind === 'month' ? month.values : null;
  const from = filter?.fromMonth ?? -Infinity;
  const to = filter?.toMonth ?? Infinity;

  const slotOf = new Map<number, number>();
  const first: number[] = [];
  const tally: number[] = [];
  let total = 0;
  for (let i = 0; i < columns.count; i++) {
    if (codes && excludedCodes[codes[i]!]) continue;
    if (months && (months[i]! < from || months[i]! > to)) continue;
    const lon = columns.lon[i]!;
    const lat = columns.lat[i]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    // Two 26-bit grid indexes in one exact double (52 bits) make a Map key without a string per row.
    const key = (Math.round(lon * SCALE) + OFFSET) * 2 ** 26 + (Math.round(lat * SCALE) + OFFSET);
    const slot = slotOf.get(key);
    if (slot === undefined) {
      slotOf.set(key, first.length);
      first.push(i);
      tally.push(1);
    } else {
      tally[slot]!++;
    }
    total++;
  }
  const lon = new Float64Array(first.length);
  const lat = new Float64Array(first.length);
  first.forEach((row, slot) => {
    lon[slot] = columns.lon[row]!;
    lat[slot] = columns.lat[row]!;
  });
  return { columns: { count: first.length, lon, lat, attributes: { points: { kind: 'number', values: Float64Array.from(tally) } } }, total };
}
