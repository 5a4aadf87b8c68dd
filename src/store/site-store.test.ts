import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type NrdDatabase } from './database.ts';
import { applySiteChanges, ReferenceTakenError, SiteEditConflict } from './site-store.ts';
import { exampleSite } from '../../test/fixtures/domain.ts';
import type { Site } from '../domain/site.ts';

const T1 = '2026-11-25T10:01:00.000Z';
const T2 = '2026-11-25T10:02:00.000Z';
const T3 = '2026-11-25T10:03:00.000Z';

let db: NrdDatabase;
let stored: Site;
beforeEach(async () => {
  db = openDatabase('test-site-store');
  stored = (await applySiteChanges(db, [{ before: null, after: exampleSite() }], T1))[0]!;
});
afterEach(async () => {
  db.close();
  await Dexie.delete('test-site-store');
});

describe('saving the register', () => {
  it('adds a site at revision 1 and counts every save', async () => {
    expect(stored.revision).toBe(1);
    const [moved] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 180 } }], T2);
    expect(moved).toMatchObject({ bearingDegrees: 180, revision: 2, updatedAt: T2 });
    expect(await db.sites.get(stored.id)).toEqual(moved);
  });

  it('keeps both edits when two tabs change different fields of the same site', async () => {
    // Tab B renames it; tab A, still holding the copy before the rename, turns the bearing.
    await applySiteChanges(db, [{ before: stored, after: { ...stored, name: 'Renamed in tab B' } }], T2);
    const [saved] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 45 } }], T3);
    expect(saved).toMatchObject({ name: 'Renamed in tab B', bearingDegrees: 45, revision: 3 });
  });

  it('refuses, and writes nothing, when another tab changed the same field since', async () => {
    const [byB] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 270 } }], T2);
    const attempt = applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 45 } }], T3);
    await expect(attempt).rejects.toThrow(SiteEditConflict);
    await expect(attempt).rejects.toMatchObject({ fields: ['bearingDegrees'], current: byB, message: 'S1 was changed in another tab after you opened it (bearing); your change was not saved.' });
    expect(await db.sites.get(stored.id)).toEqual(byB);
  });

  it('lets the user put their version over the other one when they choose to', async () => {
    await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 270 } }], T2);
    const [saved] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 45 } }], T3, { overwrite: true });
    expect(saved).toMatchObject({ bearingDegrees: 45, revision: 3 });
  });

  it('does not count a field both tabs set to the same value as a clash', async () => {
    await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 45 } }], T2);
    const [saved] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 45, name: 'Both' } }], T3);
    expect(saved).toMatchObject({ bearingDegrees: 45, name: 'Both', revision: 3 });
  });

  it('will not delete a site that was edited since, nor edit one that was deleted', async () => {
    const [edited] = await applySiteChanges(db, [{ before: stored, after: { ...stored, name: 'Edited' } }], T2);
    await expect(applySiteChanges(db, [{ before: stored, after: null }], T3)).rejects.toThrow(SiteEditConflict);
    await applySiteChanges(db, [{ before: edited!, after: null }], T3);
    expect(await db.sites.count()).toBe(0);
    await expect(applySiteChanges(db, [{ before: edited!, after: { ...edited!, name: 'Too late' } }], T3)).rejects.toThrow(/deleted in another tab/);
  });

  it('undoes a change by applying it the other way round, keeping what another tab did meanwhile', async () => {
    const [turned] = await applySiteChanges(db, [{ before: stored, after: { ...stored, bearingDegrees: 10 } }], T2);
    await applySiteChanges(db, [{ before: turned!, after: { ...turned!, road: 'A36' } }], T2);
    const [undone] = await applySiteChanges(db, [{ before: turned!, after: { ...turned!, bearingDegrees: stored.bearingDegrees } }], T3);
    expect(undone).toMatchObject({ bearingDegrees: 90, road: 'A36' });
  });

  it('restores a deleted site with the same identity', async () => {
    await applySiteChanges(db, [{ before: stored, after: null }], T2);
    const [restored] = await applySiteChanges(db, [{ before: null, after: stored }], T3);
    expect(restored).toMatchObject({ id: stored.id, reference: 'S1', revision: 2 });
  });

  it('keeps references unique within a workspace, and saves a batch whole or not at all', async () => {
    const second = exampleSite({ id: 'site-2', reference: 'S2' });
    const clash = exampleSite({ id: 'site-3', reference: 'S1' });
    await expect(applySiteChanges(db, [{ before: null, after: second }, { before: null, after: clash }], T2)).rejects.toThrow(ReferenceTakenError);
    expect(await db.sites.count()).toBe(1);
    await applySiteChanges(db, [{ before: null, after: exampleSite({ id: 'site-4', workspaceId: 'other', reference: 'S1' }) }], T2);
    expect(await db.sites.count()).toBe(2);
  });

  it('checks every record against the Site schema before writing', async () => {
    await expect(applySiteChanges(db, [{ before: stored, after: { ...stored, rangeMetres: -5 } }], T2)).rejects.toThrow();
    expect(await db.sites.get(stored.id)).toEqual(stored);
  });
});
