import { exampleStrategicAssessment } from '../../test/fixtures/domain.ts';
import { describe, expect, it } from 'vitest';
import type { RecordVersion, StrategicAssessment, UnsealedVersion } from '../domain/procedure-record.ts';
import { canonicalJson, citedAttachments, sealVersion, sha256Hex, verifyRecords, type VerificationProblemKind } from './record-chain.ts';

const SAVED = ['2026-11-25T10:00:00.000Z', '2026-11-26T09:30:00.000Z', '2026-12-01T14:15:00.000Z'];

function consultationVersion(version: number, previousHash: string | null, overrides: Partial<UnsealedVersion> = {}): UnsealedVersion {
  return {
    versionId: `v${version}`,
    recordId: 'consultation-1',
    workspaceId: 'workspace-1',
    siteId: 'site-1',
    version,
    author: 'PC Jones',
    savedAt: SAVED[version - 1] ?? SAVED[0]!,
    note: version === 1 ? '' : `Outcome added in version ${version}`,
    previousHash,
    kind: 'consultation',
    content: {
      consultees: 'Wellsway residents’ association',
      heldOn: '2026-11-20',
      method: 'Meeting',
      said: 'Concern about the school nearby.',
      outcome: version === 1 ? '' : `Agreed at version ${version}`,
      locationDisclosure: 'general-area',
      transparency: 'Force website entry',
    },
    ...overrides,
  } as UnsealedVersion;
}

/** A record of `count` versions, each sealed on the one before, as appendRecordVersion saves them. */
async function chainOf(count: number): Promise<RecordVersion[]> {
  const versions: RecordVersion[] = [];
  for (let version = 1; version <= count; version++) versions.push(await sealVersion(consultationVersion(version, versions.at(-1)?.hash ?? null)));
  return versions;
}

/** What someone with the browser's developer tools could do: change a stored row and leave its hash. */
const tampered = (version: RecordVersion, change: Record<string, unknown>): unknown => ({ ...version, ...change });
/** ...or change it and work out a new hash for it, as the code that seals versions would. */
const resealed = async (version: RecordVersion, change: Record<string, unknown>) => sealVersion({ ...version, ...change } as UnsealedVersion);

async function problemKinds(rows: unknown[], attachments: { id: string; sha256OfBytes: string | null }[] = []): Promise<[VerificationProblemKind, number | null][]> {
  return (await verifyRecords(rows, attachments)).problems.map((problem) => [problem.problem, problem.version]);
}

describe('canonical JSON: the same record always gives the same text to hash', () => {
  it('sorts object keys at every depth, whatever order they were written in', () => {
    const a = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('keeps arrays in order, as the order of evidence and versions means something', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('leaves out undefined properties, as the stored row does not keep them either', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('escapes strings as JSON does and reads back as the same value', () => {
    const value = { text: 'Line one\n“quoted” \\ é 🚓', n: -1.5e-7 };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('refuses numbers JSON cannot hold rather than writing them as null', () => {
    expect(() => canonicalJson({ figures: { value: Number.NaN } })).toThrow(/\$\.figures\.value.*not a finite number/);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('SHA-256', () => {
  it('matches the FIPS 180-2 test vector for "abc"', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes text as UTF-8, and bytes the same whether given as an ArrayBuffer or a Uint8Array', async () => {
    const bytes = new TextEncoder().encode('Wellsway – £5');
    expect(await sha256Hex(bytes)).toBe(await sha256Hex('Wellsway – £5'));
    expect(await sha256Hex(bytes.slice().buffer)).toBe(await sha256Hex(bytes));
  });
});

describe('sealing a version: "Records of the procedure are appended, never edited in place"', () => {
  it('hashes the canonical JSON of everything but the hash, the previous hash included', async () => {
    const unsealed = consultationVersion(1, null);
    const sealed = await sealVersion(unsealed);
    expect(sealed).toEqual({ ...unsealed, hash: await sha256Hex(canonicalJson(unsealed)) });
    const other = await sealVersion({ ...unsealed, previousHash: sealed.hash });
    expect(other.hash).not.toBe(sealed.hash);
  });

  it('seals a version passed in again afresh, not over its old hash', async () => {
    const sealed = await sealVersion(consultationVersion(1, null));
    expect(await sealVersion(sealed as unknown as UnsealedVersion)).toEqual(sealed);
  });
});

describe('verify history: "Records of the review process should be maintained in all cases"', () => {
  it('finds nothing wrong with a chain of three versions as saved', async () => {
    const versions = await chainOf(3);
    expect(await verifyRecords([...versions].reverse(), [])).toEqual({ checkedVersions: 3, checkedRecords: 1, problems: [] });
  });

  it('finds content changed after it was saved, and says which version', async () => {
    const [v1, v2, v3] = await chainOf(3);
    const report = await verifyRecords([v1, tampered(v2!, { content: { ...v2!.content, outcome: 'Rejected' } }), v3], []);
    expect(report.problems).toEqual([
      {
        recordId: 'consultation-1',
        versionId: 'v2',
        version: 2,
        kind: 'consultation',
        siteId: 'site-1',
        problem: 'altered',
        message: 'Version 2 was changed after it was saved: its content no longer matches its SHA-256.',
      },
    ]);
  });

  it('finds a changed author, a changed save time and an added field', async () => {
    const [v1, v2, v3] = await chainOf(3);
    expect(await problemKinds([tampered(v1!, { author: 'Someone else' }), v2, v3])).toEqual([['altered', 1]]);
    expect(await problemKinds([v1, v2, tampered(v3!, { savedAt: '2026-12-02T14:15:00.000Z' })])).toEqual([['altered', 3]]);
    expect(await problemKinds([v1, tampered(v2!, { approvedBy: 'Chief Constable' }), v3])).toEqual([['altered', 2]]);
  });

  it('finds a version changed and resealed, by the next version no longer following on from it', async () => {
    const [v1, v2, v3] = await chainOf(3);
    const rewritten = await resealed(v2!, { content: { ...v2!.content, outcome: 'Rejected' } });
    expect(await problemKinds([v1, rewritten, v3])).toEqual([['chain-broken', 3]]);
  });

  it('finds a changed previous hash, whether or not the version was resealed', async () => {
    const [v1, v2, v3] = await chainOf(3);
    const otherHash = 'f'.repeat(64);
    expect(await problemKinds([v1, tampered(v2!, { previousHash: otherHash }), v3])).toEqual([
      ['altered', 2],
      ['chain-broken', 2],
    ]);
    // Resealed, it has a new hash, which the version after it does not name either.
    expect(await problemKinds([v1, await resealed(v2!, { previousHash: otherHash }), v3])).toEqual([
      ['chain-broken', 2],
      ['chain-broken', 3],
    ]);
    expect(await problemKinds([await resealed(v1!, { previousHash: otherHash })])).toEqual([['chain-broken', 1]]);
  });

  it('finds a deleted version by the gap it leaves', async () => {
    const [v1, v2, v3] = await chainOf(3);
    const report = await verifyRecords([v1, v3], []);
    expect(report.problems).toMatchObject([{ problem: 'version-missing', version: 3, versionId: 'v3', message: 'Version 2 is missing: the history goes from version 1 to version 3.' }]);
    expect(await problemKinds([v2, v3])).toEqual([['version-missing', 2]]);
  });

  it('finds two versions swapped', async () => {
    const [v1, v2, v3] = await chainOf(3);
    // Renumbered in place: both no longer match their hashes, nor follow on from the version before.
    expect(await problemKinds([v1, tampered(v2!, { version: 3 }), tampered(v3!, { version: 2 })])).toEqual([
      ['altered', 2],
      ['chain-broken', 2],
      ['altered', 3],
      ['chain-broken', 3],
    ]);
    // Renumbered and resealed: the chain no longer runs through them.
    const kinds = await problemKinds([v1, await resealed(v2!, { version: 3 }), await resealed(v3!, { version: 2 })]);
    expect(kinds.map(([kind]) => kind)).toEqual(['chain-broken', 'chain-broken']);
  });

  it('reports a row that cannot be read, naming the field, and still checks the versions around it', async () => {
    const [v1, v2, v3] = await chainOf(3);
    const report = await verifyRecords([v1, tampered(v2!, { content: { ...v2!.content, locationDisclosure: 'everywhere' } }), v3, 'not a record', null], []);
    expect(report.checkedVersions).toBe(5);
    expect(report.checkedRecords).toBe(1);
    expect(report.problems.map(({ problem, version }) => [problem, version])).toEqual([
      ['unreadable', 2],
      ['unreadable', null],
      ['unreadable', null],
    ]);
    expect(report.problems[0]).toMatchObject({ recordId: 'consultation-1', versionId: 'v2', kind: 'consultation', siteId: 'site-1' });
    expect(report.problems[0]!.message).toMatch(/^Version 2 cannot be read: the field content\.locationDisclosure is not valid/);
    expect(report.problems[1]).toMatchObject({ recordId: '', versionId: null, kind: null, message: expect.stringMatching(/^A stored version cannot be read/) });
  });

  it('reports a number JSON cannot hold, written into a row, as a change rather than failing', async () => {
    const [v1] = await chainOf(1);
    expect(await problemKinds([tampered(v1!, { extra: Number.NaN })])).toEqual([['altered', 1]]);
  });

  it('finds a version moved between records, sites or kinds', async () => {
    const [v1, v2] = await chainOf(2);
    const moved = await resealed(v2!, { siteId: 'site-2' });
    const report = await verifyRecords([v1, moved], []);
    expect(report.problems).toMatchObject([{ problem: 'mixed-record', version: 2, siteId: 'site-2', message: 'Version 2 does not belong to this record: its site differs from version 1’s.' }]);
  });

  it('keeps records apart and counts them', async () => {
    const first = await chainOf(2);
    const second = await sealVersion(consultationVersion(1, null, { recordId: 'consultation-2', versionId: 'w1' }));
    expect(await verifyRecords([...first, second], [])).toEqual({ checkedVersions: 3, checkedRecords: 2, problems: [] });
  });
});

describe('verify history: the files a strategic assessment cites', () => {
  const bytes = new TextEncoder().encode('Force strategic assessment 2026, page 1');
  async function assessment(attachmentSha256: string) {
    const attachment = { id: 'file-1', name: 'assessment.pdf', type: 'application/pdf', size: bytes.byteLength, sha256: attachmentSha256 };
    const content: StrategicAssessment = exampleStrategicAssessment(attachment, { retention: 'Kept while any NRD it supports is in use.', nextReviewOn: '2027-11-01' });
    const base = { recordId: 'sa-1', workspaceId: 'workspace-1', siteId: null, author: 'Analyst', note: '', kind: 'strategic-assessment', content } as const;
    const v1 = await sealVersion({ ...base, versionId: 'sa-v1', version: 1, savedAt: SAVED[0]!, previousHash: null });
    const v2 = await sealVersion({ ...base, versionId: 'sa-v2', version: 2, savedAt: SAVED[1]!, previousHash: v1.hash, note: 'Reviewed' });
    return [v1, v2];
  }

  it('finds every attachment in the content, wherever it sits', () => {
    expect(citedAttachments({ a: [{ attachment: { id: 'x', name: 'x.pdf', sha256: 'ab' } }], b: { c: { attachment: null } } })).toEqual([{ id: 'x', name: 'x.pdf', sha256: 'ab' }]);
  });

  it('finds nothing wrong when the bytes match the SHA-256 the record keeps', async () => {
    const hash = await sha256Hex(bytes);
    expect(await problemKinds(await assessment(hash), [{ id: 'file-1', sha256OfBytes: hash }])).toEqual([]);
  });

  it('finds bytes changed after the file was attached, once however many versions cite it', async () => {
    const hash = await sha256Hex(bytes);
    const report = await verifyRecords(await assessment(hash), [{ id: 'file-1', sha256OfBytes: await sha256Hex('something else') }]);
    expect(report.problems).toEqual([
      {
        recordId: 'sa-1',
        versionId: 'sa-v1',
        version: 1,
        kind: 'strategic-assessment',
        siteId: null,
        problem: 'attachment-altered',
        message: 'The file “assessment.pdf” attached in version 1 was changed after it was saved: its bytes no longer match the SHA-256 the record keeps.',
      },
    ]);
  });

  it('finds a file that is no longer stored, or stored without its bytes', async () => {
    const hash = await sha256Hex(bytes);
    expect(await problemKinds(await assessment(hash), [])).toEqual([['attachment-missing', 1]]);
    expect(await problemKinds(await assessment(hash), [{ id: 'file-1', sha256OfBytes: null }])).toEqual([['attachment-missing', 1]]);
  });
});
