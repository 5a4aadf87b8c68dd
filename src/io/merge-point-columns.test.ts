import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../domain/point-columns.ts';
import { mergePointColumns } from './merge-point-columns.ts';

const january: PointColumns = {
  count: 2,
  lon: Float64Array.of(-2.1, -2.2),
  lat: Float64Array.of(51.1, 51.2),
  attributes: {
    crimeType: { kind: 'dictionary', codes: Uint16Array.of(0, 1), dictionary: ['Burglary', 'Robbery'] },
    month: { kind: 'month', values: Uint16Array.of(636, 636) },
    onlyInJanuary: { kind: 'number', values: Float64Array.of(1, 2) },
  },
};
const february: PointColumns = {
  count: 3,
  lon: Float64Array.of(-2.3, -2.4, -2.5),
  lat: Float64Array.of(51.3, 51.4, 51.5),
  attributes: {
    crimeType: { kind: 'dictionary', codes: Uint16Array.of(0, 1, 0), dictionary: ['Robbery', 'Shoplifting'] },
    month: { kind: 'month', values: Uint16Array.of(637, 637, 637) },
  },
};

describe('mergePointColumns', () => {
  it('appends rows in file order and gives each category one code across files', () => {
    const merged = mergePointColumns([january, february]);
    expect(merged.count).toBe(5);
    expect([...merged.lon]).toEqual([-2.1, -2.2, -2.3, -2.4, -2.5]);
    const crimeType = merged.attributes.crimeType!;
    if (crimeType.kind !== 'dictionary') throw new Error('expected a dictionary');
    expect([...crimeType.codes].map((code) => crimeType.dictionary[code])).toEqual(['Burglary', 'Robbery', 'Robbery', 'Shoplifting', 'Robbery']);
    expect(crimeType.dictionary).toEqual(['Burglary', 'Robbery', 'Shoplifting']);
    expect(merged.attributes.month).toEqual({ kind: 'month', values: Uint16Array.of(636, 636, 637, 637, 637) });
  });

  it('keeps only the columns every file has', () => {
    expect(Object.keys(mergePointColumns([january, february]).attributes).sort()).toEqual(['crimeType', 'month']);
  });
});
