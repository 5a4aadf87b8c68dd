import { z } from 'zod';
import { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { AttributeColumn, PointColumns } from '../domain/point-columns.ts';
import { Site } from '../domain/site.ts';
import { Workspace } from '../domain/workspace.ts';
import type { NrdDatabase, StoredColumn } from './database.ts';
import { applySiteChanges } from './site-store.ts';


export interface WorkspaceContents {
  workspace: Workspace;
  sites: Site[];
  layers: { layer: Layer; data: LayerData }[];
}

/** Data read back from IndexedDB that no longer matches its schema: the recovery screen's cue. */
export class StoredDataError extends Error {
  constructor(table: string, key: unknown, detail: string) {
    super(`Stored ${table} record ${JSON.stringify(key)} cannot be read: ${detail}`);
    this.name = 'StoredDataError';
  }
}

function checked<T>(schema: z.ZodType<T>, table: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const key = (value as { id?: unknown } | undefined)?.id;
    throw new StoredDataError(table, key, z.prettifyError(result.error));
  }
  return result.data;
}

export const ACTIVE_WORKSPACE = 'activeWorkspaceId';

export async function getSetting<T>(db: NrdDatabase, key: string): Promise<T | undefined> {
  return (await db.settings.get(key))?.value as T | undefined;
}

export async function setSetting(db: NrdDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export async function getActiveWorkspaceId(db: NrdDatabase): Promise<string | undefined> {
  return getSetting<string>(db, ACTIVE_WORKSPACE);
}

export async function readWorkspace(db: NrdDatabase, id: string): Promise<Workspace | undefined> {
  const row = await db.workspaces.get(id);
  return row && checked(Workspace, 'workspaces', row);
}

export async function readSites(db: NrdDatabase, workspaceId: string): Promise<Site[]> {
  const rows = await db.sites.where('workspaceId').equals(workspaceId).toArray();
  return rows.map((row) => checked(Site, 'sites', row)).sort((a, b) => a.reference.localeCompare(b.reference));
}

export async function readLayers(db: NrdDatabase, workspaceId: string): Promise<Layer[]> {
  const rows = await db.layers.where('workspaceId').equals(workspaceId).toArray();
  // Draw order is import order: importedAt, then id for layers imported together.
  return rows
    .map((row) => checked(Layer, 'layers', row))
    .sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.id.localeCompare(b.id));
}

export interface WorkspaceView {
  workspace: Workspace | undefined;
  sites: Site[];
  layers: Layer[];
}

/** The active workspace with its register and layers, as the workspace screen shows it. */
export async function readActiveWorkspace(db: NrdDatabase): Promise<WorkspaceView> {
  const id = await getActiveWorkspaceId(db);
  if (!id) return { workspace: undefined, sites: [], layers: [] };
  const [workspace, sites, layers] = await Promise.all([readWorkspace(db, id), readSites(db, id), readLayers(db, id)]);
  return { workspace, sites, layers };
}

export async function readLayerData(db: NrdDatabase, layer: Layer): Promise<LayerData> {
  if (layer.geometry !== 'point') {
    const row = await db.layerFeatures.get(layer.id);
    if (!row || row.features?.type !== 'FeatureCollection') throw new StoredDataError('layerFeatures', layer.id, 'missing');
    return { kind: 'features', features: row.features };
  }
  const rows = await db.layerColumns.where('layerId').equals(layer.id).toArray();
  const byName = new Map(rows.map((row) => [row.name, row.column]));
  const lon = byName.get('lon');
  const lat = byName.get('lat');
  if (lon?.kind !== 'number' || lat?.kind !== 'number') throw new StoredDataError('layerColumns', layer.id, 'no position columns');
  const count = lon.values.length;
  const attributes: Record<string, AttributeColumn> = {};
  for (const [name, column] of byName) {
    if (name === 'lon' || name === 'lat') continue;
    const length = column.kind === 'dictionary' ? column.codes.length : column.values.length;
    if (length !== count) throw new StoredDataError('layerColumns', [layer.id, name], `${length} rows, expected ${count}`);
    attributes[name] = column;
  }
  if (lat.values.length !== count) throw new StoredDataError('layerColumns', [layer.id, 'lat'], 'length differs from lon');
  const index = (await db.layerIndexes.get(layer.id))?.data;
  return { kind: 'points', columns: { count, lon: lon.values, lat: lat.values, attributes }, ...(index ? { index } : {}) };
}

function columnRows(layerId: string, columns: PointColumns): StoredColumn[] {
  return [
    { layerId, name: 'lon', column: { kind: 'number', values: columns.lon } },
    { layerId, name: 'lat', column: { kind: 'number', values: columns.lat } },
    ...Object.entries(columns.attributes).map(([name, column]) => ({ layerId, name, column })),
  ];
}

export async function writeLayers(db: NrdDatabase, layers: { layer: Layer; data: LayerData }[]): Promise<void> {
  for (const { layer, data } of layers) {
    await db.layers.add(layer);
    if (data.kind === 'points') {
      await db.layerColumns.bulkAdd(columnRows(layer.id, data.columns));
      if (data.index) await db.layerIndexes.add({ layerId: layer.id, data: data.index });
    } else {
      await db.layerFeatures.add({ layerId: layer.id, features: data.features });
    }
  }
}

export const ALL_TABLES = (db: NrdDatabase) => [db.workspaces, db.sites, db.layers, db.layerColumns, db.layerFeatures, db.layerIndexes, db.settings, db.records, db.attachments];

export async function deleteWorkspaceRows(db: NrdDatabase, workspaceId: string): Promise<void> {
  const layerIds = (await db.layers.where('workspaceId').equals(workspaceId).primaryKeys()) as string[];
  await db.layerColumns.where('layerId').anyOf(layerIds).delete();
  await db.layerFeatures.bulkDelete(layerIds);
  await db.layerIndexes.bulkDelete(layerIds);
  await db.layers.bulkDelete(layerIds);
  await db.sites.where('workspaceId').equals(workspaceId).delete();
  // The procedure records and the files they cite belong to the workspace they were kept in.
  await db.records.where('workspaceId').equals(workspaceId).delete();
  await db.attachments.where('workspaceId').equals(workspaceId).delete();
  await db.workspaces.delete(workspaceId);
}

/**
 * Swaps the active workspace for a new one in a single transaction: if anything fails, including a
 * record that does not pass its schema, the database is left exactly as it was.
 */
export async function replaceActiveWorkspace(db: NrdDatabase, contents: WorkspaceContents): Promise<void> {
  const workspace = Workspace.parse(contents.workspace);
  const sites = contents.sites.map((site) => Site.parse(site));
  const layers = contents.layers.map(({ layer, data }) => ({ layer: Layer.parse(layer), data }));
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const previous = await getActiveWorkspaceId(db);
    if (previous) await deleteWorkspaceRows(db, previous);
    await db.workspaces.add(workspace);
    await db.sites.bulkAdd(sites);
    await writeLayers(db, layers);
    await setSetting(db, ACTIVE_WORKSPACE, workspace.id);
  });
}

/**
 * Adds an import to a workspace: its layers and the sites it read into the register, all of them or,
 * if any write fails (a reference another tab has just taken), none. Returns the sites as stored.
 */
export async function addImport(db: NrdDatabase, layers: { layer: Layer; data: LayerData }[], sites: Site[] = []): Promise<Site[]> {
  const checkedLayers = layers.map(({ layer, data }) => ({ layer: Layer.parse(layer), data }));
  return db.transaction('rw', [db.workspaces, db.layers, db.layerColumns, db.layerFeatures, db.layerIndexes, db.sites], async () => {
    for (const workspaceId of new Set([...checkedLayers.map(({ layer }) => layer.workspaceId), ...sites.map((site) => site.workspaceId)])) {
      if (!(await db.workspaces.get(workspaceId))) throw new Error('The workspace this import was for is no longer open.');
    }
    await writeLayers(db, checkedLayers);
    const saved = await applySiteChanges(db, sites.map((site) => ({ before: null, after: site })), new Date().toISOString());
    return saved as Site[];
  });
}

/** How a layer is shown: the only part of an imported layer the user edits. */
export type LayerDisplay = Partial<Pick<Layer, 'visible' | 'style'>>;

export async function updateLayerDisplay(db: NrdDatabase, layerId: string, display: LayerDisplay): Promise<void> {
  await db.layers.update(layerId, display);
}
