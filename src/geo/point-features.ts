import type { PointColumns } from '../domain/point-columns.ts';

/**
 * A point layer's positions as GeoJSON text for MapLibre. Written as text directly: building 10^6
 * Feature objects first would double the memory. Six decimals is 0.1 m, finer than any source here.
 */
export function pointColumnsToGeoJsonText(columns: PointColumns): string {
  const parts: string[] = new Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    parts[i] = `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[${columns.lon[i]!.toFixed(6)},${columns.lat[i]!.toFixed(6)}]}}`;
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}
