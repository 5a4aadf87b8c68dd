import { readFileSync } from 'node:fs';
import type { FeatureCollection, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../domain/point-columns.ts';
import { pointColumnsToGeoJsonText } from './point-features.ts';

function columnsOf(positions: [number, number][]): PointColumns {
  return {
    count: positions.length,
    lon: Float64Array.from(positions, ([lon]) => lon),
    lat: Float64Array.from(positions, ([, lat]) => lat),
    attributes: {},
  };
}

/** Every number after "coordinates":[ as written, so the decimals can be checked as text. */
function coordinateTexts(text: string): string[] {
  return [...text.matchAll(/"coordinates":\[([^\]]*)\]/g)].flatMap((match) => match[1]!.split(','));
}

describe('pointColumnsToGeoJsonText', () => {
  // The Essex slice by a naive split (it has no quotes): police.uk writes positions with 6 decimals.
  const essex = readFileSync(new URL('../../test/fixtures/io/police-uk-essex-2018-01-slice.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .filter((fields) => fields.length > 5 && fields[4] !== '')
    .map((fields) => [fields[4]!, fields[5]!] as const);

  it('writes a FeatureCollection of Points, one per row, in row order (RFC 7946)', () => {
    expect(essex).toHaveLength(28);
    const text = pointColumnsToGeoJsonText(columnsOf(essex.map(([lon, lat]) => [Number(lon), Number(lat)])));
    const json = JSON.parse(text) as FeatureCollection<Point>;
    expect(Object.keys(json).sort()).toEqual(['features', 'type']);
    expect(json.type).toBe('FeatureCollection');
    expect(json.features).toHaveLength(28);
    json.features.forEach((feature, i) => {
      expect(feature.type).toBe('Feature');
      expect(feature.properties).toEqual({});
      expect(feature.geometry.type).toBe('Point');
      // RFC 7946 3.1.1: longitude first, then latitude, in decimal degrees.
      expect(feature.geometry.coordinates).toEqual([Number(essex[i]![0]), Number(essex[i]![1])]);
    });
  });

  it('writes the source decimals back unchanged when the source has six', () => {
    const text = pointColumnsToGeoJsonText(columnsOf(essex.map(([lon, lat]) => [Number(lon), Number(lat)])));
    expect(coordinateTexts(text)).toEqual(essex.flatMap(([lon, lat]) => [lon, lat]));
    expect(text).toContain('"coordinates":[0.738080,52.042187]');
  });

  it('rounds every coordinate to six decimals (0.1 m)', () => {
    const text = pointColumnsToGeoJsonText(columnsOf([[-2.36, 51.5], [0.12345649, -0.00000049], [-2.00000051, 51.123456789], [180, -90]]));
    const written = coordinateTexts(text);
    for (const value of written) expect(value).toMatch(/^-?\d{1,3}\.\d{6}$/);
    expect(written).toEqual(['-2.360000', '51.500000', '0.123456', '-0.000000', '-2.000001', '51.123457', '180.000000', '-90.000000']);
    expect((JSON.parse(text) as FeatureCollection<Point>).features.map((f) => f.geometry.coordinates)).toEqual([
      [-2.36, 51.5],
      [0.123456, -0],
      [-2.000001, 51.123457],
      [180, -90],
    ]);
  });

  it('writes an empty FeatureCollection for empty columns', () => {
    const text = pointColumnsToGeoJsonText(columnsOf([]));
    expect(JSON.parse(text)).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('writes a null geometry, not NaN, for a row without a finite position, keeping feature i as row i', () => {
    const text = pointColumnsToGeoJsonText(columnsOf([[-2.36, 51.38], [Number.NaN, 51.38], [-2.35, Number.POSITIVE_INFINITY], [-2.34, 51.39]]));
    const json = JSON.parse(text) as FeatureCollection<Point | null>;
    expect(json.features.map((f) => f.geometry?.coordinates ?? null)).toEqual([[-2.36, 51.38], null, null, [-2.34, 51.39]]);
  });
});

describe('pointColumnsToGeoJsonText with properties', () => {
  it('writes the chosen columns as integer properties for map filters', () => {
    const text = pointColumnsToGeoJsonText(
      {
        count: 2,
        lon: Float64Array.of(-2.5, -2.6),
        lat: Float64Array.of(51.4, 51.5),
        attributes: {
          crimeType: { kind: 'dictionary', codes: Uint16Array.of(1, 0), dictionary: ['Burglary', 'Robbery'] },
          month: { kind: 'month', values: Uint16Array.of(636, 637) },
        },
      },
      ['crimeType', 'month', 'absent'],
    );
    expect(JSON.parse(text).features.map((f: { properties: unknown }) => f.properties)).toEqual([
      { crimeType: 1, month: 636 },
      { crimeType: 0, month: 637 },
    ]);
  });
});
