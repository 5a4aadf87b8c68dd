import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { RecordContent, RecordKind, RecordVersion } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import type { NrdDatabase } from '../store/database.ts';
import { appendRecordVersion, readWorkspaceRecords, RecordVersionConflict, saveAttachment, readAttachment, verifyWorkspaceRecords } from '../store/record-store.ts';
import { SiteEditConflict } from '../store/site-store.ts';
import type { VerificationReport } from '../procedure/record-chain.ts';
import { decisionTransitions } from '../procedure/new-infrastructure.ts';
import { reviewStartTransition, reviewTransitions } from '../procedure/annual-review.ts';
import { latestOfEach, missingFromRecord } from '../procedure/site-records.ts';
import { download, localToday } from './use-register-actions.ts';

/** A record open in the dialog: an existing one, or a new one of a kind with the content it starts from. */
export type OpenRecord = { [K in RecordKind]: { kind: K; recordId: string | null; siteId: string | null; initial: RecordContent<K> } }[RecordKind];

const NO_RECORDS = { versions: [] as RecordVersion[], unreadable: 0 };
// The querier is async on purpose: see useActiveWorkspace.

/** Files bigger than this are refused: they would be kept in the browser and in every bundle. */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/**
 * The workspace's procedure records, read live (another tab's saves show here), with saving a version,
 * attaching files and "verify history". A decision or review that concludes moves the site's lifecycle
 * in the same transaction as its record.
 */
export function useProcedureRecords(db: NrdDatabase, workspaceId: string | undefined, register: readonly Site[], setUserName: (name: string) => void) {
  const read = useLiveQuery(async () => (workspaceId ? readWorkspaceRecords(db, workspaceId) : NO_RECORDS), [db, workspaceId]) ?? NO_RECORDS;
  const latest = useMemo(() => latestOfEach(read.versions), [read.versions]);
  const missing = useMemo(
    () => new Map(latest.map((version) => [version.recordId, missingFromRecord(version, latest.filter((other) => other.siteId !== null && other.siteId === version.siteId))])),
    [latest],
  );
  const [open, setOpen] = useState<OpenRecord | null>(null);
  const [verification, setVerification] = useState<{ report: VerificationReport; at: string } | null>(null);
  const [verifying, setVerifying] = useState(false);

  const versionsOf = (recordId: string | null) =>
    recordId === null ? [] : read.versions.filter((version) => version.recordId === recordId).sort((a, b) => a.version - b.version);

  const save = async (record: OpenRecord, content: RecordContent, author: string, note: string, conclude: boolean): Promise<string | null> => {
    if (!workspaceId) return 'No workspace is open.';
    const by = author.trim();
    if (!by) return 'Give your name: every version says who saved it.';
    const previous = versionsOf(record.recordId);
    if (previous.length > 0 && !note.trim() && !conclude) return 'Say what changed and why: the earlier version is kept beside this one.';
    const now = new Date().toISOString();
    let saved = content;
    const siteChanges = [];
    const site = register.find((candidate) => candidate.id === record.siteId);
    if (!conclude && record.kind === 'annual-review' && previous.length === 0 && site) {
      const started = reviewStartTransition(site, content as RecordContent<'annual-review'>, by, now, localToday());
      if (started && !started.ok) return started.message;
      if (started) siteChanges.push({ before: site, after: started.site });
    }
    if (conclude) {
      if (!site) return 'The site of this record is no longer in the register.';
      const moved =
        record.kind === 'decision'
          ? decisionTransitions(site, content as RecordContent<'decision'>, by, now, localToday())
          : record.kind === 'annual-review'
            ? reviewTransitions(site, content as RecordContent<'annual-review'>, by, now, localToday())
            : { ok: false as const, message: 'Only a decision or an annual review records an outcome.' };
      if (!moved.ok) return moved.message;
      saved = { ...content, concluded: true } as RecordContent;
      siteChanges.push({ before: site, after: moved.site });
    }
    try {
      const { version } = await appendRecordVersion(
        db,
        { recordId: record.recordId, basedOnVersion: previous.at(-1)?.version ?? 0, kind: record.kind, workspaceId, siteId: record.siteId, content: saved, author: by, note: note.trim() || (conclude && previous.length > 0 ? 'Outcome recorded.' : '') } as Parameters<typeof appendRecordVersion>[1],
        now,
        siteChanges,
      );
      setUserName(by);
      // A new record keeps its dialog open on the record as saved.
      if (record.recordId === null) setOpen({ ...record, recordId: version.recordId } as OpenRecord);
      return null;
    } catch (failure) {
      if (failure instanceof RecordVersionConflict || failure instanceof SiteEditConflict) return `Not saved: ${failure.message}`;
      return `Not saved: ${failure instanceof Error ? failure.message : String(failure)}`;
    }
  };

  return {
    versions: read.versions,
    unreadable: read.unreadable,
    latest,
    missing,
    open,
    setOpen,
    versionsOf,
    save,
    attach: async (file: File) => {
      if (!workspaceId) return 'No workspace is open.';
      if (file.size > MAX_ATTACHMENT_BYTES) return `${file.name} is ${Math.round(file.size / 1024 / 1024)} MB; attach files up to 25 MB.`;
      return saveAttachment(db, workspaceId, { name: file.name, type: file.type, data: await file.arrayBuffer() });
    },
    openAttachment: async (id: string) => {
      const stored = await readAttachment(db, id);
      if (!stored) return;
      download(stored.name, stored.type || 'application/octet-stream', stored.data);
    },
    verification,
    verifying,
    /** Runs verify history, shows its result, and returns it. */
    verify: async (): Promise<VerificationReport | null> => {
      if (!workspaceId) return null;
      setVerifying(true);
      try {
        const report = await verifyWorkspaceRecords(db, workspaceId);
        setVerification({ report, at: new Date().toISOString() });
        return report;
      } finally {
        setVerifying(false);
      }
    },
    clearVerification: () => setVerification(null),
  };
}

export type ProcedureRecords = ReturnType<typeof useProcedureRecords>;
