import type { PointColumns } from '../domain/point-columns.ts';

/**
 * A point layer's positions as GeoJSON text for MapLibre. Written as text directly: building 10^6
 * Feature objects first would double the memory. Six decimals is 0.1 m, finer than any source here.
 * Feature i is row i of the columns; a row without a finite position gets a null geometry (RFC 7946
 * 3.2) rather than "NaN", which is not JSON and would make the whole layer unreadable.
 */
export function pointColumnsToGeoJsonText(columns: PointColumns, propertyColumns: string[] = []): string {
  // Only integer columns (dictionary codes, months, numbers) become properties: what map filters need, kept small.
  const properties = propertyColumns.flatMap((name) => {
    const column = columns.attributes[name];
    if (!column) return [];
    return [{ name: JSON.stringify(name), values: column.kind === 'dictionary' ? column.codes : column.values }];
  });
  const parts: string[] = new Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    const lon = columns.lon[i]!;
    const lat = columns.lat[i]!;
    const geometry = Number.isFinite(lon) && Number.isFinite(lat) ? `{"type":"Point","coordinates":[${lon.toFixed(6)},${lat.toFixed(6)}]}` : 'null';
    const props = properties.map((p) => `${p.name}:${p.values[i]}`).join(',');
    parts[i] = `{"type":"Feature","properties":{${props}},"geometry":${geometry}}`;
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}
