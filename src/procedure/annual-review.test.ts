import { describe, expect, it } from 'vitest';
import type { AnnualReview, FrozenFigures } from '../domain/procedure-record.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { appendixAOutcome, newAnnualReview, reviewKindFor, reviewStartTransition, reviewSteps, reviewTransitions } from './annual-review.ts';
import { privacyImpactPrefill } from './privacy-impact.ts';
import { FIRST_REVIEW_STEPS, LATER_REVIEW_STEPS } from './procedure-text.ts';
import type { SiteEvidence } from './site-evidence.ts';

const TODAY = '2026-11-25';
const site = exampleSite({ reference: 'BANES-01', name: 'Wellsway', road: 'A367', lon: -2.3589123, lat: 51.3702456 });

/** A first review with its date, location and reason given, and no question answered. */
const review = (answers: Partial<AnnualReview> = {}): AnnualReview => ({
  ...newAnnualReview(site, 'first', '2026-11-20', null, null, 'sa-1'),
  reasonOrJustification: 'As the answers above.',
  ...answers,
});
const impacts = { locationImpact: 'No sensitive places near.', residentImpact: 'About 200 residents.', transientImpact: 'About 9,000 vehicles a day.' };
const relevantAndSuccessful = { relevantAndNeedRemains: 'yes', successful: 'yes', ...impacts } as const;

describe('Review of ANPR Infrastructure — first or later review', () => {
  it('"First Review where no privacy impact assessment has been completed": seven steps', () => {
    expect(reviewKindFor({ privacyImpactCompleted: false, completedReviews: 0 })).toBe('first');
    expect(reviewSteps('first')).toBe(FIRST_REVIEW_STEPS);
    expect(reviewSteps('first')).toHaveLength(7);
  });

  it('"Second and subsequent review or where privacy impact assessment has previously been completed": eight steps', () => {
    expect(reviewKindFor({ privacyImpactCompleted: false, completedReviews: 1 })).toBe('later');
    expect(reviewKindFor({ privacyImpactCompleted: true, completedReviews: 0 })).toBe('later');
    expect(reviewSteps('later')).toBe(LATER_REVIEW_STEPS);
    expect(reviewSteps('later')).toHaveLength(8);
  });
});

describe('Appendix A — a new review record', () => {
  const evidence: SiteEvidence = {
    crimes: null,
    residents: { residents: 200, lsoas: 1, layerName: 'Population 2022' },
    transient: null,
    sensitivePlaces: [],
    fit: null,
  };
  const figures: FrozenFigures = { takenAt: FIXED_TIME, subject: 'BANES-01 Wellsway', rows: [], layers: ['Population 2022'] };

  it('gives the "Location of ANPR NRD (ANPR Camera)" from the reference, name, road and position to 5 decimals, dated today', () => {
    const record = newAnnualReview(site, 'later', TODAY, evidence, figures, 'sa-1');
    expect(record).toMatchObject({ reviewKind: 'later', strategicAssessmentId: 'sa-1', location: 'BANES-01 Wellsway, A367 (lon -2.35891, lat 51.37025)', reviewedOn: TODAY, figures, concluded: false });
    expect(newAnnualReview(exampleSite({ name: '', road: '' }), 'first', TODAY, null, null, null).location).toBe('S1 (lon -2.36000, lat 51.38000)');
  });

  it('prefills the privacy impacts as a privacy impact assessment does, and leaves every question unanswered', () => {
    const record = newAnnualReview(site, 'first', TODAY, evidence, null, null);
    expect(record).toMatchObject(privacyImpactPrefill(evidence));
    expect([record.relevantAndNeedRemains, record.successful, record.privacyChanged, record.proportionate, record.continuedOperation]).toEqual([null, null, null, null, null]);
    expect(appendixAOutcome(record).outcome).toBeNull();
  });
});

describe('Appendix A — Review of ANPR Infrastructure', () => {
  it('wants the location, the date of review and the reason or justification', () => {
    const { outcome, missing } = appendixAOutcome(review({ location: ' ', reviewedOn: '', reasonOrJustification: '', relevantAndNeedRemains: 'no', continuedOperation: 'no' }));
    expect(outcome).toBeNull();
    expect(missing).toEqual([
      'Location of ANPR NRD (ANPR Camera): give the location.',
      'Date of Review: give the date.',
      'Give the "Reason for decommissioning or Justification for continued deployment".',
    ]);
  });

  it('asks first whether the location is relevant and a pressing social need remains', () => {
    expect(appendixAOutcome(review())).toEqual({
      outcome: null,
      missing: [
        'Answer: "Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?"',
        'Answer "Continued Operation of NRD – Yes [ ] No [ ]".',
      ],
    });
  });

  it('relevance No: "Cease data collection and decommission NRD", the later questions not needed', () => {
    expect(appendixAOutcome(review({ relevantAndNeedRemains: 'no', continuedOperation: 'no' }))).toEqual({ outcome: 'decommission', missing: [] });
  });

  it('relevance No but "Continued Operation of NRD" Yes: the contradiction is named', () => {
    expect(appendixAOutcome(review({ relevantAndNeedRemains: 'no', continuedOperation: 'yes' }))).toEqual({
      outcome: null,
      missing: ['"Continued Operation of NRD" is Yes, but the answers above lead to decommissioning: the location is no longer relevant ("No – Cease data collection and decommission NRD").'],
    });
  });

  it('asks next whether ANPR has been successful', () => {
    expect(appendixAOutcome(review({ relevantAndNeedRemains: 'yes', continuedOperation: 'yes' })).missing).toEqual([
      'Answer: "Has ANPR been successful in meeting the aims that justified installation at this location?"',
    ]);
  });

  it('success No: decommission, the later questions not needed', () => {
    expect(appendixAOutcome(review({ relevantAndNeedRemains: 'yes', successful: 'no', continuedOperation: 'no' }))).toEqual({ outcome: 'decommission', missing: [] });
    expect(appendixAOutcome(review({ relevantAndNeedRemains: 'yes', successful: 'no' })).missing).toEqual(['Answer "Continued Operation of NRD – Yes [ ] No [ ]".']);
  });

  it('success No: continue only after a "detailed assessment prior to confirming continued operation", then the rest of the template', () => {
    const notSuccessful = { relevantAndNeedRemains: 'yes', successful: 'no', continuedOperation: 'yes' } as const;
    expect(appendixAOutcome(review(notSuccessful)).missing).toEqual([
      'ANPR has not been successful here: "conduct detailed assessment prior to confirming continued operation at the location", and record it.',
    ]);
    const assessed = { ...notSuccessful, detailedAssessment: 'Camera realigned; hits expected to recover.', ...impacts };
    expect(appendixAOutcome(review(assessed)).missing).toEqual(['Answer: "Is continued deployment at location a proportionate response to the assessment?"']);
    expect(appendixAOutcome(review({ ...assessed, proportionate: 'yes' }))).toEqual({ outcome: 'continue', missing: [] });
  });

  it('"Review potential privacy impacts in relation to the location, the resident population and the transient population."', () => {
    const { outcome, missing } = appendixAOutcome(review({ relevantAndNeedRemains: 'yes', successful: 'yes', proportionate: 'yes', continuedOperation: 'yes' }));
    expect(outcome).toBeNull();
    expect(missing).toEqual([
      'Review potential privacy impacts in relation to the location.',
      'Review potential privacy impacts in relation to the resident population.',
      'Review potential privacy impacts in relation to the transient population.',
    ]);
  });

  it('proportionate Yes: "Continue operation of NRD"', () => {
    expect(appendixAOutcome(review({ ...relevantAndSuccessful, proportionate: 'yes', continuedOperation: 'yes' }))).toEqual({ outcome: 'continue', missing: [] });
  });

  it('proportionate No: "Cease data collection and decommission NRD"; Continued Operation Yes contradicts it', () => {
    expect(appendixAOutcome(review({ ...relevantAndSuccessful, proportionate: 'no', continuedOperation: 'no' }))).toEqual({ outcome: 'decommission', missing: [] });
    expect(appendixAOutcome(review({ ...relevantAndSuccessful, proportionate: 'no', continuedOperation: 'yes' })).missing).toEqual([
      '"Continued Operation of NRD" is Yes, but the answers above lead to decommissioning: continued deployment is not a proportionate response ("No – Cease data collection and decommission NRD").',
    ]);
  });

  it('proportionate Yes but Continued Operation No: the contradiction is named', () => {
    expect(appendixAOutcome(review({ ...relevantAndSuccessful, proportionate: 'yes', continuedOperation: 'no' })).missing).toEqual([
      '"Continued Operation of NRD" is No, but the answers above lead to continued operation: continued deployment is a proportionate response ("Continue operation of NRD").',
    ]);
  });
});

describe('"Second and subsequent review or where privacy impact assessment has previously been completed" — steps 5 and 6', () => {
  const later = (answers: Partial<AnnualReview>) => review({ reviewKind: 'later', ...relevantAndSuccessful, ...answers });

  it('asks whether privacy considerations have changed', () => {
    expect(appendixAOutcome(later({ continuedOperation: 'yes' })).missing).toEqual(['Say whether privacy considerations have changed since they were last assessed.']);
  });

  it('step 5: relevant and privacy unchanged, "continue deployment of NRD at that location" without asking proportionality again', () => {
    expect(appendixAOutcome(later({ privacyChanged: 'no', continuedOperation: 'yes' }))).toEqual({ outcome: 'continue', missing: [] });
    expect(appendixAOutcome(later({ privacyChanged: 'no', continuedOperation: 'no' })).missing).toEqual([
      '"Continued Operation of NRD" is No, but the answers above lead to continued operation: the location remains relevant and privacy considerations have not changed.',
    ]);
  });

  it('step 6: privacy changed, proportionality is assessed again', () => {
    expect(appendixAOutcome(later({ privacyChanged: 'yes', continuedOperation: 'yes' })).missing).toEqual(['Answer: "Is continued deployment at location a proportionate response to the assessment?"']);
    expect(appendixAOutcome(later({ privacyChanged: 'yes', proportionate: 'no', continuedOperation: 'no' }))).toEqual({ outcome: 'decommission', missing: [] });
  });

  it('a first review asks proportionality whatever privacyChanged says', () => {
    expect(appendixAOutcome(review({ ...relevantAndSuccessful, privacyChanged: 'no', continuedOperation: 'yes' })).outcome).toBeNull();
  });
});

describe('Review of ANPR Infrastructure — the site after a concluded review', () => {
  const continueReview = review({ ...relevantAndSuccessful, proportionate: 'yes', continuedOperation: 'yes', reasonOrJustification: 'Still relevant; proportionate.' });
  const decommissionReview = review({ relevantAndNeedRemains: 'no', continuedOperation: 'no', reasonOrJustification: 'No longer relevant.' });
  const path = (result: ReturnType<typeof reviewTransitions>) => (result.ok ? result.site.statusHistory.map((c) => `${c.from}>${c.to}`) : result.message);

  it('a live NRD goes under review, then continues, dated the review with its justification', () => {
    const result = reviewTransitions(site, continueReview, 'A. Analyst', FIXED_TIME, TODAY);
    expect(path(result)).toEqual(['live>under-review', 'under-review>continued']);
    expect(result.ok && result.site.statusHistory.every((c) => c.date === '2026-11-20' && c.reason === 'Still relevant; proportionate.' && c.recordedAt === FIXED_TIME)).toBe(true);
  });

  it('an NRD continued after a review goes under review, then is decommissioned', () => {
    expect(path(reviewTransitions(exampleSite({ status: 'continued' }), decommissionReview, 'A. Analyst', FIXED_TIME, TODAY))).toEqual(['continued>under-review', 'under-review>decommissioned']);
  });

  it('a live or continued NRD is under review from the day its review begins, and stays so until the outcome', () => {
    for (const status of ['live', 'continued'] as const) {
      const started = reviewStartTransition(exampleSite({ status }), review(), 'A. Analyst', FIXED_TIME, TODAY);
      expect(started && path(started)).toEqual([`${status}>under-review`]);
      expect(started?.ok && started.site.statusHistory[0]!.date).toBe('2026-11-20');
    }
    expect(reviewStartTransition(exampleSite({ status: 'under-review' }), review(), 'A. Analyst', FIXED_TIME, TODAY)).toBeNull();
    expect(reviewStartTransition(exampleSite({ status: 'decommissioned' }), review(), 'A. Analyst', FIXED_TIME, TODAY)).toBeNull();
  });

  it('an NRD already under review goes straight to its outcome', () => {
    expect(path(reviewTransitions(exampleSite({ status: 'under-review' }), decommissionReview, 'A. Analyst', FIXED_TIME, TODAY))).toEqual(['under-review>decommissioned']);
  });

  it('refuses while Appendix A is incomplete, listing what is missing', () => {
    expect(reviewTransitions(site, review(), 'A. Analyst', FIXED_TIME, TODAY)).toEqual({
      ok: false,
      message:
        'The review cannot be concluded yet. Answer: "Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?" Answer "Continued Operation of NRD – Yes [ ] No [ ]".',
    });
  });

  it('refuses for a site not in use', () => {
    for (const status of ['approved', 'decommissioned'] as const) {
      expect(reviewTransitions(exampleSite({ status }), continueReview, 'A. Analyst', FIXED_TIME, TODAY)).toEqual({
        ok: false,
        message: expect.stringMatching(/^S1 is .+: an annual review is for an NRD in use \(live, under review or continued after a review\)\.$/),
      });
    }
    expect(reviewTransitions(exampleSite({ kind: 'proposed', status: 'proposed' }), continueReview, 'A. Analyst', FIXED_TIME, TODAY).ok).toBe(false);
  });
});
