import { describe, expect, it } from 'vitest';
import { canonicalJson, sealVersion, verifyRecords } from '../procedure/record-chain.ts';
import { RecordVersion, StrategicAssessment, type UnsealedVersion } from './procedure-record.ts';

/**
 * A strategic assessment version as stored before threat priorities existed, hash and all. Written out as
 * text, not built from a fixture, so that no later change to the fixtures or the schema can rewrite it.
 */
const SAVED_BEFORE_PRIORITIES =
  '{"versionId":"sa-v1","recordId":"sa-1","workspaceId":"workspace-1","siteId":null,"version":1,"author":"Analyst","savedAt":"2026-03-01T09:00:00.000Z","note":"","previousHash":null,"kind":"strategic-assessment",' +
  '"content":{"area":"Avon and Somerset","assessedOn":"2026-03-01","threats":{"national-security":"Port of Bristol: CNI.","serious-organised-crime":"County lines along the M5.","local-crime":"Vehicle crime in Bath.","community-confidence":""},"evidence":[],"retention":"Six years.","nextReviewOn":"2027-03-01"},' +
  '"hash":"7124c3847c854ff7734054b08b1b6a1632260aaf1fc3b02fea1df7a10e533e01"}';

describe('Introduction — "a record of the strategic assessment ... should be retained": threat priorities added without changing a kept record', () => {
  it('reads a version saved before priorities existed back byte for byte, and it still verifies', async () => {
    const stored: unknown = JSON.parse(SAVED_BEFORE_PRIORITIES);
    const parsed = RecordVersion.parse(stored);
    expect(parsed.kind === 'strategic-assessment' && 'priorities' in parsed.content).toBe(false);
    expect(canonicalJson(parsed)).toBe(canonicalJson(stored));
    expect(await verifyRecords([parsed], [])).toEqual({ checkedVersions: 1, checkedRecords: 1, problems: [] });
    // Sealed afresh as it reads back, it gets the hash it was saved with.
    expect((await sealVersion(parsed as UnsealedVersion)).hash).toBe(parsed.hash);
  });

  it('keeps a priority for some categories and leaves the others unrated', async () => {
    const stored = JSON.parse(SAVED_BEFORE_PRIORITIES) as RecordVersion & { kind: 'strategic-assessment' };
    const rated = await sealVersion({ ...stored, content: { ...stored.content, priorities: { 'serious-organised-crime': 'high', 'community-confidence': 'not-a-priority' } } });
    const parsed = RecordVersion.parse(JSON.parse(JSON.stringify(rated)));
    expect(parsed.kind === 'strategic-assessment' && parsed.content.priorities).toEqual({ 'serious-organised-crime': 'high', 'community-confidence': 'not-a-priority' });
    expect(rated.hash).not.toBe(stored.hash);
    expect((await verifyRecords([parsed], [])).problems).toEqual([]);
  });

  it('refuses a priority that is not one of the four, or null in place of leaving the category out', () => {
    const content = (JSON.parse(SAVED_BEFORE_PRIORITIES) as { content: StrategicAssessment }).content;
    expect(StrategicAssessment.safeParse({ ...content, priorities: { 'local-crime': 'urgent' } }).success).toBe(false);
    expect(StrategicAssessment.safeParse({ ...content, priorities: { 'local-crime': null } }).success).toBe(false);
    expect(StrategicAssessment.safeParse({ ...content, priorities: { burglary: 'high' } }).success).toBe(false);
    expect(StrategicAssessment.safeParse({ ...content, priorities: {} }).success).toBe(true);
  });
});

describe('New ANPR Infrastructure — a decision cites its pressing social need, without changing a decision kept from before', () => {
  it('reads a decision sealed without the citation back as it was hashed, and verifies it', async () => {
    const decision = {
      strategicAssessmentId: 'sa-1',
      locations: 'A4 Bath Road.',
      existingReview: 'No NRD within 5 km.',
      fitFigures: null,
      privacyImpactId: 'pia-1',
      proportionality: 'Proportionate.',
      outcome: 'approve',
      decidedOn: '2026-03-02',
      justification: 'Vehicle crime on the A4.',
      concluded: true,
    };
    const stored = JSON.parse(SAVED_BEFORE_PRIORITIES) as UnsealedVersion;
    const sealed = await sealVersion({ ...stored, versionId: 'd-v1', recordId: 'd-1', siteId: 's-1', kind: 'decision', content: decision } as UnsealedVersion);
    const parsed = RecordVersion.parse(JSON.parse(JSON.stringify(sealed)));
    expect(parsed.kind === 'decision' && 'pressingSocialNeedId' in parsed.content).toBe(false);
    expect(canonicalJson(parsed)).toBe(canonicalJson(sealed));
    expect((await verifyRecords([parsed], [])).problems).toEqual([]);
    const citing = RecordVersion.parse(JSON.parse(JSON.stringify(await sealVersion({ ...sealed, content: { ...decision, pressingSocialNeedId: 'psn-1' } } as UnsealedVersion))));
    expect(citing.kind === 'decision' && citing.content.pressingSocialNeedId).toBe('psn-1');
  });
});

