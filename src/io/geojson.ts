import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, MultiPoint, Point, Position } from 'geojson';
import { bngToWgs84, isWithinNationalGrid } from '../geo/british-national-grid.ts';
import type { Layer, LayerKind, SourceCrs } from '../domain/layer.ts';
import { DictionaryBuilder, type PointColumns } from '../domain/point-columns.ts';
import type { FormatDriver, ImportContext, ParsedLayer, SourceFile } from './format-driver.ts';
import { ImportError, ImportReportBuilder, nothingImported, type ImportReport } from './import-report.ts';
import { decodeText } from './text-decoding.ts';

export interface ParsedFeatureLayer {
  features: FeatureCollection;
  geometry: Layer['geometry'];
  sourceCrs: SourceCrs;
  report: ImportReport;
}

type SupportedGeometry = Exclude<Geometry, { type: 'GeometryCollection' }>;
type SupportedType = SupportedGeometry['type'];

const GEOMETRY_FAMILY: Record<SupportedType, Layer['geometry']> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};

/**
 * RFC 7946 says WGS84, but GIS exports from British sources often still carry an old-style crs member,
 * usually EPSG:27700. ETRS89 (EPSG:4258) is within a metre of WGS84 in Britain, so it is read as WGS84.
 * Anything else (Web Mercator, say) would give nonsense positions: refuse it by name.
 */
function declaredCrs(json: { crs?: unknown }, file: string): SourceCrs {
  const crs = json.crs as { properties?: { name?: unknown } } | null | undefined;
  const name = crs?.properties?.name;
  if (typeof name !== 'string') return 'EPSG:4326';
  if (/(^|\D)27700$/.test(name)) return 'EPSG:27700';
  if (/(^|\D)(4326|4258)$/.test(name) || /CRS:?84$/i.test(name)) return 'EPSG:4326';
  throw new ImportError(
    file,
    `the file declares the coordinate reference system "${name}"; NRD Planner reads WGS84 longitude/latitude ` +
      '(EPSG:4326, CRS84) or British National Grid (EPSG:27700): export the file again in one of those',
  );
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function isArrayOf(value: unknown, least: number, each: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length >= least && value.every(each);
}

/** The nesting and the least sizes RFC 7946 (3.1) gives each geometry type; an empty geometry is no geometry. */
function coordinatesFit(type: SupportedType, coordinates: unknown): boolean {
  const line = (c: unknown) => isArrayOf(c, 2, isPosition);
  const polygon = (c: unknown) => isArrayOf(c, 1, (ring) => isArrayOf(ring, 4, isPosition));
  switch (type) {
    case 'Point':
      return isPosition(coordinates);
    case 'MultiPoint':
      return isArrayOf(coordinates, 1, isPosition);
    case 'LineString':
      return line(coordinates);
    case 'MultiLineString':
      return isArrayOf(coordinates, 1, line);
    case 'Polygon':
      return polygon(coordinates);
    case 'MultiPolygon':
      return isArrayOf(coordinates, 1, polygon);
  }
}

/** The first position of well-formed coordinates that fails `test`, if any. */
function findPosition(coordinates: unknown, test: (p: Position) => boolean): Position | undefined {
  if (isPosition(coordinates)) return test(coordinates) ? coordinates : undefined;
  for (const c of coordinates as unknown[]) {
    const found = findPosition(c, test);
    if (found) return found;
  }
  return undefined;
}

function mapPositions(coordinates: unknown, map: (p: Position) => Position): unknown {
  return isPosition(coordinates) ? map(coordinates) : (coordinates as unknown[]).map((c) => mapPositions(c, map));
}

const positionText = (p: Position) => `[${p.join(', ')}]`;

/**
 * Reads a GeoJSON FeatureCollection of one geometry family (points, lines or polygons); features with
 * no geometry, another family or impossible coordinates are reported with their position in the
 * "features" array (1-based, as `row`), not dropped silently.
 */
export function parseGeoJson(text: string, file: string): ParsedFeatureLayer {
  return readFeatureCollection(parseJson(text, file), file);
}

/** A JSON file's value, or an ImportError saying where the JSON breaks. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError(file, `not valid JSON (${(error as Error).message})`);
  }
}

/** The features of a FeatureCollection and the coordinate system it declares, or why it is not one. */
export function openFeatureCollection(json: unknown, file: string): { features: unknown[]; sourceCrs: SourceCrs } {
  const collection = json as { type?: unknown; features?: unknown; crs?: unknown } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new ImportError(file, 'not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" and a "features" array)');
  }
  if (collection.features.length === 0) throw new ImportError(file, 'the FeatureCollection has no features');
  return { features: collection.features as unknown[], sourceCrs: declaredCrs(collection, file) };
}

/**
 * The checks of `parseGeoJson` on a FeatureCollection that is already an object: for formats that are
 * turned into GeoJSON first (TopoJSON, shapefiles), so their features pass the same gate. A "crs" member
 * on the object declares British National Grid as it does in a file.
 */
export function readFeatureCollection(json: unknown, file: string): ParsedFeatureLayer {
  const { features: members, sourceCrs } = openFeatureCollection(json, file);
  const report = new ImportReportBuilder(file);
  const families = new Map<Layer['geometry'], number>();
  const kept: { row: number; family: Layer['geometry']; feature: Feature }[] = [];

  members.forEach((raw: unknown, index: number) => {
    report.rowsRead++;
    const row = index + 1;
    const feature = raw as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
    if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') {
      const value = typeof feature === 'object' && feature !== null ? String(feature.type ?? 'none') : String(feature);
      return report.reject(row, 'type', value, 'not a GeoJSON Feature');
    }
    const type = feature.geometry?.type;
    if (typeof type !== 'string' || !Object.hasOwn(GEOMETRY_FAMILY, type)) {
      return report.reject(row, 'geometry', String(type ?? 'none'), 'feature has no point, line or polygon geometry');
    }
    const supported = type as SupportedType;
    const coordinates = feature.geometry!.coordinates;
    if (!coordinatesFit(supported, coordinates)) {
      return report.reject(row, 'geometry', type, 'coordinates are empty or not nested as the geometry type requires');
    }
    if (sourceCrs === 'EPSG:27700') {
      const bad = findPosition(coordinates, ([easting, northing]) => !isWithinNationalGrid({ easting: easting!, northing: northing! }));
      if (bad) return report.reject(row, 'geometry', positionText(bad), 'coordinates are not British National Grid metres (the file declares EPSG:27700)');
    } else {
      const bad = findPosition(coordinates, ([lon, lat]) => Math.abs(lon!) > 180 || Math.abs(lat!) > 90);
      if (bad) {
        const [x, y] = bad as [number, number];
        const looksLikeGrid = Math.abs(x) > 180 && Math.abs(y) > 90 && isWithinNationalGrid({ easting: x, northing: y });
        return report.reject(
          row,
          'geometry',
          positionText(bad),
          looksLikeGrid
            ? 'coordinates look like British National Grid metres, but the file does not declare EPSG:27700'
            : 'coordinates are not longitude/latitude in degrees',
        );
      }
    }
    const geometry = {
      type: supported,
      coordinates:
        sourceCrs === 'EPSG:27700'
          ? mapPositions(coordinates, ([easting, northing]) => {
              const { lon, lat } = bngToWgs84({ easting: easting!, northing: northing! });
              return [lon, lat];
            })
          : coordinates,
    } as SupportedGeometry;
    const family = GEOMETRY_FAMILY[supported];
    families.set(family, (families.get(family) ?? 0) + 1);
    const properties = typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as GeoJsonProperties) : null;
    kept.push({ row, family, feature: { type: 'Feature', geometry, properties: properties ?? {} } });
  });

  if (kept.length === 0) throw new ImportError(file, nothingImported(report.build(), 'features'));
  // A layer draws one family; the commonest wins (the first seen, on a tie) and the others are reported.
  const [geometry] = [...families].sort((a, b) => b[1] - a[1])[0]!;
  const features: Feature[] = [];
  for (const { row, family, feature } of kept) {
    if (family === geometry) features.push(feature);
    else report.reject(row, 'geometry', feature.geometry.type, `mixed geometry: this layer holds ${geometry}s`);
  }
  report.rowsImported = features.length;
  return { features: { type: 'FeatureCollection', features }, geometry, sourceCrs, report: report.build() };
}

/** Kind of layer a GeoJSON file most likely is, from its name: the user can change it before importing. */
function kindFromName(name: string): LayerKind {
  const lower = name.toLowerCase();
  if (/school|worship|church|mosque|hospital|health|gp|surgery|nursery/.test(lower)) return 'sensitive';
  if (/cni|substation|power|rail|station|airport|port|pipeline/.test(lower)) return 'cni';
  if (/lsoa|boundar|force|area|ward|region|outline/.test(lower)) return 'boundary';
  return 'other';
}

const FEATURE_COLLECTION = /"type"\s*:\s*"FeatureCollection"/;

export const geoJsonDriver: FormatDriver = {
  id: 'geojson',
  label: 'GeoJSON (points, lines or polygons)',
  extensions: ['.geojson', '.json'],

  detect({ name, head }) {
    if (FEATURE_COLLECTION.test(head)) return 0.9;
    return name.toLowerCase().endsWith('.geojson') ? 0.5 : 0;
  },

  async read(file: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    const bytesTotal = file.bytes.length;
    context.onProgress({ file: file.name, rowsRead: 0, bytesRead: 0, bytesTotal });
    const parsed = parseGeoJson(decodeText(file.bytes), file.name);
    context.onProgress({ file: file.name, rowsRead: parsed.report.rowsRead, bytesRead: bytesTotal, bytesTotal });
    const kind = kindFromName(file.name);
    if (parsed.geometry === 'point') {
      return { geometry: 'point', columns: featuresToPointColumns(parsed.features), kind, sourceCrs: parsed.sourceCrs, report: parsed.report };
    }
    return { geometry: parsed.geometry, features: parsed.features, kind, sourceCrs: parsed.sourceCrs, report: parsed.report };
  },
};

/**
 * Point features become columns like any other point layer: positions, and each property as a
 * dictionary column (numbers too, as text: a GeoJSON property has no declared type). A MultiPoint
 * keeps its first point.
 */
function featuresToPointColumns(collection: FeatureCollection): PointColumns {
  const features = collection.features;
  const lon = new Float64Array(features.length);
  const lat = new Float64Array(features.length);
  const names = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const builders = new Map(names.map((name) => [name, new DictionaryBuilder()]));
  features.forEach((feature, i) => {
    const geometry = feature.geometry as Point | MultiPoint;
    const position = (geometry.type === 'Point' ? geometry.coordinates : geometry.coordinates[0]) as Position;
    lon[i] = position[0]!;
    lat[i] = position[1]!;
    for (const [name, builder] of builders) {
      const value = feature.properties?.[name];
      builder.push(value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value).slice(0, 1000));
    }
  });
  return { count: features.length, lon, lat, attributes: Object.fromEntries([...builders].map(([name, builder]) => [name, builder.build()])) };
}
