import type { Feature, FeatureCollection, Point } from 'geojson';
import Papa from 'papaparse';

/**
 * The baseline the import is measured against: what a first version would do with a police.uk file.
 * papaparse in header mode (one object per row, every column a property), then one GeoJSON Point
 * Feature per row that has a location, as a GIS library would hold it.
 */
export function naivePoliceUkFeatures(bytes: Uint8Array): FeatureCollection<Point, Record<string, string>> {
  const text = new TextDecoder().decode(bytes);
  const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const features: Feature<Point, Record<string, string>>[] = [];
  for (const row of data) {
    if (!row.Longitude || !row.Latitude) continue;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [Number(row.Longitude), Number(row.Latitude)] }, properties: row });
  }
  return { type: 'FeatureCollection', features };
}
