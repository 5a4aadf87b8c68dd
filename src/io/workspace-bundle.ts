import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { FeatureCollection } from 'geojson';
import KDBush from 'kdbush';
import { z } from 'zod';
import { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { AttributeColumn, PointColumns } from '../domain/point-columns.ts';
import { AttachmentRef, RECORD_KIND_LABELS, RecordVersion, type StoredAttachment } from '../domain/procedure-record.ts';
import { Site } from '../domain/site.ts';
import { Workspace } from '../domain/workspace.ts';
import { sha256Hex, verifyRecords } from '../procedure/record-chain.ts';

/**
 * A workspace bundle: one zip file holding everything of a workspace (its register, its layers as
 * columns, the procedure's records with their hashes and the files they cite), to carry the workspace
 * to another browser. A manifest lists every other entry with its SHA-256; the JSON entries are gated
 * by the domain's zod schemas and the record history is verified as "Verify history" does, so nothing
 * truncated, changed or unchecked crosses in. Pure: runs in the browser and in Node.
 */
export const BUNDLE_FORMAT = 'nrd-planner-workspace';
/** Goes up when a bundle changes in a way an older reader would misread. */
export const BUNDLE_VERSION = 1;

export interface WorkspaceBundle {
  workspace: Workspace;
  sites: Site[];
  layers: { layer: Layer; data: LayerData }[];
  /** Every version exactly as stored, hashes included: a version's hash is over its row as saved. */
  records: RecordVersion[];
  attachments: StoredAttachment[];
  exportedAt: string;
}

export type ReadBundleResult = { ok: true; bundle: WorkspaceBundle } | { ok: false; message: string };

const MANIFEST = 'manifest.json';
const WORKSPACE = 'workspace.json';
const SITES = 'sites.json';
const LAYERS = 'layers.json';
const RECORDS = 'records.json';
const ATTACHMENTS = 'attachments.json';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Count = z.number().int().nonnegative();

const Manifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.number().int().min(1).max(BUNDLE_VERSION),
  exportedAt: z.iso.datetime(),
  workspace: z.object({ id: z.string().min(1), name: z.string(), forceArea: z.string() }),
  counts: z.object({ sites: Count, layers: Count, records: Count, attachments: Count }),
  entries: z.array(z.object({ path: z.string().min(1), bytes: Count, sha256: Sha256 })),
});
type Manifest = z.infer<typeof Manifest>;

/**
 * One typed array of a point layer. The array type follows from the kind, as point-columns.ts has it:
 * number (and lon, lat) Float64Array, month Uint16Array, dictionary codes Uint16Array or, for a layer
 * with more than 65,536 distinct values, Uint32Array.
 */
const ColumnEntry = z.discriminatedUnion('kind', [
  z.object({ name: z.string().min(1), kind: z.literal('number'), path: z.string().min(1) }),
  z.object({ name: z.string().min(1), kind: z.literal('month'), path: z.string().min(1) }),
  z.object({
    name: z.string().min(1),
    kind: z.literal('dictionary'),
    codes: z.enum(['uint16', 'uint32']),
    dictionary: z.array(z.string()),
    path: z.string().min(1),
  }),
]);
type ColumnEntry = z.infer<typeof ColumnEntry>;

const LayerEntry = z.object({
  layer: Layer,
  data: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('points'), count: Count, columns: z.array(ColumnEntry), index: z.string().min(1).nullable() }),
    z.object({ kind: z.literal('features'), path: z.string().min(1) }),
  ]),
});
type LayerEntry = z.infer<typeof LayerEntry>;

/** Enough of GeoJSON to store and draw: the drivers that made the layer checked the rest at import. */
const FeatureCollectionShape = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.looseObject({
      type: z.literal('Feature'),
      geometry: z.looseObject({ type: z.string() }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

const AttachmentEntry = AttachmentRef.extend({ workspaceId: z.string().min(1), path: z.string().min(1) });

// ---------------------------------------------------------------------------------------------------
// Bytes: typed arrays are written little-endian whatever the machine, so a bundle reads the same anywhere.

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

type Column = Float64Array | Uint16Array | Uint32Array;

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}

function littleEndianBytes(array: Column): Uint8Array {
  const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return LITTLE_ENDIAN ? view : swapBytes(view.slice(), array.BYTES_PER_ELEMENT);
}

/** A copy in a buffer of its own: an entry's bytes may sit at an offset a typed array cannot start at. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value));

/** A path segment from an id or column name: ids and names may hold any character, a zip path not a "/". */
const segment = (text: string) => encodeURIComponent(text);

/** The zip's own dates are DOS dates (1980 to 2099); the export time when it fits, so the same bundle makes the same bytes. */
function zipTime(exportedAt: string): Date | undefined {
  const time = new Date(exportedAt);
  const year = time.getFullYear();
  return Number.isNaN(time.getTime()) || year < 1981 || year > 2098 ? undefined : time;
}

// ---------------------------------------------------------------------------------------------------

/** Writes a workspace as a bundle: a zip with a manifest, JSON entries and the layers' columns as raw bytes. */
export async function writeBundle(bundle: WorkspaceBundle): Promise<Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  const taken = new Set<string>();
  /** A path no other entry has: an attribute may be named like another entry ("index"), or two names encode alike. */
  const unique = (path: string, ending: string) => {
    let candidate = `${path}${ending}`;
    for (let n = 2; taken.has(candidate); n++) candidate = `${path}-${n}${ending}`;
    taken.add(candidate);
    return candidate;
  };
  const binary = (path: string, bytes: Uint8Array) => {
    entries.set(path, bytes);
    return path;
  };

  entries.set(WORKSPACE, jsonBytes(bundle.workspace));
  entries.set(SITES, jsonBytes(bundle.sites));
  const layers: LayerEntry[] = [];
  for (const { layer, data } of bundle.layers) {
    const folder = `layers/${segment(layer.id)}/`;
    if (data.kind === 'features') {
      layers.push({ layer, data: { kind: 'features', path: binary(unique(`${folder}features`, '.geojson'), jsonBytes(data.features)) } });
      continue;
    }
    const index = data.index ? binary(unique(`${folder}index`, '.bin'), new Uint8Array(data.index)) : null;
    const column = (name: string, values: Column) => binary(unique(`${folder}${segment(name)}`, '.bin'), littleEndianBytes(values));
    const columns: ColumnEntry[] = [
      { name: 'lon', kind: 'number', path: column('lon', data.columns.lon) },
      { name: 'lat', kind: 'number', path: column('lat', data.columns.lat) },
    ];
    for (const [name, attribute] of Object.entries(data.columns.attributes)) {
      if (attribute.kind === 'dictionary') {
        const codes = attribute.codes instanceof Uint32Array ? 'uint32' : 'uint16';
        columns.push({ name, kind: 'dictionary', codes, dictionary: attribute.dictionary, path: column(name, attribute.codes) });
      } else {
        columns.push({ name, kind: attribute.kind, path: column(name, attribute.values) });
      }
    }
    layers.push({ layer, data: { kind: 'points', count: data.columns.count, columns, index } });
  }
  entries.set(LAYERS, jsonBytes(layers));
  entries.set(RECORDS, jsonBytes(bundle.records));
  const attachments = bundle.attachments.map(({ data, ...meta }) => {
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    return { ...meta, path: binary(unique(`attachments/${segment(meta.id)}`, ''), bytes) };
  });
  entries.set(ATTACHMENTS, jsonBytes(attachments));

  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: bundle.exportedAt,
    workspace: { id: bundle.workspace.id, name: bundle.workspace.name, forceArea: bundle.workspace.forceArea },
    counts: { sites: bundle.sites.length, layers: bundle.layers.length, records: bundle.records.length, attachments: bundle.attachments.length },
    entries: [],
  };
  for (const [path, bytes] of entries) manifest.entries.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });

  const mtime = zipTime(bundle.exportedAt);
  const zippable: Zippable = { [MANIFEST]: encoder.encode(JSON.stringify(manifest, null, 2)) };
  for (const [path, bytes] of entries) zippable[path] = bytes;
  return zipSync(zippable, { level: 6, ...(mtime ? { mtime } : {}) });
}

// ---------------------------------------------------------------------------------------------------

/** A reason to refuse the bundle; thrown inside readBundle only, and returned as its message. */
class BundleProblem extends Error {}

const ENDS_EARLY = 'The file ends early: it is not a whole NRD Planner bundle (it may have been cut short when it was copied). Copy the bundle again from where it was exported.';
const EXPORT_AGAIN = 'Export the bundle again from the browser it came from.';

function fieldOf(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'it does not match its schema';
  const field = first.path.length > 0 ? `the field ${first.path.map(String).join('.')}` : 'the value';
  return `${field} is not valid (${first.message})${rest.length > 0 ? ` and ${rest.length} more ${rest.length === 1 ? 'field is' : 'fields are'} wrong` : ''}`;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new BundleProblem(`${where} is not valid: ${fieldOf(result.error)}. ${EXPORT_AGAIN}`);
  return result.data;
}

function unzipped(bytes: Uint8Array): Record<string, Uint8Array> {
  if (bytes.byteLength === 0) throw new BundleProblem('The file is empty: it is not an NRD Planner bundle.');
  // Every zip starts with a local file header, "PK\3\4"; its end (the central directory) is what a cut file lacks.
  const zip = bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!zip) throw new BundleProblem('This file is not an NRD Planner bundle: it is not a zip file. A bundle is the .zip file “Export workspace” saves.');
  if (bytes.byteLength < 22) throw new BundleProblem(ENDS_EARLY);
  try {
    return unzipSync(bytes);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // fflate: 13 "invalid zip data" (no end of central directory), 0 "unexpected EOF".
    if (code === 13 || code === 0) throw new BundleProblem(ENDS_EARLY);
    throw new BundleProblem(`The bundle is damaged and cannot be unpacked (${(error as Error).message}). ${EXPORT_AGAIN}`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function jsonEntry(files: Record<string, Uint8Array>, path: string): unknown {
  const bytes = files[path];
  if (!bytes) throw new BundleProblem(`The bundle has no ${path}: it is not a whole NRD Planner bundle. ${EXPORT_AGAIN}`);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new BundleProblem(`${path} is not UTF-8 text: it was not written by NRD Planner. ${EXPORT_AGAIN}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleProblem(`${path} is not valid JSON (${(error as Error).message}). ${EXPORT_AGAIN}`);
  }
}

function readManifest(files: Record<string, Uint8Array>): Manifest {
  if (!files[MANIFEST]) throw new BundleProblem('This zip file is not an NRD Planner bundle: it has no manifest.json. A bundle is the .zip file “Export workspace” saves.');
  const value = jsonEntry(files, MANIFEST);
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(value);
  const format = head.success ? head.data.format : undefined;
  if (format !== BUNDLE_FORMAT) {
    throw new BundleProblem(
      `This zip file is not an NRD Planner workspace bundle: its manifest ${typeof format === 'string' ? `says it is “${format.slice(0, 100)}”` : 'does not say it is one'}.`,
    );
  }
  const version = head.data?.version;
  // Checked before the rest of the manifest: a newer version may have changed it.
  if (typeof version === 'number' && Number.isInteger(version) && version > BUNDLE_VERSION) {
    throw new BundleProblem(
      `This bundle was made by a newer version of NRD Planner (bundle version ${version}); this version reads version ${BUNDLE_VERSION} and older. Open it with the newer version.`,
    );
  }
  return checked(Manifest, value, MANIFEST);
}

/** Every entry the manifest lists is there, whole and unchanged; nothing else is. Returns each entry's SHA-256. */
async function checkEntries(files: Record<string, Uint8Array>, manifest: Manifest): Promise<Map<string, string>> {
  const listed = new Map<string, string>();
  for (const { path, bytes, sha256 } of manifest.entries) {
    const data = files[path];
    if (!data) throw new BundleProblem(`The bundle has no ${path}, which its manifest lists: it is not a whole NRD Planner bundle. ${EXPORT_AGAIN}`);
    if (data.byteLength !== bytes) {
      throw new BundleProblem(`${path} has been changed since the bundle was made: it holds ${data.byteLength} bytes where the manifest says ${bytes}. ${EXPORT_AGAIN}`);
    }
    if ((await sha256Hex(data)) !== sha256) {
      throw new BundleProblem(`${path} has been changed since the bundle was made: its SHA-256 does not match the manifest. ${EXPORT_AGAIN}`);
    }
    listed.set(path, sha256);
  }
  for (const path of Object.keys(files)) {
    if (path === MANIFEST || path.endsWith('/') || listed.has(path)) continue;
    throw new BundleProblem(`${path} is in the bundle but not in its manifest: it was added after the bundle was made. ${EXPORT_AGAIN}`);
  }
  for (const path of [WORKSPACE, SITES, LAYERS, RECORDS, ATTACHMENTS]) {
    if (!listed.has(path)) throw new BundleProblem(`The bundle has no ${path}: it is not a whole NRD Planner bundle. ${EXPORT_AGAIN}`);
  }
  return listed;
}

function arrayEntry(files: Record<string, Uint8Array>, path: string, expected: number, noun: string): unknown[] {
  const value = jsonEntry(files, path);
  if (!Array.isArray(value)) throw new BundleProblem(`${path} is not valid: it should be a list of ${noun}s. ${EXPORT_AGAIN}`);
  if (value.length !== expected) {
    throw new BundleProblem(`${path} holds ${value.length} ${noun}${value.length === 1 ? '' : 's'} where the manifest says ${expected}. ${EXPORT_AGAIN}`);
  }
  return value;
}

function ofWorkspace(path: string, what: string, workspaceId: string, workspace: Workspace): void {
  if (workspaceId !== workspace.id) throw new BundleProblem(`${path}: ${what} belongs to another workspace than the bundle’s (“${workspace.name}”). ${EXPORT_AGAIN}`);
}

function noRepeats<T>(path: string, items: T[], key: (item: T) => string, what: (key: string) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (seen.has(value)) throw new BundleProblem(`${path} holds ${what(value)} twice. ${EXPORT_AGAIN}`);
    seen.add(value);
  }
}

function binaryEntry(files: Record<string, Uint8Array>, listed: Map<string, string>, path: string, from: string): Uint8Array {
  const bytes = listed.has(path) ? files[path] : undefined;
  if (!bytes) throw new BundleProblem(`${from} names ${path}, which is not in the bundle. ${EXPORT_AGAIN}`);
  return bytes;
}

const ARRAY_TYPES = { float64: Float64Array, uint16: Uint16Array, uint32: Uint32Array } as const;

function typedColumn<K extends keyof typeof ARRAY_TYPES>(bytes: Uint8Array, type: K, count: number, path: string, layerName: string): InstanceType<(typeof ARRAY_TYPES)[K]> {
  const Type = ARRAY_TYPES[type];
  const expected = count * Type.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== expected) {
    throw new BundleProblem(
      `${path} holds ${bytes.byteLength} bytes, but the layer “${layerName}” has ${count} point${count === 1 ? '' : 's'}: ${expected} bytes were expected (${Type.BYTES_PER_ELEMENT} a point). ${EXPORT_AGAIN}`,
    );
  }
  const own = bytes.slice();
  if (!LITTLE_ENDIAN) swapBytes(own, Type.BYTES_PER_ELEMENT);
  return new Type(own.buffer) as InstanceType<(typeof ARRAY_TYPES)[K]>;
}

function readLayer(files: Record<string, Uint8Array>, listed: Map<string, string>, entry: LayerEntry): LayerData {
  const { layer, data } = entry;
  const where = `${LAYERS} (layer “${layer.name}”)`;
  if ((layer.geometry === 'point') !== (data.kind === 'points')) {
    throw new BundleProblem(`${where}: a ${layer.geometry} layer cannot hold ${data.kind === 'points' ? 'point columns' : 'features'}. ${EXPORT_AGAIN}`);
  }
  if (data.kind === 'features') {
    const value = jsonEntry({ [data.path]: binaryEntry(files, listed, data.path, where) }, data.path);
    checked(FeatureCollectionShape, value, `${data.path} (layer “${layer.name}”)`);
    // The parsed JSON itself, not zod's copy of it: the features are kept exactly as they were stored.
    return { kind: 'features', features: value as FeatureCollection };
  }
  const { count } = data;
  const names = data.columns.map((column) => column.name);
  noRepeats(LAYERS, names, (name) => name, (name) => `the column “${name}” of the layer “${layer.name}”`);
  const position = (name: 'lon' | 'lat') => {
    const column = data.columns.find((candidate) => candidate.name === name);
    if (column?.kind !== 'number') throw new BundleProblem(`${where} has no ${name} column: a point layer needs its positions. ${EXPORT_AGAIN}`);
    return typedColumn(binaryEntry(files, listed, column.path, where), 'float64', count, column.path, layer.name);
  };
  const lon = position('lon');
  const lat = position('lat');
  const attributes: Record<string, AttributeColumn> = {};
  for (const column of data.columns) {
    if (column.name === 'lon' || column.name === 'lat') continue;
    const bytes = binaryEntry(files, listed, column.path, where);
    if (column.kind === 'number') {
      attributes[column.name] = { kind: 'number', values: typedColumn(bytes, 'float64', count, column.path, layer.name) };
    } else if (column.kind === 'month') {
      attributes[column.name] = { kind: 'month', values: typedColumn(bytes, 'uint16', count, column.path, layer.name) };
    } else {
      const codes = typedColumn(bytes, column.codes, count, column.path, layer.name);
      // A code past the end of its dictionary would read as a category that does not exist.
      for (const code of codes) {
        if (code >= column.dictionary.length) {
          throw new BundleProblem(`${column.path}: the column “${column.name}” of the layer “${layer.name}” has a code (${code}) with no value in its dictionary. ${EXPORT_AGAIN}`);
        }
      }
      attributes[column.name] = { kind: 'dictionary', codes, dictionary: column.dictionary };
    }
  }
  const columns: PointColumns = { count, lon, lat, attributes };
  if (data.index === null) return { kind: 'points', columns };
  const index = ownBuffer(binaryEntry(files, listed, data.index, where));
  let items: number;
  try {
    items = KDBush.from(index).numItems;
  } catch (error) {
    throw new BundleProblem(`${data.index} is not the spatial index of the layer “${layer.name}” (${(error as Error).message}). ${EXPORT_AGAIN}`);
  }
  // An empty layer may carry an index of one far-away point (kdbush cannot be built empty everywhere).
  if (items !== count && count !== 0) {
    throw new BundleProblem(`${data.index} indexes ${items} points, but the layer “${layer.name}” has ${count}. ${EXPORT_AGAIN}`);
  }
  return { kind: 'points', columns, index };
}

async function readRecords(records: unknown[], attachmentHashes: { id: string; sha256OfBytes: string | null }[]): Promise<RecordVersion[]> {
  for (const [position, row] of records.entries()) {
    const result = RecordVersion.safeParse(row);
    if (!result.success) {
      const { recordId, version } = (row ?? {}) as { recordId?: unknown; version?: unknown };
      const which = typeof version === 'number' ? `version ${version}` : `entry ${position + 1}`;
      throw new BundleProblem(`${RECORDS}: ${which} of the record ${typeof recordId === 'string' ? recordId : '(no id)'} is not valid: ${fieldOf(result.error)}. ${EXPORT_AGAIN}`);
    }
  }
  // Over the rows as written, as "Verify history" checks what IndexedDB holds: a hash is over the row as saved.
  const report = await verifyRecords(records, attachmentHashes);
  const first = report.problems[0];
  if (first) {
    const kind = first.kind ? RECORD_KIND_LABELS[first.kind] : 'A record';
    const more = report.problems.length - 1;
    throw new BundleProblem(
      `The record history in the bundle does not verify: ${kind} (record ${first.recordId}): ${first.message}` +
        `${more > 0 ? ` ${more} more problem${more === 1 ? ' was' : 's were'} found.` : ''} The bundle cannot be imported as it is; export it again from the browser it came from, after checking that browser’s history with Verify history.`,
    );
  }
  return records as RecordVersion[];
}

async function read(bytes: Uint8Array): Promise<WorkspaceBundle> {
  const files = unzipped(bytes);
  const manifest = readManifest(files);
  const listed = await checkEntries(files, manifest);

  const workspace = checked(Workspace, jsonEntry(files, WORKSPACE), WORKSPACE);
  if (workspace.id !== manifest.workspace.id) throw new BundleProblem(`${WORKSPACE} is of another workspace than the manifest names. ${EXPORT_AGAIN}`);

  const sites = arrayEntry(files, SITES, manifest.counts.sites, 'site').map((row, position) => {
    const reference = (row as { reference?: unknown } | null)?.reference;
    const site = checked(Site, row, `${SITES}: site ${position + 1}${typeof reference === 'string' ? ` (${reference.slice(0, 64)})` : ''}`);
    ofWorkspace(SITES, `the site ${site.reference}`, site.workspaceId, workspace);
    return site;
  });
  noRepeats(SITES, sites, (site) => site.id, (id) => `the site id ${id}`);
  noRepeats(SITES, sites, (site) => site.reference, (reference) => `the reference ${reference}`);

  const layerEntries = arrayEntry(files, LAYERS, manifest.counts.layers, 'layer').map((row, position) => {
    const name = (row as { layer?: { name?: unknown } } | null)?.layer?.name;
    const entry = checked(LayerEntry, row, `${LAYERS}: layer ${position + 1}${typeof name === 'string' ? ` (“${name.slice(0, 200)}”)` : ''}`);
    ofWorkspace(LAYERS, `the layer “${entry.layer.name}”`, entry.layer.workspaceId, workspace);
    return entry;
  });
  noRepeats(LAYERS, layerEntries, (entry) => entry.layer.id, (id) => `the layer id ${id}`);
  const layers = layerEntries.map((entry) => ({ layer: entry.layer, data: readLayer(files, listed, entry) }));

  const attachmentEntries = arrayEntry(files, ATTACHMENTS, manifest.counts.attachments, 'attachment').map((row, position) =>
    checked(AttachmentEntry, row, `${ATTACHMENTS}: attachment ${position + 1}`),
  );
  noRepeats(ATTACHMENTS, attachmentEntries, (entry) => entry.id, (id) => `the attachment id ${id}`);
  const attachments: StoredAttachment[] = attachmentEntries.map(({ path, ...meta }) => {
    ofWorkspace(ATTACHMENTS, `the file “${meta.name}”`, meta.workspaceId, workspace);
    const data = binaryEntry(files, listed, path, ATTACHMENTS);
    if (data.byteLength !== meta.size || listed.get(path) !== meta.sha256) {
      throw new BundleProblem(`${path} (the file “${meta.name}”) does not match the size and SHA-256 that ${ATTACHMENTS} gives it. ${EXPORT_AGAIN}`);
    }
    return { ...meta, data: ownBuffer(data) };
  });

  const recordRows = arrayEntry(files, RECORDS, manifest.counts.records, 'record version');
  const records = await readRecords(
    recordRows,
    attachmentEntries.map((entry) => ({ id: entry.id, sha256OfBytes: listed.get(entry.path) ?? null })),
  );
  for (const record of records) ofWorkspace(RECORDS, `version ${record.version} of the record ${record.recordId}`, record.workspaceId, workspace);
  noRepeats(RECORDS, records, (record) => record.versionId, (id) => `the version id ${id}`);

  return { workspace, sites, layers, records, attachments, exportedAt: manifest.exportedAt };
}

/**
 * Reads a bundle, refusing one that is cut short, changed since it was made, from a newer release, or
 * whose record history does not verify, with a message that says which and what to do. Never throws
 * for a bad file: the message is the answer.
 */
export async function readBundle(bytes: Uint8Array): Promise<ReadBundleResult> {
  try {
    return { ok: true, bundle: await read(bytes) };
  } catch (error) {
    if (error instanceof BundleProblem) return { ok: false, message: error.message };
    return { ok: false, message: `The bundle cannot be read (${error instanceof Error ? error.message : String(error)}). ${EXPORT_AGAIN}` };
  }
}
