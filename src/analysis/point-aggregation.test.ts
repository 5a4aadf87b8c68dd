import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../domain/point-columns.ts';
import { countByPosition } from './point-aggregation.ts';

// Five crimes by hand at three map points; the fourth is 8 cm from the first, in the same 10^-5 degree cell, so drawn as one.
const columns: PointColumns = {
  count: 5,
  lon: Float64Array.of(-2.359001, -2.36, -2.359001, -2.3590012, -2.36),
  lat: Float64Array.of(51.381, 51.38, 51.381, 51.381, 51.38),
  attributes: {
    crimeType: { kind: 'dictionary', codes: Uint16Array.of(0, 1, 1, 0, 0), dictionary: ['Burglary', 'Robbery'] },
    month: { kind: 'month', values: Uint16Array.of(636, 636, 637, 637, 638) },
  },
};

describe('countByPosition', () => {
  it('draws each position once, weighted by the points standing there', () => {
    const { columns: drawn, total } = countByPosition(columns, null);
    expect(drawn.count).toBe(2);
    expect([...drawn.lon]).toEqual([-2.359001, -2.36]);
    expect(drawn.attributes.points).toEqual({ kind: 'number', values: Float64Array.of(3, 2) });
    expect(total).toBe(5);
  });

  it('applies the filter before counting', () => {
    const counts = countByPosition(columns, { categoryColumn: 'crimeType', excludedCategories: ['Robbery'], fromMonth: 637, toMonth: null });
    // Left: burglary in Feb at the first point, burglary in Mar at the second.
    expect(counts.columns.attributes.points).toEqual({ kind: 'number', values: Float64Array.of(1, 1) });
    expect(counts.total).toBe(2);
  });

  it('skips rows without a finite position', () => {
    const counts = countByPosition({ count: 2, lon: Float64Array.of(NaN, -2), lat: Float64Array.of(51, 51), attributes: {} }, null);
    expect(counts.total).toBe(1);
  });
});
