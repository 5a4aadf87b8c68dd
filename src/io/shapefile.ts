import type { Feature, FeatureCollection, Position } from 'geojson';
// @ts-expect-error shpjs 6 ships no type declarations; its one call used here is typed below.
import shp from 'shpjs';
import { isWithinNationalGrid } from '../geo/british-national-grid.ts';
import type { SourceCrs } from '../domain/layer.ts';
import { ImportNeedsChoice, type FormatDriver, type ImportContext, type ParsedLayer, type SourceFile } from './format-driver.ts';
import { readFeatureCollection } from './geojson.ts';
import { ImportError, withPartsNotImported } from './import-report.ts';

/** shpjs: the layers of a zip, each reprojected to WGS84 with its .prj (raw coordinates when there is none). */
const readShapefileZip = shp as (zip: ArrayBuffer) => Promise<ShpLayer | ShpLayer[]>;
type ShpLayer = Partial<FeatureCollection> & { fileName?: string };

export const OTHER_LAYER = 'another shapefile in the zip, not imported: a layer takes the shapefile with the most features';
export const CRS_CHOICE = 'shapefileCrs';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/**
 * A zipped ESRI shapefile as ONS and the UK Data Service distribute boundaries: .shp, .shx, .dbf and .prj
 * together in one .zip. shpjs reads it (in a worker as in Node) and reprojects with the .prj; the features
 * then pass the same checks as a GeoJSON file.
 */
export const shapefileDriver: FormatDriver = {
  id: 'shapefile-zip',
  label: 'Shapefile (zipped .shp, .dbf and .prj)',
  extensions: ['.zip'],

  detect({ name }) {
    // A zip's head is binary: the name is all there is to go on until it is opened.
    return name.toLowerCase().endsWith('.zip') ? 0.6 : 0;
  },

  async read(file: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    const bytesTotal = file.bytes.length;
    context.onProgress({ file: file.name, rowsRead: 0, bytesRead: 0, bytesTotal });
    const entries = listZip(file.bytes, file.name);
    const names = entries.map((entry) => entry.name).filter((name) => !name.startsWith('__MACOSX/') && !name.endsWith('/'));
    const shapefiles = names.filter((name) => /\.shp$/i.test(name));
    if (shapefiles.length === 0) {
      const listed = names.length === 0 ? 'nothing' : names.slice(0, 12).join(', ') + (names.length > 12 ? ` and ${names.length - 12} more` : '');
      throw new ImportError(
        file.name,
        `the zip holds no shapefile (.shp); it contains ${listed}: a shapefile is imported as a zip of its .shp, .shx, .dbf ` +
          'and .prj files',
      );
    }

    // What each .prj declares, read before shpjs: it hands a .prj to proj4, which fails on one it cannot parse.
    const declared = new Map<string, SourceCrs | ImportError | null>();
    for (const name of shapefiles) {
      const prj = entries.find((entry) => entry.name.toLowerCase() === `${name.slice(0, -4).toLowerCase()}.prj`);
      if (!prj) declared.set(name, null);
      else {
        try {
          declared.set(name, crsOfPrj(await entryText(file.bytes, prj, file.name), file.name, prj.name));
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          declared.set(name, error);
        }
      }
    }

    let read: ShpLayer | ShpLayer[];
    try {
      // shpjs wants the zip's own bytes, not a view into a larger buffer.
      read = await readShapefileZip(file.bytes.slice().buffer);
    } catch (error) {
      const refused = [...declared.values()].find((crs) => crs instanceof ImportError);
      if (refused) throw refused;
      throw new ImportError(file.name, `the shapefile could not be read (${(error as Error).message}); check the zip is complete`);
    }
    const layers = (Array.isArray(read) ? read : [read])
      .filter((layer) => Array.isArray(layer.features) && shapefiles.some((name) => name.slice(0, -4) === layer.fileName))
      .map((layer) => ({ name: `${layer.fileName ?? ''}.shp`, features: layer.features! }));
    const chosen = layers.reduce<(typeof layers)[number] | undefined>((best, layer) => (!best || layer.features.length > best.features.length ? layer : best), undefined);
    if (!chosen || chosen.features.length === 0) throw new ImportError(file.name, `the shapefile ${chosen?.name ?? shapefiles[0]} has no records`);
    context.onProgress({ file: file.name, rowsRead: 0, bytesRead: Math.floor(bytesTotal / 2), bytesTotal });

    const fromPrj = declared.get(chosen.name) ?? null;
    if (fromPrj instanceof ImportError) throw fromPrj;
    const sourceCrs = fromPrj ?? crsWithoutPrj(chosen.features, file.name, chosen.name, context.choices[CRS_CHOICE]);
    // With a .prj, shpjs has already given WGS84; without one the positions are as written, in `sourceCrs`.
    const crs = !fromPrj && sourceCrs === 'EPSG:27700' ? { crs: { type: 'name', properties: { name: 'EPSG:27700' } } } : {};
    const parsed = readFeatureCollection({ type: 'FeatureCollection', ...crs, features: chosen.features }, file.name);
    if (parsed.geometry === 'point') {
      throw new ImportError(file.name, `the shapefile ${chosen.name} holds points: NRD Planner reads shapefiles of boundaries and lines; save a point layer as CSV or GeoJSON`);
    }
    const report = withPartsNotImported(
      parsed.report,
      OTHER_LAYER,
      layers
        .filter((layer) => layer !== chosen)
        .map((layer) => ({ file: file.name, row: 0, column: '', value: `${layer.name} (${layer.features.length} record${layer.features.length === 1 ? '' : 's'})` })),
    );
    context.onProgress({ file: file.name, rowsRead: report.rowsRead, bytesRead: bytesTotal, bytesTotal });
    return { geometry: parsed.geometry, features: parsed.features, kind: 'boundary', sourceCrs, report };
  },
};

/**
 * The names in a zip's central directory, enough to say what a zip without a shapefile holds and to find the
 * .prj; the unzipping of the shapefile itself is shpjs's.
 */
function listZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const notZip = () => new ImportError(file, 'not a zip file: a shapefile is imported as the .zip that holds its .shp, .shx, .dbf and .prj files');
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notZip();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is the last 22 bytes, unless a zip comment (up to 64 KB) follows it.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ImportError(file, 'the zip file is damaged or incomplete (its list of contents is missing): download it again');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new ImportError(file, 'the zip file is damaged or incomplete (its list of contents is cut short): download it again');
    }
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

async function entryText(bytes: Uint8Array, entry: ZipEntry, file: string): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stored = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(stored);
  if (entry.method !== 8) throw new ImportError(file, `${entry.name} is compressed with a method this reader does not know (${entry.method}); zip it again`);
  const stream = new Blob([stored.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new TextDecoder().decode(await new Response(stream).arrayBuffer());
}

/**
 * Which of the two systems the app stores a .prj describes. ONS and UK Data Service boundaries come in British
 * National Grid; a WGS84 or ETRS89 geographic system is read as WGS84 (they differ by under a metre in Britain).
 */
function crsOfPrj(wkt: string, file: string, prjName: string): SourceCrs {
  const text = wkt.trim();
  const name = /^\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 80);
  if (/^(PROJCS|PROJCRS|PROJECTEDCRS)\[/i.test(text)) {
    if (/British[ _]National[ _]Grid|OSGB[ _]?(1936|36)[ _/]+British/i.test(name) || /AUTHORITY\["EPSG",\s*"?27700"?\]\s*\]\s*$/i.test(text)) {
      return 'EPSG:27700';
    }
  } else if (/^(GEOGCS|GEOGCRS|GEODCRS)\[/i.test(text)) {
    if (/WGS[ _]?(19)?84|ETRS[ _]?(19)?89/i.test(name)) return 'EPSG:4326';
  }
  throw new ImportError(
    file,
    `${prjName} gives the coordinate reference system "${name}"; NRD Planner reads shapefiles in British National Grid ` +
      '(EPSG:27700) or WGS84 longitude/latitude (EPSG:4326): export the shapefile again in one of those',
  );
}

function* positionsOf(coordinates: unknown): Generator<Position> {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') {
    yield coordinates as Position;
    return;
  }
  for (const c of coordinates) yield* positionsOf(c);
}

/**
 * A shapefile without its .prj carries bare numbers. Degrees west of Greenwich cannot be grid metres, and
 * eastings in the thousands cannot be degrees, so most files settle it themselves; a file whose numbers fit
 * both (all small and positive, as degrees east of Greenwich are) needs the user to say.
 */
function crsWithoutPrj(features: Feature[], file: string, shpName: string, choice: string | undefined): SourceCrs {
  if (choice !== undefined) {
    if (choice === 'EPSG:27700' || choice === 'EPSG:4326') return choice;
    throw new ImportError(file, `"${choice}" is not a coordinate reference system this reader knows: answer EPSG:27700 or EPSG:4326`);
  }
  let degrees = true;
  let grid = true;
  let first: Position | undefined;
  for (const feature of features) {
    for (const [x, y] of positionsOf((feature.geometry as { coordinates?: unknown } | null)?.coordinates)) {
      if (x === undefined || y === undefined) continue;
      first ??= [x, y];
      if (Math.abs(x) > 180 || Math.abs(y) > 90) degrees = false;
      if (!isWithinNationalGrid({ easting: x, northing: y })) grid = false;
    }
  }
  if (degrees && !grid) return 'EPSG:4326';
  if (grid && !degrees) return 'EPSG:27700';
  const prompt = `${shpName} has no .prj file to say how its coordinates are measured. Are they British National Grid or WGS84?`;
  if (degrees && grid) {
    throw new ImportNeedsChoice({
      id: CRS_CHOICE,
      file,
      prompt,
      options: [
        { value: 'EPSG:27700', label: 'British National Grid: eastings and northings in metres (EPSG:27700)' },
        { value: 'EPSG:4326', label: 'WGS84: longitude and latitude in degrees (EPSG:4326)' },
      ],
    });
  }
  throw new ImportError(
    file,
    `${shpName} has no .prj file, and its coordinates (such as [${first?.join(', ') ?? ''}]) are neither longitude/latitude ` +
      'in degrees nor British National Grid metres throughout: add the .prj that came with it to the zip, or export it again ' +
      'in British National Grid or WGS84',
  );
}
