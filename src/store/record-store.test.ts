import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie, { liveQuery } from 'dexie';
import { openDatabase, type NrdDatabase } from './database.ts';
import {
  RecordValidationError,
  RecordVersionConflict,
  appendRecordVersion,
  readAttachment,
  readWorkspaceRecords,
  saveAttachment,
  siteHasRecords,
  verifyWorkspaceRecords,
  type RecordDraft,
} from './record-store.ts';
import { applySiteChanges, SiteEditConflict } from './site-store.ts';
import { readActiveWorkspace, replaceActiveWorkspace } from './workspace-store.ts';
import { exampleSite, exampleStrategicAssessment } from '../../test/fixtures/domain.ts';
import type { Decision, StrategicAssessment } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';

const NAME = 'test-record-store';
const T1 = '2026-11-25T10:01:00.000Z';
const T2 = '2026-11-25T10:02:00.000Z';
const T3 = '2026-11-25T10:03:00.000Z';

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  strategicAssessmentId: null,
  locations: 'A36 Wellsway, from the strategic assessment’s county lines corridor.',
  existingReview: '',
  fitFigures: null,
  privacyImpactId: null,
  proportionality: '',
  outcome: null,
  decidedOn: '',
  justification: '',
  concluded: false,
  ...overrides,
});

const draft = (overrides: Partial<RecordDraft<'decision'>> = {}): RecordDraft<'decision'> => ({
  recordId: null,
  basedOnVersion: 0,
  kind: 'decision',
  workspaceId: 'workspace-1',
  siteId: 'site-1',
  content: decision(),
  author: 'Insp. Patel',
  note: '',
  ...overrides,
});

function assessment(attachment: StrategicAssessment['evidence'][number]['attachment']): RecordDraft<'strategic-assessment'> {
  return {
    recordId: null,
    basedOnVersion: 0,
    kind: 'strategic-assessment',
    workspaceId: 'workspace-1',
    siteId: null,
    content: exampleStrategicAssessment(attachment),
    author: 'Analyst',
    note: '',
  };
}

let db: NrdDatabase;
let site: Site;
beforeEach(async () => {
  db = openDatabase(NAME);
  site = (await applySiteChanges(db, [{ before: null, after: exampleSite({ kind: 'proposed', status: 'under-assessment' }) }], T1))[0]!;
});
afterEach(async () => {
  db.close();
  await Dexie.delete(NAME);
});

describe('appending versions: "Records of the procedure are appended, never edited in place"', () => {
  it('saves version 1, then version 2 sealed on it, and reads both back', async () => {
    const { version: v1 } = await appendRecordVersion(db, draft(), T1);
    expect(v1).toMatchObject({ version: 1, previousHash: null, kind: 'decision', savedAt: T1, author: 'Insp. Patel' });
    expect(v1.hash).toMatch(/^[0-9a-f]{64}$/);
    const { version: v2 } = await appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, content: decision({ proportionality: 'Limited to one lane.' }), note: 'Step 3 done' }), T2);
    expect(v2).toMatchObject({ recordId: v1.recordId, version: 2, previousHash: v1.hash });
    expect(await db.records.get(v1.versionId)).toEqual(v1);
    expect(await readWorkspaceRecords(db, 'workspace-1')).toEqual({ versions: [v1, v2], unreadable: 0 });
    expect(await verifyWorkspaceRecords(db, 'workspace-1')).toEqual({ checkedVersions: 2, checkedRecords: 1, problems: [] });
    expect(await siteHasRecords(db, 'site-1')).toBe(true);
    expect(await siteHasRecords(db, 'site-2')).toBe(false);
  });

  it('refuses, writing nothing, a version based on one another tab has since followed', async () => {
    const { version: v1 } = await appendRecordVersion(db, draft(), T1);
    // Tab B saves version 2; tab A, opened at version 1, saves too.
    const { version: byB } = await appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, note: 'Tab B' }), T2);
    const attempt = appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, note: 'Tab A' }), T3);
    await expect(attempt).rejects.toThrow(RecordVersionConflict);
    await expect(attempt).rejects.toMatchObject({
      current: byB,
      message: 'Version 2 of this new infrastructure decision was saved by Insp. Patel in another tab after you opened it; your version was not saved. Reopen the record to see it.',
    });
    expect(await db.records.count()).toBe(2);
  });

  it('lets only one of two saves made at the same moment on the same version through', async () => {
    const { version: v1 } = await appendRecordVersion(db, draft(), T1);
    // Both read version 1 as the latest before either writes: the check inside the transaction decides.
    const results = await Promise.allSettled([
      appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, note: 'Tab A' }), T2),
      appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, note: 'Tab B' }), T2),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(RecordVersionConflict) });
    expect((await verifyWorkspaceRecords(db, 'workspace-1')).checkedVersions).toBe(2);
  });

  it('refuses content that fails its schema, naming the field', async () => {
    const bad = draft({ content: { ...decision(), outcome: 'maybe' } as unknown as Decision });
    await expect(appendRecordVersion(db, bad, T1)).rejects.toThrow(RecordValidationError);
    await expect(appendRecordVersion(db, bad, T1)).rejects.toThrow(/field outcome is not valid/);
    await expect(appendRecordVersion(db, draft({ author: '  ' }), T1)).rejects.toThrow(/field author is not valid/);
    expect(await db.records.count()).toBe(0);
  });

  it('saves a decision and the lifecycle change it makes together', async () => {
    const approved: Site = {
      ...site,
      status: 'approved',
      statusHistory: [{ from: 'under-assessment', to: 'approved', date: '2026-11-25', by: 'Insp. Patel', reason: 'Decision: approve', recordedAt: T2 }],
    };
    const { version, sites } = await appendRecordVersion(db, draft({ content: decision({ outcome: 'approve', decidedOn: '2026-11-25', concluded: true }) }), T2, [{ before: site, after: approved }]);
    expect(sites).toMatchObject([{ id: site.id, status: 'approved', revision: site.revision + 1 }]);
    expect(await db.sites.get(site.id)).toMatchObject({ status: 'approved' });
    expect(await db.records.get(version.versionId)).toEqual(version);
  });

  it('writes neither the version nor the lifecycle change when the site cannot be changed', async () => {
    // Another tab moved the site since this one read it.
    await applySiteChanges(db, [{ before: site, after: { ...site, status: 'rejected' } }], T2);
    const attempt = appendRecordVersion(db, draft({ content: decision({ outcome: 'approve', concluded: true }) }), T3, [{ before: site, after: { ...site, status: 'approved' } }]);
    await expect(attempt).rejects.toThrow(SiteEditConflict);
    expect(await db.records.count()).toBe(0);
    expect(await db.sites.get(site.id)).toMatchObject({ status: 'rejected' });
  });
});

describe('verify history over what is stored in IndexedDB', () => {
  it('finds a version changed directly in the database', async () => {
    const { version: v1 } = await appendRecordVersion(db, draft(), T1);
    await appendRecordVersion(db, draft({ recordId: v1.recordId, basedOnVersion: 1, note: 'More' }), T2);
    await db.records.update(v1.versionId, { author: 'Someone else' });
    const report = await verifyWorkspaceRecords(db, 'workspace-1');
    expect(report.problems).toEqual([
      {
        recordId: v1.recordId,
        versionId: v1.versionId,
        version: 1,
        kind: 'decision',
        siteId: 'site-1',
        problem: 'altered',
        message: 'Version 1 was changed after it was saved: its content no longer matches its SHA-256.',
      },
    ]);
  });

  it('stores an attached file with its SHA-256 and finds its bytes changed in the database', async () => {
    const bytes = new TextEncoder().encode('Force strategic assessment 2026');
    const ref = await saveAttachment(db, 'workspace-1', { name: 'assessment.pdf', type: 'application/pdf', data: bytes.slice().buffer });
    expect(ref).toMatchObject({ name: 'assessment.pdf', type: 'application/pdf', size: bytes.byteLength });
    const stored = await readAttachment(db, ref.id);
    expect(new Uint8Array(stored!.data)).toEqual(bytes);
    await appendRecordVersion(db, assessment(ref), T1);
    expect((await verifyWorkspaceRecords(db, 'workspace-1')).problems).toEqual([]);

    await db.attachments.update(ref.id, { data: new TextEncoder().encode('Something else').buffer });
    expect((await verifyWorkspaceRecords(db, 'workspace-1')).problems.map((problem) => problem.problem)).toEqual(['attachment-altered']);
    await db.attachments.delete(ref.id);
    expect((await verifyWorkspaceRecords(db, 'workspace-1')).problems.map((problem) => problem.problem)).toEqual(['attachment-missing']);
  });

  it('counts rows that cannot be read without failing, and verify names them', async () => {
    const { version } = await appendRecordVersion(db, draft(), T1);
    await db.records.update(version.versionId, { version: 'one' as unknown as number });
    expect(await readWorkspaceRecords(db, 'workspace-1')).toEqual({ versions: [], unreadable: 1 });
    const report = await verifyWorkspaceRecords(db, 'workspace-1');
    expect(report.problems).toMatchObject([{ problem: 'unreadable', versionId: version.versionId, message: expect.stringMatching(/field version is not valid/) }]);
    // No version can follow one that cannot be read.
    await expect(appendRecordVersion(db, draft({ recordId: version.recordId, basedOnVersion: 1 }), T2)).rejects.toThrow(/cannot be read, so no version can follow it/);
  });
});

describe('live queries over records and the register', () => {
  it('see every lifecycle change saved with a record, when each querier is an async function (as the app writes them)', async () => {
    const workspace = { id: 'workspace-1', name: 'W', forceArea: 'Avon and Somerset', description: '', isSample: false, createdAt: T1 };
    await db.sites.clear();
    await replaceActiveWorkspace(db, { workspace, sites: [site], layers: [] });
    const names: string[] = [];
    const register = liveQuery(async () => readActiveWorkspace(db)).subscribe((view) => names.push(view.sites[0]!.name));
    // The app has a live query over the records open beside the register's.
    const records = liveQuery(async () => readWorkspaceRecords(db, 'workspace-1')).subscribe(() => {});
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    await settle();
    for (const name of ['Renamed once', 'Renamed twice']) {
      const current = (await db.sites.get(site.id))!;
      await appendRecordVersion(db, draft({ content: decision({ justification: name }) }), new Date().toISOString(), [{ before: current, after: { ...current, name } }]);
      await settle();
    }
    register.unsubscribe();
    records.unsubscribe();
    expect(names).toEqual(['Example site', 'Renamed once', 'Renamed twice']);
  });
});
