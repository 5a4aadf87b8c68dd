import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { NewerDatabaseError, SCHEMA_VERSION, openCheckedDatabase, openDatabase, type NrdDatabase } from './database.ts';
import {
  StoredDataError,
  addImport,
  getActiveWorkspaceId,
  readLayerData,
  readLayers,
  readSites,
  readWorkspace,
  replaceActiveWorkspace,
  type WorkspaceContents,
} from './workspace-store.ts';
import { FIXED_TIME, exampleLayer, exampleSite } from '../../test/fixtures/domain.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { appendRecordVersion, readWorkspaceRecords, saveAttachment, verifyWorkspaceRecords } from './record-store.ts';
import type { Site } from '../domain/site.ts';

function contents(workspaceId: string, siteCount = 2): WorkspaceContents {
  return {
    workspace: { id: workspaceId, name: `Workspace ${workspaceId}`, forceArea: 'Avon and Somerset', description: '', isSample: false, createdAt: FIXED_TIME },
    sites: Array.from({ length: siteCount }, (_, i) => exampleSite({ id: `${workspaceId}-site-${i}`, workspaceId, reference: `S${i}`, name: `Site ${i}` })),
    layers: [
      {
        layer: exampleLayer({ id: `${workspaceId}-crime`, workspaceId }),
        data: {
          kind: 'points',
          columns: {
            count: 3,
            lon: Float64Array.of(-2.1, -2.2, -2.3),
            lat: Float64Array.of(51.1, 51.2, 51.3),
            attributes: {
              crimeType: { kind: 'dictionary', codes: Uint16Array.of(0, 1, 0), dictionary: ['Burglary', 'Robbery'] },
              month: { kind: 'month', values: Uint16Array.of(636, 636, 637) },
            },
          },
        },
      },
    ],
  };
}

/** A site as releases before schema 3 wrote it: no lifecycle history, no revision (typed as today's table takes it). */
function asWrittenBeforeSchema3(site: Site): Site {
  const { statusHistory: _history, revision: _revision, ...rest } = site;
  return rest as Site;
}

let db: NrdDatabase;
afterEach(async () => {
  db?.close();
  await Dexie.delete('test-nrd');
});

describe('workspace store', () => {
  it('stores a point layer as typed-array columns and reads it back identical', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    expect(await getActiveWorkspaceId(db)).toBe('a');
    expect((await readSites(db, 'a')).map((s) => s.reference)).toEqual(['S0', 'S1']);
    const [layer] = await readLayers(db, 'a');
    const data = await readLayerData(db, layer!);
    if (data.kind !== 'points') throw new Error('expected points');
    expect(data.columns.lon).toBeInstanceOf(Float64Array);
    expect([...data.columns.lat]).toEqual([51.1, 51.2, 51.3]);
    expect(data.columns.attributes.crimeType).toEqual({
      kind: 'dictionary',
      codes: Uint16Array.of(0, 1, 0),
      dictionary: ['Burglary', 'Robbery'],
    });
    // One row per column, not one per crime.
    expect(await db.layerColumns.count()).toBe(4);
  });

  it('replaces the active workspace and leaves no rows of the old one', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    await replaceActiveWorkspace(db, contents('b', 1));
    expect(await readWorkspace(db, 'a')).toBeUndefined();
    expect(await db.sites.count()).toBe(1);
    expect(await db.layers.count()).toBe(1);
    expect(await db.layerColumns.where('layerId').equals('a-crime').count()).toBe(0);
  });

  it('leaves the database exactly as it was when a record fails its schema mid-way', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    const bad = contents('b');
    (bad.sites[1] as { rangeMetres: number }).rangeMetres = -5;
    await expect(replaceActiveWorkspace(db, bad)).rejects.toThrow();
    expect(await getActiveWorkspaceId(db)).toBe('a');
    expect(await readSites(db, 'a')).toHaveLength(2);
    expect(await db.workspaces.count()).toBe(1);
  });

  it('rolls back when IndexedDB itself refuses a write part-way (duplicate key)', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    const clash = contents('b');
    clash.sites[1]!.id = clash.sites[0]!.id;
    await expect(replaceActiveWorkspace(db, clash)).rejects.toThrow();
    expect(await getActiveWorkspaceId(db)).toBe('a');
    expect(await db.layerColumns.count()).toBe(4);
  });

  it('reports a stored record that no longer matches its schema, naming table and key', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    await db.sites.update('a-site-0', { lat: 'north' as unknown as number });
    await expect(readSites(db, 'a')).rejects.toThrow(StoredDataError);
    await expect(readSites(db, 'a')).rejects.toThrow(/sites record "a-site-0"/);
  });
});

describe('adding imported layers', () => {
  it('adds every layer of an import, or none when one of them cannot be written', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    const { data } = contents('a').layers[0]!;
    await addImport(db, [
      { layer: exampleLayer({ id: 'new-1', workspaceId: 'a' }), data: data! },
      { layer: exampleLayer({ id: 'new-2', workspaceId: 'a', name: 'Schools', kind: 'sensitive' }), data: data! },
    ]);
    expect((await readLayers(db, 'a')).map((l) => l.id).sort()).toEqual(['a-crime', 'new-1', 'new-2']);

    const before = await db.layerColumns.count();
    // The second layer reuses an id already stored: IndexedDB refuses it after the first was written.
    await expect(
      addImport(db, [
        { layer: exampleLayer({ id: 'new-3', workspaceId: 'a' }), data: data! },
        { layer: exampleLayer({ id: 'new-1', workspaceId: 'a' }), data: data! },
      ]),
    ).rejects.toThrow();
    expect((await readLayers(db, 'a')).map((l) => l.id).sort()).toEqual(['a-crime', 'new-1', 'new-2']);
    expect(await db.layerColumns.count()).toBe(before);
  });

  it('adds the sites an import read into the register with its layers, and none of either when a reference is taken', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    const { data } = contents('a').layers[0]!;
    const fresh = exampleSite({ id: 'imported-1', workspaceId: 'a', reference: 'CAM-1' });
    const stored = await addImport(db, [{ layer: exampleLayer({ id: 'new-1', workspaceId: 'a' }), data: data! }], [fresh]);
    expect(stored).toMatchObject([{ id: 'imported-1', revision: 1 }]);
    expect((await readSites(db, 'a')).map((s) => s.reference)).toEqual(['CAM-1', 'S0', 'S1']);

    const taken = exampleSite({ id: 'imported-2', workspaceId: 'a', reference: 'S0' });
    await expect(addImport(db, [{ layer: exampleLayer({ id: 'new-2', workspaceId: 'a' }), data: data! }], [taken])).rejects.toThrow(/already has a site with the reference S0/);
    expect((await readLayers(db, 'a')).map((l) => l.id).sort()).toEqual(['a-crime', 'new-1']);
    expect(await readSites(db, 'a')).toHaveLength(3);
  });

  it('reads a layer stored before styles had a size as size 4', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    await db.layers.update('a-crime', { style: { colour: '#d62728', opacity: 0.8 } as never });
    expect((await readLayers(db, 'a'))[0]!.style).toEqual({ colour: '#d62728', opacity: 0.8, size: 4 });
  });
});

describe('opening the database', () => {
  it('upgrades a database written by schema 1 (no spatial indexes) and reads its layers unchanged', async () => {
    // Written row by row as release 1 wrote them (its store code had no index table to touch).
    const old = openDatabase('test-nrd', 1);
    const { workspace, sites, layers } = contents('a');
    const { layer, data } = layers[0]!;
    if (data.kind !== 'points') throw new Error('expected points');
    await old.workspaces.add(workspace);
    await old.sites.bulkAdd(sites.map(asWrittenBeforeSchema3));
    await old.layers.add({ ...layer, style: { colour: '#d62728', opacity: 0.8 } as never });
    await old.layerColumns.bulkAdd([
      { layerId: layer.id, name: 'lon', column: { kind: 'number', values: data.columns.lon } },
      { layerId: layer.id, name: 'lat', column: { kind: 'number', values: data.columns.lat } },
      ...Object.entries(data.columns.attributes).map(([name, column]) => ({ layerId: layer.id, name, column })),
    ]);
    await old.settings.bulkPut([
      { key: 'activeWorkspaceId', value: 'a' },
      { key: 'schemaVersion', value: 1 },
    ]);
    old.close();

    db = await openCheckedDatabase('test-nrd');
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.settings.get('schemaVersion'))?.value).toBe(SCHEMA_VERSION);
    const [stored] = await readLayers(db, 'a');
    // Release 1's layer had no style size: it reads with the default.
    expect(stored!.style.size).toBe(4);
    const read = await readLayerData(db, stored!);
    if (read.kind !== 'points') throw new Error('expected points');
    expect([...read.columns.lat]).toEqual([51.1, 51.2, 51.3]);
    expect(read.index).toBeUndefined();
    expect(await readSites(db, 'a')).toHaveLength(2);
    expect(await db.layerIndexes.count()).toBe(0);
  });

  it('upgrades sites written by schema 2 to an empty lifecycle history at revision 0, found by reference', async () => {
    const old = openDatabase('test-nrd', 2);
    const { workspace, sites } = contents('a');
    await old.workspaces.add(workspace);
    await old.sites.bulkAdd(sites.map(asWrittenBeforeSchema3));
    await old.settings.bulkPut([
      { key: 'activeWorkspaceId', value: 'a' },
      { key: 'schemaVersion', value: 2 },
    ]);
    old.close();

    db = await openCheckedDatabase('test-nrd');
    const read = await readSites(db, 'a');
    expect(read.map((site) => [site.reference, site.statusHistory, site.revision])).toEqual([
      ['S0', [], 0],
      ['S1', [], 0],
    ]);
    expect((await db.sites.where('[workspaceId+reference]').equals(['a', 'S1']).first())?.name).toBe('Site 1');
  });

  it('opens a database written by schema 3 with its sites intact and adds the procedure records to it', async () => {
    const old = openDatabase('test-nrd', 3);
    const { workspace, sites } = contents('a', 1);
    const site = {
      ...sites[0]!,
      status: 'approved' as const,
      revision: 2,
      statusHistory: [{ from: 'proposed' as const, to: 'approved' as const, date: '2026-11-20', by: 'Insp. Patel', reason: 'Approved at the NRD board', recordedAt: FIXED_TIME }],
    };
    await old.workspaces.add(workspace);
    await old.sites.add(site);
    await old.settings.bulkPut([
      { key: 'activeWorkspaceId', value: 'a' },
      { key: 'schemaVersion', value: 3 },
    ]);
    old.close();

    db = await openCheckedDatabase('test-nrd');
    expect(db.verno).toBe(4);
    expect(await readSites(db, 'a')).toEqual([site]);
    expect(await readWorkspaceRecords(db, 'a')).toEqual({ versions: [], unreadable: 0 });
    const ref = await saveAttachment(db, 'a', { name: 'board-minutes.txt', type: 'text/plain', data: new TextEncoder().encode('Approved').buffer });
    const { version } = await appendRecordVersion(
      db,
      {
        recordId: null,
        basedOnVersion: 0,
        kind: 'consultation',
        workspaceId: 'a',
        siteId: site.id,
        content: { consultees: 'Ward councillors', heldOn: '2026-11-18', method: 'Meeting', said: ref.name, outcome: 'Supported', locationDisclosure: 'general-area', transparency: '' },
        author: 'Insp. Patel',
        note: '',
      },
      FIXED_TIME,
    );
    expect(version).toMatchObject({ version: 1, siteId: site.id });
    expect(await verifyWorkspaceRecords(db, 'a')).toEqual({ checkedVersions: 1, checkedRecords: 1, problems: [] });
  });

  it('deletes a workspace’s procedure records and attached files with it', async () => {
    db = openDatabase('test-nrd');
    await replaceActiveWorkspace(db, contents('a'));
    await saveAttachment(db, 'a', { name: 'notes.txt', type: 'text/plain', data: new TextEncoder().encode('x').buffer });
    await appendRecordVersion(
      db,
      {
        recordId: null,
        basedOnVersion: 0,
        kind: 'consultation',
        workspaceId: 'a',
        siteId: 'a-site-0',
        content: { consultees: '', heldOn: '', method: '', said: '', outcome: '', locationDisclosure: 'not-disclosed', transparency: '' },
        author: 'PC Jones',
        note: '',
      },
      FIXED_TIME,
    );
    await replaceActiveWorkspace(db, contents('b'));
    expect(await db.records.count()).toBe(0);
    expect(await db.attachments.count()).toBe(0);
  });

  it('stores a point layer’s spatial index with it and deletes it with the workspace', async () => {
    db = openDatabase('test-nrd');
    const withIndex = contents('a');
    const points = withIndex.layers[0]!.data;
    if (points.kind !== 'points') throw new Error('expected points');
    points.index = buildPointIndex(points.columns);
    await replaceActiveWorkspace(db, withIndex);
    const data = await readLayerData(db, (await readLayers(db, 'a'))[0]!);
    expect(data.kind === 'points' && data.index?.byteLength).toBe(points.index.byteLength);
    await replaceActiveWorkspace(db, contents('b'));
    expect(await db.layerIndexes.count()).toBe(0);
  });

  it('records its schema version and refuses data saved by a newer release', async () => {
    db = await openCheckedDatabase('test-nrd');
    expect((await db.settings.get('schemaVersion'))?.value).toBe(SCHEMA_VERSION);
    await db.settings.put({ key: 'schemaVersion', value: SCHEMA_VERSION + 1 });
    db.close();
    await expect(openCheckedDatabase('test-nrd')).rejects.toThrow(NewerDatabaseError);
  });
});
