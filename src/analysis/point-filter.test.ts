import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../domain/point-columns.ts';
import { countFiltered, monthRange } from './point-filter.ts';

// Six crimes by hand: 3 burglaries (Jan, Feb, Mar 2023), 2 robberies (Jan, Mar), 1 shoplifting (Feb).
const columns: PointColumns = {
  count: 6,
  lon: new Float64Array(6),
  lat: new Float64Array(6),
  attributes: {
    crimeType: { kind: 'dictionary', codes: Uint16Array.of(0, 0, 0, 1, 1, 2), dictionary: ['Burglary', 'Robbery', 'Shoplifting'] },
    month: { kind: 'month', values: Uint16Array.of(636, 637, 638, 636, 638, 637) },
  },
};

describe('countFiltered', () => {
  it('counts everything with no filter', () => {
    const counts = countFiltered(columns, { categoryColumn: 'crimeType', excludedCategories: [], fromMonth: null, toMonth: null });
    expect(counts.total).toBe(6);
    expect(Object.fromEntries(counts.byCategory)).toEqual({ Burglary: 3, Robbery: 2, Shoplifting: 1 });
  });

  it('follows a month range and left-out crime types', () => {
    const counts = countFiltered(columns, { categoryColumn: 'crimeType', excludedCategories: ['Robbery'], fromMonth: 637, toMonth: 638 });
    // Feb-Mar: burglary 2, robbery 1 (left out), shoplifting 1.
    expect(counts.total).toBe(3);
    expect(Object.fromEntries(counts.byCategory)).toEqual({ Burglary: 2, Robbery: 1, Shoplifting: 1 });
  });

  it('finds the months a layer covers', () => {
    expect(monthRange(columns)).toEqual({ first: 636, last: 638 });
  });
});
