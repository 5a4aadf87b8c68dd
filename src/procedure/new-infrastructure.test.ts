import { describe, expect, it } from 'vitest';
import type { Decision, FrozenFigures, PressingSocialNeed, PrivacyImpact } from '../domain/procedure-record.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { decisionTransitions, missingFromDecision, newDecision } from './new-infrastructure.ts';
import { newPressingSocialNeed } from './pressing-social-need.ts';
import { newPrivacyImpact } from './privacy-impact.ts';

const TODAY = '2026-11-25';
const fit: FrozenFigures = { takenAt: FIXED_TIME, subject: 'S1 Example site', rows: [{ label: 'Nearest NRD in use', value: 'none' }], layers: [] };

const decided = (outcome: Decision['outcome'], overrides: Partial<Decision> = {}): Decision => ({
  ...newDecision({ strategicAssessmentId: 'sa-1', pressingSocialNeedId: 'psn-1', privacyImpactId: 'pia-1' }, fit, '2026-11-20'),
  locations: 'A4 Bath Road eastbound.',
  existingReview: 'No NRD in use within 5 km; fills the gap on the A4 corridor.',
  proportionality: 'Few residents; traffic modest; proportionate.',
  outcome,
  decidedOn: '2026-11-20',
  justification: 'Vehicle crime along the A4 with no ANPR coverage.',
  ...overrides,
});

const completePia: PrivacyImpact = {
  ...newPrivacyImpact(null, 'sa-1'),
  strategicAssessmentReview: 'r',
  pressingSocialNeedReview: 'r',
  locationImpact: 'l',
  residentImpact: 'r',
  transientImpact: 't',
  stakeholders: 's',
  consultation: 'c',
  signage: 's',
  website: 'w',
  otherPublications: 'o',
};
const need = (needIdentified: PressingSocialNeed['needIdentified']): PressingSocialNeed => ({ ...newPressingSocialNeed(null, 'sa-1'), needIdentified });

describe('New ANPR Infrastructure — the decision', () => {
  it('starts citing the assessments and keeping the fit figures, with nothing decided', () => {
    expect(newDecision({ strategicAssessmentId: 'sa-1', pressingSocialNeedId: 'psn-1', privacyImpactId: null }, fit, '2026-11-25')).toEqual({
      strategicAssessmentId: 'sa-1',
      locations: '',
      existingReview: '',
      fitFigures: fit,
      pressingSocialNeedId: 'psn-1',
      privacyImpactId: null,
      proportionality: '',
      outcome: null,
      decidedOn: '2026-11-25',
      justification: '',
      concluded: false,
    });
  });

  it('names each of the four steps that is not done', () => {
    expect(missingFromDecision(newDecision({ strategicAssessmentId: null, pressingSocialNeedId: null, privacyImpactId: null }, null, ''), { pressingSocialNeed: null, privacyImpact: null })).toEqual([
      'Step 1: cite the strategic assessment the locations are identified from.',
      'Step 1: identify the locations where deployment of ANPR may be an appropriate tactical response.',
      "Step 2: review existing ANPR locations, including how the new infrastructure will 'fit' with existing regional and national infrastructure.",
      'Step 3: assess the proposal in the context of any impact on privacy.',
      'Step 4: determine if the development should take place.',
      'Step 4: give the date of the decision.',
      'Step 4: give the justification for the decision.',
    ]);
  });

  it('step 3: an approval needs a complete privacy impact assessment and "It is essential that a pressing social need is identified"', () => {
    expect(missingFromDecision(decided('approve'), { pressingSocialNeed: need('yes'), privacyImpact: completePia })).toEqual([]);
    expect(missingFromDecision(decided('approve', { privacyImpactId: null }), { pressingSocialNeed: need('yes'), privacyImpact: completePia })).toEqual([
      'Step 3: an approval needs the privacy impact assessment of this location.',
    ]);
    expect(missingFromDecision(decided('approve'), { pressingSocialNeed: need('yes'), privacyImpact: { ...completePia, website: '' } })).toEqual([
      'Step 3: complete the privacy impact assessment before approving.',
    ]);
    expect(missingFromDecision(decided('approve', { pressingSocialNeedId: null }), { pressingSocialNeed: null, privacyImpact: completePia })).toEqual([
      'Step 3: an approval needs the pressing social need of this location cited.',
    ]);
    for (const pressingSocialNeed of [null, need(null), need('no')]) {
      expect(missingFromDecision(decided('approve'), { pressingSocialNeed, privacyImpact: completePia })).toEqual([
        '"It is essential that a pressing social need is identified for a deployment of new infrastructure": record one before approving.',
      ]);
    }
  });

  it('step 4: a rejection needs neither', () => {
    expect(missingFromDecision(decided('reject', { privacyImpactId: null }), { pressingSocialNeed: need('no'), privacyImpact: null })).toEqual([]);
  });
});

describe('New ANPR Infrastructure, step 4 — "determine if the development should take place"', () => {
  const proposed = exampleSite({ kind: 'proposed', status: 'proposed' });

  it('moves a proposed site under assessment, then approved, both dated the decision with its justification', () => {
    const result = decisionTransitions(proposed, decided('approve'), 'A. Analyst', FIXED_TIME, TODAY);
    if (!result.ok) throw new Error(result.message);
    expect(result.site.status).toBe('approved');
    expect(result.site.statusHistory).toEqual([
      { from: 'proposed', to: 'under-assessment', date: '2026-11-20', by: 'A. Analyst', reason: 'Vehicle crime along the A4 with no ANPR coverage.', recordedAt: FIXED_TIME },
      { from: 'under-assessment', to: 'approved', date: '2026-11-20', by: 'A. Analyst', reason: 'Vehicle crime along the A4 with no ANPR coverage.', recordedAt: FIXED_TIME },
    ]);
  });

  it('moves a site already under assessment straight to rejected', () => {
    const result = decisionTransitions(exampleSite({ kind: 'proposed', status: 'under-assessment' }), decided('reject'), 'A. Analyst', FIXED_TIME, TODAY);
    expect(result.ok && result.site.statusHistory.map((c) => `${c.from}>${c.to}`)).toEqual(['under-assessment>rejected']);
  });

  it('is for proposed sites under assessment only', () => {
    for (const status of ['approved', 'live', 'rejected'] as const) {
      const result = decisionTransitions(exampleSite({ status }), decided('approve'), 'A. Analyst', FIXED_TIME, TODAY);
      expect(result).toEqual({ ok: false, message: expect.stringMatching(/^S1 is .+: a decision on new infrastructure is for proposed sites under assessment\.$/) });
    }
  });

  it('refuses with no outcome, or a decision dated after today', () => {
    expect(decisionTransitions(proposed, decided(null), 'A. Analyst', FIXED_TIME, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/^Step 4/) });
    expect(decisionTransitions(proposed, decided('approve', { decidedOn: '2026-11-26' }), 'A. Analyst', FIXED_TIME, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/future/) });
  });
});
