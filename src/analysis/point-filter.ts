import type { PointColumns } from '../domain/point-columns.ts';

/** Which points of a layer are shown and counted: categories left out, and an inclusive month range. */
export interface PointFilter {
  /** The dictionary column filtered on (crimeType for crime). */
  categoryColumn: string;
  excludedCategories: string[];
  /** Months since 1970-01, as the month column holds them; null for no bound. */
  fromMonth: number | null;
  toMonth: number | null;
}

export interface FilteredCounts {
  total: number;
  /** Points in the month range per category, before categories are left out, so a left-out one still shows its count. */
  byCategory: Map<string, number>;
}

/** One pass over the columns, no allocation per row: 10^6 points in a few milliseconds. */
export function countFiltered(columns: PointColumns, filter: PointFilter): FilteredCounts {
  const category = columns.attributes[filter.categoryColumn];
  const month = columns.attributes.month;
  const months = month?.kind === 'month' ? month.values : null;
  const from = filter.fromMonth ?? -Infinity;
  const to = filter.toMonth ?? Infinity;
  if (category?.kind !== 'dictionary') {
    let total = 0;
    for (let i = 0; i < columns.count; i++) if (!months || (months[i]! >= from && months[i]! <= to)) total++;
    return { total, byCategory: new Map() };
  }
  const perCode = new Float64Array(category.dictionary.length);
  for (let i = 0; i < columns.count; i++) {
    if (months && (months[i]! < from || months[i]! > to)) continue;
    perCode[category.codes[i]!]!++;
  }
  const excluded = new Set(filter.excludedCategories);
  let total = 0;
  const byCategory = new Map<string, number>();
  category.dictionary.forEach((name, code) => {
    byCategory.set(name, perCode[code]!);
    if (!excluded.has(name)) total += perCode[code]!;
  });
  return { total, byCategory };
}

/**
 * The row test countFiltered makes, one flag a row (1: counted): the month in the range, and the category
 * not left out. As there, categories are only left out when the filter's column is a dictionary column,
 * and a layer without a month column passes every month. A null filter passes every row.
 */
export function passingRows(columns: PointColumns, filter: PointFilter | null): Uint8Array {
  const pass = new Uint8Array(columns.count);
  const category = filter ? columns.attributes[filter.categoryColumn] : undefined;
  const month = columns.attributes.month;
  const months = filter && month?.kind === 'month' ? month.values : null;
  const from = filter?.fromMonth ?? -Infinity;
  const to = filter?.toMonth ?? Infinity;
  let excludedCode: Uint8Array | null = null;
  if (filter && category?.kind === 'dictionary' && filter.excludedCategories.length > 0) {
    const excluded = new Set(filter.excludedCategories);
    excludedCode = Uint8Array.from(category.dictionary, (name) => (excluded.has(name) ? 1 : 0));
  }
  const codes = category?.kind === 'dictionary' ? category.codes : null;
  for (let i = 0; i < columns.count; i++) {
    if (months && (months[i]! < from || months[i]! > to)) continue;
    if (excludedCode && codes && excludedCode[codes[i]!] === 1) continue;
    pass[i] = 1;
  }
  return pass;
}

/** The months a layer covers, first and last, for the range pickers. */
export function monthRange(columns: PointColumns): { first: number; last: number } | null {
  const month = columns.attributes.month;
  if (month?.kind !== 'month' || month.values.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const value of month.values) {
    if (value < first) first = value;
    if (value > last) last = value;
  }
  return { first, last };
}

