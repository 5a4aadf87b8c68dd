import { z } from 'zod';
import { RecordKind, RecordVersion, type UnsealedVersion } from '../domain/procedure-record.ts';

/**
 * "Records of the review process should be maintained in all cases": each version of a record is
 * sealed with the SHA-256 of its canonical JSON, which includes the hash of the version before it, so
 * that a version changed, removed or reordered after it was saved shows when the history is verified.
 * Pure: runs in the browser and in Node (WebCrypto is global in both).
 */

/**
 * JSON with object keys sorted (recursively), arrays in order and no whitespace: the same value always
 * gives the same text, whatever order its keys were written in, so its hash can be recomputed.
 * Properties that are undefined are left out, as JSON.stringify does; a number that JSON cannot hold
 * (NaN, Infinity) is refused rather than silently written as null.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot write ${path} as canonical JSON: ${value} is not a finite number.`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, index) => (item === undefined ? 'null' : write(item, `${path}[${index}]`))).join(',')}]`;
      const entries = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key], `${path}.${key}`)}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`Cannot write ${path} as canonical JSON: a ${typeof value} has no JSON form.`);
  }
}

/** SHA-256 as lowercase hex; a string is hashed as its UTF-8 bytes. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A version's hash: over everything it holds but the hash itself, previousHash included. */
async function hashOf(unsealed: object): Promise<string> {
  return sha256Hex(canonicalJson(unsealed));
}

/** Seals a version as it is saved; nothing changes it after. */
export async function sealVersion(unsealed: UnsealedVersion): Promise<RecordVersion> {
  // A sealed version passed in again is sealed afresh, not over its old hash.
  const { hash: _old, ...content } = unsealed as UnsealedVersion & { hash?: unknown };
  return { ...content, hash: await hashOf(content) } as RecordVersion;
}

/** A file a record cites: found wherever an `attachment` with an id sits in its content. */
export interface CitedAttachment {
  id: string;
  name: string;
  sha256: string;
}

/** Every attachment cited in a record's content (today the strategic assessment's evidence), in order, once each. */
export function citedAttachments(content: unknown): CitedAttachment[] {
  const found = new Map<string, CitedAttachment>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'attachment' && inner !== null && typeof inner === 'object' && typeof (inner as { id?: unknown }).id === 'string') {
        const { id, name, sha256 } = inner as { id: string; name?: unknown; sha256?: unknown };
        const cited = { id, name: typeof name === 'string' ? name : id, sha256: typeof sha256 === 'string' ? sha256 : '' };
        if (!found.has(`${id} ${cited.sha256}`)) found.set(`${id} ${cited.sha256}`, cited);
      } else {
        walk(inner);
      }
    }
  };
  walk(content);
  return [...found.values()];
}

export const VERIFICATION_PROBLEMS = ['unreadable', 'altered', 'chain-broken', 'version-missing', 'mixed-record', 'attachment-altered', 'attachment-missing'] as const;
export type VerificationProblemKind = (typeof VERIFICATION_PROBLEMS)[number];

export interface VerificationProblem {
  /** The record the problem is in; empty when a stored row does not even say which record it belongs to. */
  recordId: string;
  /** The version the problem was found in (for a missing version, the one after the gap). */
  versionId: string | null;
  version: number | null;
  kind: RecordKind | null;
  siteId: string | null;
  problem: VerificationProblemKind;
  /** What was found, in words a user can act on. */
  message: string;
}

export interface VerificationReport {
  checkedVersions: number;
  checkedRecords: number;
  problems: VerificationProblem[];
}

/** A stored row as far as it can be read: enough to place it in its record's history even when it fails its schema. */
interface Placed {
  row: Record<string, unknown>;
  parsed: RecordVersion | null;
  recordId: string;
  version: number;
  versionId: string | null;
  hash: string | null;
}

const stringOr = <T>(value: unknown, fallback: T): string | T => (typeof value === 'string' ? value : fallback);

function describeIssue(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'it does not match the record schema';
  const field = first.path.length > 0 ? `the field ${first.path.map(String).join('.')}` : 'the version';
  return `${field} is not valid (${first.message})${rest.length > 0 ? ` and ${rest.length} more ${rest.length === 1 ? 'field is' : 'fields are'} wrong` : ''}`;
}

/**
 * Verifies stored record versions as they are in IndexedDB, which anyone with the browser's developer
 * tools can edit: each version against its own SHA-256, each against the one before it, the version
 * numbers for gaps, and the files the records cite against the SHA-256 the records keep of them.
 * `rows` are raw and may be malformed; `attachments` gives, for each stored file, the SHA-256 of its
 * bytes as they are now (null when the bytes cannot be read).
 */
export async function verifyRecords(rows: unknown[], attachments: { id: string; sha256OfBytes: string | null }[]): Promise<VerificationReport> {
  const problems: VerificationProblem[] = [];
  const byRecord = new Map<string, Placed[]>();
  const recordIds = new Set<string>();

  for (const row of rows) {
    const object = row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
    const recordId = stringOr(object.recordId, '');
    const version = typeof object.version === 'number' && Number.isInteger(object.version) && object.version >= 1 ? object.version : null;
    const versionId = stringOr(object.versionId, null);
    if (recordId) recordIds.add(recordId);
    const result = RecordVersion.safeParse(row);
    if (!result.success) {
      problems.push({
        recordId,
        versionId,
        version,
        kind: RecordKind.safeParse(object.kind).data ?? null,
        siteId: stringOr(object.siteId, null),
        problem: 'unreadable',
        message: `${version === null ? 'A stored version' : `Version ${version}`} cannot be read: ${describeIssue(result.error)}.`,
      });
    }
    // An unreadable version still holds its place, so that the versions around it are checked as usual.
    if (recordId && version !== null) {
      const placed = { row: object, parsed: result.success ? result.data : null, recordId, version, versionId, hash: stringOr(object.hash, null) };
      const record = byRecord.get(recordId);
      if (record) record.push(placed);
      else byRecord.set(recordId, [placed]);
    }
  }

  const bytes = new Map(attachments.map((attachment) => [attachment.id, attachment.sha256OfBytes]));
  for (const [recordId, versions] of byRecord) {
    versions.sort((a, b) => a.version - b.version || (a.versionId ?? '').localeCompare(b.versionId ?? ''));
    const first = versions.find((placed) => placed.parsed !== null)?.parsed ?? null;
    const citedBefore = new Set<string>();
    for (const [index, placed] of versions.entries()) {
      const { parsed, version } = placed;
      const report = (problem: VerificationProblemKind, message: string) =>
        problems.push({
          recordId,
          versionId: placed.versionId,
          version,
          kind: parsed?.kind ?? first?.kind ?? null,
          siteId: parsed ? parsed.siteId : (first?.siteId ?? null),
          problem,
          message,
        });
      const before = versions[index - 1];

      if (!before && version !== 1) {
        report('version-missing', version === 2 ? 'Version 1 is missing: the history starts at version 2.' : `Versions 1 to ${version - 1} are missing: the history starts at version ${version}.`);
      } else if (before && before.version === version) {
        report('chain-broken', `Two stored versions are numbered ${version}: one of them was not saved by NRD Planner.`);
      } else if (before && before.version !== version - 1) {
        const gap = version - before.version - 1;
        report(
          'version-missing',
          `${gap === 1 ? `Version ${before.version + 1} is` : `Versions ${before.version + 1} to ${version - 1} are`} missing: the history goes from version ${before.version} to version ${version}.`,
        );
      }

      if (!parsed) continue; // reported as unreadable: nothing in it can be trusted to check further

      // The hash is recomputed over the row as stored, not as parsed, so a field added to it shows too.
      const { hash: stored, ...unsealed } = placed.row;
      let recomputed: string | null = null;
      try {
        recomputed = await hashOf(unsealed);
      } catch {
        // A value JSON cannot hold was written into the row: it cannot be what was sealed.
      }
      if (recomputed !== stored) report('altered', `Version ${version} was changed after it was saved: its content no longer matches its SHA-256.`);

      if (version === 1 && parsed.previousHash !== null) {
        report('chain-broken', 'Version 1 names a version before it: it is not the first version that was saved.');
      } else if (before && before.version === version - 1 && parsed.previousHash !== before.hash) {
        report('chain-broken', `Version ${version} does not follow on from version ${before.version}: version ${before.version} was replaced or changed and resealed after version ${version} was saved.`);
      }

      if (first && parsed !== first) {
        const differing = [
          parsed.kind !== first.kind && 'kind',
          parsed.workspaceId !== first.workspaceId && 'workspace',
          parsed.siteId !== first.siteId && 'site',
        ].filter((field): field is string => field !== false);
        if (differing.length > 0) report('mixed-record', `Version ${version} does not belong to this record: its ${differing.join(' and ')} ${differing.length === 1 ? 'differs' : 'differ'} from version ${first.version}’s.`);
      }

      for (const cited of citedAttachments(parsed.content)) {
        // A file carried from version to version is reported once, where it was first cited.
        const key = `${cited.id} ${cited.sha256}`;
        if (citedBefore.has(key)) continue;
        citedBefore.add(key);
        const now = bytes.get(cited.id);
        if (now === undefined) report('attachment-missing', `The file “${cited.name}” attached in version ${version} is no longer stored.`);
        else if (now === null) report('attachment-missing', `The file “${cited.name}” attached in version ${version} is stored without its contents.`);
        else if (now !== cited.sha256) report('attachment-altered', `The file “${cited.name}” attached in version ${version} was changed after it was saved: its bytes no longer match the SHA-256 the record keeps.`);
      }
    }
  }
  // Each record's problems together, in version order, records in the order they were stored.
  const order = new Map([...recordIds].map((recordId, index) => [recordId, index]));
  problems.sort((a, b) => (order.get(a.recordId) ?? order.size) - (order.get(b.recordId) ?? order.size) || (a.version ?? 0) - (b.version ?? 0));
  return { checkedVersions: rows.length, checkedRecords: recordIds.size, problems };
}
