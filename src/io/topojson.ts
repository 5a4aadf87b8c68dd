import type { Feature } from 'geojson';
import { feature as toGeoJson } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import type { FormatDriver, ImportContext, ParsedLayer, SourceFile } from './format-driver.ts';
import { readFeatureCollection } from './geojson.ts';
import { ImportError, withPartsNotImported } from './import-report.ts';
import { decodeText } from './text-decoding.ts';

export const OTHER_OBJECT = 'another object of the Topology, not imported: a layer takes the object with the most features';

const TOPOLOGY = /"type"\s*:\s*"Topology"/;

/**
 * TopoJSON (ONS and mapshaper publish boundaries this way: shared borders stored once, coordinates quantised).
 * Each object becomes GeoJSON with topojson-client and then passes the same checks as a GeoJSON file.
 */
export const topoJsonDriver: FormatDriver = {
  id: 'topojson',
  label: 'TopoJSON boundaries',
  extensions: ['.topojson', '.json'],

  detect({ name, head }) {
    if (TOPOLOGY.test(head)) return 0.95;
    return name.toLowerCase().endsWith('.topojson') ? 0.5 : 0;
  },

  async read(file: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    const bytesTotal = file.bytes.length;
    context.onProgress({ file: file.name, rowsRead: 0, bytesRead: 0, bytesTotal });
    let json: unknown;
    try {
      json = JSON.parse(decodeText(file.bytes));
    } catch (error) {
      throw new ImportError(file.name, `not valid JSON (${(error as Error).message})`);
    }
    const topology = json as Partial<Topology> & { crs?: unknown };
    if (topology?.type !== 'Topology' || typeof topology.objects !== 'object' || topology.objects === null || !Array.isArray(topology.arcs)) {
      throw new ImportError(file.name, 'not a TopoJSON Topology (expected "type": "Topology", an "objects" member and an "arcs" array)');
    }
    const objects = Object.entries(topology.objects as Record<string, unknown>).map(([name, object], index) => ({
      name,
      index,
      features: objectFeatures(topology as Topology, name, object, file.name),
    }));
    if (objects.length === 0) throw new ImportError(file.name, 'the Topology has no objects');
    // The commonest layout is one object; with several, take the biggest (the first, on a tie) and name the rest.
    const chosen = objects.reduce((best, object) => (object.features.length > best.features.length ? object : best));
    if (chosen.features.length === 0) throw new ImportError(file.name, 'the Topology has no geometries in any of its objects');

    const parsed = readFeatureCollection(
      { type: 'FeatureCollection', features: chosen.features, ...(topology.crs === undefined ? {} : { crs: topology.crs }) },
      file.name,
    );
    const report = withPartsNotImported(
      parsed.report,
      OTHER_OBJECT,
      objects
        .filter((object) => object !== chosen)
        .map(({ name, index, features }) => ({ file: file.name, row: index + 1, column: 'objects', value: `${name} (${features.length} feature${features.length === 1 ? '' : 's'})` })),
    );
    if (parsed.geometry === 'point') {
      throw new ImportError(file.name, 'the TopoJSON holds points: NRD Planner reads TopoJSON boundaries and lines; save a point layer as GeoJSON or CSV');
    }
    context.onProgress({ file: file.name, rowsRead: report.rowsRead, bytesRead: bytesTotal, bytesTotal });
    return { geometry: parsed.geometry, features: parsed.features, kind: 'boundary', sourceCrs: parsed.sourceCrs, report };
  },
};

/** One Topology object as GeoJSON features; a GeometryCollection gives one feature per member. */
function objectFeatures(topology: Topology, name: string, object: unknown, file: string): Feature[] {
  if (typeof object !== 'object' || object === null || typeof (object as { type?: unknown }).type !== 'string') {
    throw new ImportError(file, `the Topology object "${name}" has no "type": not a TopoJSON geometry`);
  }
  const geometry = object as GeometryObject;
  if (geometry.type === 'GeometryCollection' && !Array.isArray(geometry.geometries)) {
    throw new ImportError(file, `the Topology object "${name}" is a GeometryCollection without a "geometries" array`);
  }
  try {
    const converted = toGeoJson(topology, geometry);
    return converted.type === 'FeatureCollection' ? converted.features : [converted];
  } catch (error) {
    // topojson-client follows arc indexes without checking them: a damaged file fails deep inside it.
    throw new ImportError(
      file,
      `the Topology object "${name}" could not be turned into shapes (${(error as Error).message}); its arcs do not ` +
        'fit the topology: export the file again',
    );
  }
}
