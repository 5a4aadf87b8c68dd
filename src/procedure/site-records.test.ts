import { describe, expect, it } from 'vitest';
import type { RecordVersion } from '../domain/procedure-record.ts';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { newAnnualReview } from './annual-review.ts';
import { newPrivacyImpact } from './privacy-impact.ts';
import { decisionContext, latestOfEach, siteProcedure } from './site-records.ts';
import { newPressingSocialNeed } from './pressing-social-need.ts';
import { newStrategicAssessment } from './strategic-assessment.ts';

const HASH = 'a'.repeat(64);
let sequence = 0;
function version<K extends RecordVersion['kind']>(kind: K, content: Extract<RecordVersion, { kind: K }>['content'], options: { recordId?: string; siteId?: string | null; version?: number } = {}): RecordVersion {
  sequence += 1;
  return {
    versionId: `v${sequence}`,
    recordId: options.recordId ?? `r${sequence}`,
    workspaceId: 'w1',
    siteId: options.siteId === undefined ? 's1' : options.siteId,
    version: options.version ?? 1,
    author: 'A. Analyst',
    savedAt: `2026-11-${String(sequence).padStart(2, '0')}T10:00:00.000Z`,
    note: '',
    previousHash: null,
    kind,
    content,
    hash: HASH,
  } as RecordVersion;
}

const live = exampleSite({ id: 's1', status: 'live', forceArea: 'Avon and Somerset' });
const concludedReview = (reviewedOn: string) => ({ ...newAnnualReview(live, 'first', reviewedOn, null, null, null), continuedOperation: 'yes' as const, concluded: true });

describe('a site\'s records read against the procedure', () => {
  it('keeps the latest version of each record', () => {
    const v1 = version('consultation', { consultees: 'IAG', heldOn: '', method: '', said: '', outcome: '', locationDisclosure: 'general-area', transparency: '' }, { recordId: 'c' });
    const v2 = version('consultation', { consultees: 'IAG and parish', heldOn: '', method: '', said: '', outcome: '', locationDisclosure: 'general-area', transparency: '' }, { recordId: 'c', version: 2 });
    expect(latestOfEach([v2, v1])).toEqual([v2]);
  });

  it('"First Review where no privacy impact assessment has been completed": first until a review is concluded', () => {
    const open = version('annual-review', newAnnualReview(live, 'first', '2026-11-20', null, null, null));
    const procedure = siteProcedure(live, [open]);
    expect(procedure.stage).toBe('review');
    expect(procedure.nextReviewKind).toBe('first');
    expect(procedure.openReview).toBe(open);
    const done = siteProcedure(live, [version('annual-review', concludedReview('2026-11-20'))]);
    expect(done.nextReviewKind).toBe('later');
    expect(done.openReview).toBeNull();
    expect(done.completedReviewDates).toEqual(['2026-11-20']);
  });

  it('"Second and subsequent review or where privacy impact assessment has previously been completed": a completed privacy assessment makes the first review a later one', () => {
    const complete = {
      ...newPrivacyImpact(null, 'sa'),
      strategicAssessmentReview: 'x',
      pressingSocialNeedReview: 'x',
      locationImpact: 'x',
      residentImpact: 'x',
      transientImpact: 'x',
      stakeholders: 'x',
      consultation: 'x',
      signage: 'x',
      website: 'x',
      otherPublications: 'x',
    };
    expect(siteProcedure(live, [version('privacy-impact', complete)]).nextReviewKind).toBe('later');
    expect(siteProcedure(live, [version('privacy-impact', newPrivacyImpact(null, 'sa'))]).nextReviewKind).toBe('first');
  });

  it('"Assessing the need for ANPR": a site cites the strategic assessments of its own force area only', () => {
    const own = version('strategic-assessment', newStrategicAssessment('avon and  Somerset', '2026-01-10'), { siteId: null });
    const other = version('strategic-assessment', newStrategicAssessment('Wiltshire', '2026-02-10'), { siteId: null });
    expect(siteProcedure(live, [own, other]).strategicAssessments).toEqual([own]);
  });

  it('"New ANPR Infrastructure" applies to proposals; an approved, rejected or decommissioned site takes none', () => {
    expect(siteProcedure(exampleSite({ status: 'under-assessment', kind: 'proposed' }), []).stage).toBe('new-infrastructure');
    expect(siteProcedure(exampleSite({ status: 'decommissioned' }), []).stage).toBe('none');
    expect(siteProcedure(exampleSite({ status: 'approved', kind: 'proposed' }), []).stage).toBe('none');
  });

  it('"New ANPR Infrastructure": a decision rests on the pressing social need and privacy assessment it cites, and one recorded before it cited a need on the site\'s latest', () => {
    // Two needs on the site: the older says no need was identified, the newer (latest) says one was.
    const older = version('pressing-social-need', { ...newPressingSocialNeed(null, null), needIdentified: 'no' }, { recordId: 'psn-old' });
    const newer = version('pressing-social-need', { ...newPressingSocialNeed(null, null), needIdentified: 'yes' }, { recordId: 'psn-new' });
    const pia1 = version('privacy-impact', newPrivacyImpact(null, null), { recordId: 'pia-1' });
    const pia2 = version('privacy-impact', { ...newPrivacyImpact(null, null), website: 'Second version.' }, { recordId: 'pia-1', version: 2 });
    const records = latestOfEach([older, newer, pia1, pia2]);
    expect(decisionContext(records, { pressingSocialNeedId: 'psn-old', privacyImpactId: 'pia-1' }).pressingSocialNeed?.needIdentified).toBe('no');
    expect(decisionContext(records, { pressingSocialNeedId: 'psn-new', privacyImpactId: 'pia-1' }).pressingSocialNeed?.needIdentified).toBe('yes');
    // The cited assessment at its latest version.
    expect(decisionContext([pia1, pia2], { pressingSocialNeedId: null, privacyImpactId: 'pia-1' }).privacyImpact?.website).toBe('Second version.');
    // Cited as none: none.
    expect(decisionContext(records, { pressingSocialNeedId: null, privacyImpactId: null })).toEqual({ pressingSocialNeed: null, privacyImpact: null });
    // A decision from before the citation existed (no key at all) rests on the site's latest need, as it did when it was recorded.
    expect(decisionContext(records, { privacyImpactId: 'pia-1' }).pressingSocialNeed?.needIdentified).toBe('yes');
  });
});
