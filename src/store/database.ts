import Dexie, { type EntityTable } from 'dexie';
import type { Layer } from '../domain/layer.ts';
import type { RecordVersion, StoredAttachment } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { AttributeColumn } from '../domain/point-columns.ts';
import type { FeatureCollection } from 'geojson';

export const DATABASE_NAME = 'nrd-planner';
/** The newest db.version() below; kept in the settings table so that an older app can tell it is too old. */
export const SCHEMA_VERSION = 4;
const SCHEMA_VERSION_SETTING = 'schemaVersion';

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
/** A point layer's spatial index, as buildPointIndex makes it: kdbush bytes over BNG metres. */
export interface StoredIndex {
  layerId: string;
  data: ArrayBuffer;
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
  layerIndexes: EntityTable<StoredIndex, 'layerId'>;
  settings: EntityTable<Setting, 'key'>;
  records: EntityTable<RecordVersion, 'versionId'>;
  attachments: EntityTable<StoredAttachment, 'id'>;
};

/**
 * Every schema version lives here, each kept forever with its upgrade, so a database written by any
 * earlier release opens. Big layers are stored as columns (one row per column, not per crime).
 * `upToVersion` opens the database as an earlier release did, for tests of the upgrade from it.
 */
export function openDatabase(name = DATABASE_NAME, upToVersion = SCHEMA_VERSION): NrdDatabase {
  const db = new Dexie(name) as NrdDatabase;
  db.version(1).stores({
    workspaces: 'id',
    sites: 'id, workspaceId, reference, kind, status',
    layers: 'id, workspaceId, kind',
    layerColumns: '[layerId+name], layerId',
    layerFeatures: 'layerId',
    settings: 'key',
  });
  // Point layers' spatial indexes. Layers imported under version 1 have none: it is rebuilt when wanted.
  if (upToVersion >= 2) db.version(2).stores({ layerIndexes: 'layerId' });
  // Sites gain a lifecycle history and a revision, the counter that stops two tabs overwriting each
  // other's edits; the register looks references up within a workspace.
  if (upToVersion >= 3) {
    db.version(3)
      .stores({ sites: 'id, workspaceId, [workspaceId+reference], kind, status' })
      .upgrade((tx) =>
        tx
          .table('sites')
          .toCollection()
          .modify((site: Record<string, unknown>) => {
            site.statusHistory ??= [];
            site.revision ??= 0;
          }),
      );
  }
  // The procedure's records: one row per version, appended and never changed, each sealed with a
  // SHA-256 (procedure/record-chain.ts). [recordId+version] is unique so that two tabs saving a
  // record at once cannot both write the same version number. The files records cite keep their bytes
  // in their own table, so that reading the records does not read every file.
  if (upToVersion >= 4) {
    db.version(4).stores({
      records: 'versionId, recordId, &[recordId+version], workspaceId, siteId, kind',
      attachments: 'id, workspaceId',
    });
  }
  return db;
}

export class NewerDatabaseError extends Error {
  constructor(stored: number) {
    super(
      `The data in this browser was saved by a newer version of NRD Planner (schema ${stored}); ` +
        `this version understands schema ${SCHEMA_VERSION} and older. Open it with the newer version, or export it and reset.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Opens the database and checks it was not written by a newer release: Dexie opens such a database
 * by adapting to its tables, but this code could then misread the records inside them.
 */
export async function openCheckedDatabase(name = DATABASE_NAME): Promise<NrdDatabase> {
  const db = openDatabase(name);
  await db.open();
  const stored = (await db.settings.get(SCHEMA_VERSION_SETTING))?.value;
  if (typeof stored === 'number' && stored > SCHEMA_VERSION) {
    db.close();
    throw new NewerDatabaseError(stored);
  }
  if (stored !== SCHEMA_VERSION) await db.settings.put({ key: SCHEMA_VERSION_SETTING, value: SCHEMA_VERSION });
  return db;
}
