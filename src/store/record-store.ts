import Dexie from 'dexie';
import { z } from 'zod';
import {
  AttachmentRef,
  RECORD_CONTENT,
  RECORD_KIND_LABELS,
  RecordVersion,
  UnsealedVersion,
  type RecordContent,
  type RecordKind,
  type RecordVersionOf,
  type StoredAttachment,
} from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import { citedAttachments, sealVersion, sha256Hex, verifyRecords, type VerificationReport } from '../procedure/record-chain.ts';
import type { NrdDatabase } from './database.ts';
import { applySiteChanges, type SiteChange } from './site-store.ts';

/** A version the user is saving: of a new record, or of one they opened at `basedOnVersion`. Kind and content agree. */
export type RecordDraft<K extends RecordKind = RecordKind> = {
  [P in K]: {
    /** null: a new record. */
    recordId: string | null;
    /** The version the user's edit started from: 0 for a new record. */
    basedOnVersion: number;
    kind: P;
    workspaceId: string;
    siteId: string | null;
    content: RecordContent<P>;
    author: string;
    note: string;
  };
}[K];

/**
 * Another tab (or window) saved a version of this record after this tab opened it. Nothing was
 * written: the user sees the newer version before deciding what to save on top of it.
 */
export class RecordVersionConflict extends Error {
  constructor(
    readonly kind: RecordKind,
    /** The latest version as it is stored now; null if the record is no longer stored. */
    readonly current: RecordVersion | null,
  ) {
    super(
      current === null
        ? `This ${RECORD_KIND_LABELS[kind].toLowerCase()} is no longer stored (it was removed in another tab); your version was not saved.`
        : `Version ${current.version} of this ${RECORD_KIND_LABELS[kind].toLowerCase()} was saved by ${current.author} in another tab after you opened it; your version was not saved. Reopen the record to see it.`,
    );
    this.name = 'RecordVersionConflict';
  }
}

/** A record or file that does not pass its schema, named by field so the user can put it right. */
export class RecordValidationError extends Error {
  constructor(
    readonly kind: RecordKind,
    readonly field: string,
    detail: string,
  ) {
    super(`The ${RECORD_KIND_LABELS[kind].toLowerCase()} cannot be saved: ${field} is not valid (${detail}).`);
    this.name = 'RecordValidationError';
  }
}

function validated<T>(schema: z.ZodType<T>, value: unknown, kind: RecordKind, prefix: string[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map(String)];
  throw new RecordValidationError(kind, path.length > 0 ? `the field ${path.join('.')}` : 'the record', issue?.message ?? 'it does not match the record schema');
}

/** The stored latest version of a record, raw: read through the unique [recordId+version] index. */
async function latestRow(db: NrdDatabase, recordId: string): Promise<unknown> {
  return db.records.where('[recordId+version]').between([recordId, Dexie.minKey], [recordId, Dexie.maxKey]).last();
}

/** The latest version, or null for a record with none; a version that cannot be read stops the save. */
async function latestOf(db: NrdDatabase, recordId: string | null, kind: RecordKind): Promise<RecordVersion | null> {
  if (recordId === null) return null;
  const row = await latestRow(db, recordId);
  if (row === undefined) return null;
  const result = RecordVersion.safeParse(row);
  if (!result.success) throw new Error(`The latest stored version of this ${RECORD_KIND_LABELS[kind].toLowerCase()} cannot be read, so no version can follow it: verify history to see what changed.`);
  return result.data;
}

const sameVersion = (a: RecordVersion | null, b: RecordVersion | null) => a?.versionId === b?.versionId;

/**
 * Appends a version to a record, sealed with its SHA-256 and the previous version's, together with the
 * lifecycle changes it causes (a decision, a concluded review): all of it saved, or none. A version is
 * never changed once saved ("Records of the procedure are appended, never edited in place").
 * Throws RecordVersionConflict, writing nothing, when another tab saved a version since `basedOnVersion`.
 */
export async function appendRecordVersion<K extends RecordKind>(
  db: NrdDatabase,
  draft: RecordDraft<K>,
  now: string,
  siteChanges: SiteChange[] = [],
): Promise<{ version: RecordVersionOf<K>; sites: (Site | null)[] }> {
  const { kind } = draft;
  const content = validated(RECORD_CONTENT[kind] as z.ZodType<unknown>, draft.content, kind, []);
  const latest = await latestOf(db, draft.recordId, kind);
  if ((latest?.version ?? 0) !== draft.basedOnVersion) throw new RecordVersionConflict(kind, latest);
  if (latest && (latest.kind !== kind || latest.workspaceId !== draft.workspaceId || latest.siteId !== draft.siteId)) {
    throw new Error(`This version is not of the same record: a record keeps its kind, workspace and site through all its versions.`);
  }
  const unsealed = validated(
    UnsealedVersion,
    {
      versionId: crypto.randomUUID(),
      recordId: draft.recordId ?? crypto.randomUUID(),
      workspaceId: draft.workspaceId,
      siteId: draft.siteId,
      version: (latest?.version ?? 0) + 1,
      author: draft.author,
      savedAt: now,
      note: draft.note,
      previousHash: latest?.hash ?? null,
      kind,
      content,
    },
    kind,
    [],
  );
  // Sealed before the transaction: awaiting WebCrypto inside a Dexie transaction would let IndexedDB
  // commit it early.
  const version = await sealVersion(unsealed);
  const sites = await db.transaction('rw', [db.records, db.sites], async () => {
    const stillLatest = draft.recordId === null ? null : ((await latestRow(db, draft.recordId)) ?? null);
    if (!sameVersion(stillLatest as RecordVersion | null, latest)) throw new RecordVersionConflict(kind, RecordVersion.safeParse(stillLatest).data ?? null);
    await db.records.add(version);
    return siteChanges.length > 0 ? applySiteChanges(db, siteChanges, now) : [];
  });
  return { version: version as RecordVersionOf<K>, sites };
}

/**
 * Every readable version of a workspace's records. A row that fails its schema is counted, not thrown,
 * so the workspace still opens; verifyWorkspaceRecords says which it is and what is wrong with it.
 */
export async function readWorkspaceRecords(db: NrdDatabase, workspaceId: string): Promise<{ versions: RecordVersion[]; unreadable: number }> {
  const rows: unknown[] = await db.records.where('workspaceId').equals(workspaceId).toArray();
  const versions: RecordVersion[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const result = RecordVersion.safeParse(row);
    if (result.success) versions.push(result.data);
    else unreadable += 1;
  }
  versions.sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.recordId.localeCompare(b.recordId) || a.version - b.version);
  return { versions, unreadable };
}

/** Stores a file for a record to cite; the record keeps the returned reference, SHA-256 included. */
export async function saveAttachment(db: NrdDatabase, workspaceId: string, file: { name: string; type: string; data: ArrayBuffer }): Promise<AttachmentRef> {
  const ref = AttachmentRef.parse({
    id: crypto.randomUUID(),
    // Kept within the schema's limits rather than refusing a file for its long name.
    name: file.name.slice(0, 300),
    type: file.type.slice(0, 200),
    size: file.data.byteLength,
    sha256: await sha256Hex(file.data),
  });
  await db.attachments.add({ ...ref, workspaceId, data: file.data });
  return ref;
}

export async function readAttachment(db: NrdDatabase, id: string): Promise<StoredAttachment | undefined> {
  return db.attachments.get(id);
}

function asBytes(data: unknown): ArrayBuffer | Uint8Array | null {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * "Verify history": checks the workspace's record versions as they are stored, not as the schema would
 * read them, and the bytes of every file they cite, so that a change made directly in IndexedDB shows.
 */
export async function verifyWorkspaceRecords(db: NrdDatabase, workspaceId: string): Promise<VerificationReport> {
  const rows: unknown[] = await db.records.where('workspaceId').equals(workspaceId).toArray();
  const ids = new Set(rows.flatMap((row) => citedAttachments((row as { content?: unknown } | null)?.content).map((cited) => cited.id)));
  const attachments: { id: string; sha256OfBytes: string | null }[] = [];
  // One file at a time: files can be large, and only their hashes are kept.
  for (const id of ids) {
    const stored: { data?: unknown } | undefined = await db.attachments.get(id);
    if (!stored) continue;
    const bytes = asBytes(stored.data);
    attachments.push({ id, sha256OfBytes: bytes && (await sha256Hex(bytes)) });
  }
  return verifyRecords(rows, attachments);
}

/** Whether any procedure record is kept about a site, whose versions cite it by id. */
export async function siteHasRecords(db: NrdDatabase, siteId: string): Promise<boolean> {
  return (await db.records.where('siteId').equals(siteId).first()) !== undefined;
}
