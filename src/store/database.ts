import Dexie, { type EntityTable } from 'dexie';
import type { Layer } from '../domain/layer.ts';
import type { Site } from '../domain/site.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { AttributeColumn } from '../domain/point-columns.ts';
import type { FeatureCollection } from 'geojson';

export const DATABASE_NAME = 'nrd-planner';

/** One column of a point layer; `lon` and `lat` are stored as number columns like any other. */
export interface StoredColumn {
  layerId: string;
  name: string;
  column: AttributeColumn;
}
/** Shapes (LSOA boundaries, force areas) are few enough to keep as one GeoJSON value per layer. */
export interface StoredFeatures {
  layerId: string;
  features: FeatureCollection;
}
export interface Setting {
  key: string;
  value: unknown;
}

export type NrdDatabase = Dexie & {
  workspaces: EntityTable<Workspace, 'id'>;
  sites: EntityTable<Site, 'id'>;
  layers: EntityTable<Layer, 'id'>;
  layerColumns: Dexie.Table<StoredColumn, [string, string]>;
  layerFeatures: EntityTable<StoredFeatures, 'layerId'>;
  settings: EntityTable<Setting, 'key'>;
};

/**
 * Every schema version lives here, each kept forever with its upgrade, so a database written by any
 * earlier release opens. Big layers are stored as columns (one row per column, not per crime).
 */
export function openDatabase(name = DATABASE_NAME): NrdDatabase {
  const db = new Dexie(name) as NrdDatabase;
  db.version(1).stores({
    workspaces: 'id',
    sites: 'id, workspaceId, reference, kind, status',
    layers: 'id, workspaceId, kind',
    layerColumns: '[layerId+name], layerId',
    layerFeatures: 'layerId',
    settings: 'key',
  });
  return db;
}
