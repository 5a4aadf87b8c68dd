import { describe, expect, it } from 'vitest';
import type { PrivacyImpact } from '../domain/procedure-record.ts';
import { missingFromPrivacyImpact, newPrivacyImpact, privacyImpactPrefill } from './privacy-impact.ts';
import { SCREENING_TEXT } from './procedure-text.ts';
import type { SiteEvidence } from './site-evidence.ts';

const evidence: SiteEvidence = {
  crimes: null,
  residents: { residents: 1234.4, lsoas: 3, layerName: 'Population 2022' },
  transient: { vehiclesPerDay: 12_300, countPoints: 2, layerName: 'AADF 2024' },
  sensitivePlaces: [
    { name: 'Royal United Hospital', layerName: 'Hospitals', distanceMetres: 450.2, insideCoverage: false },
    { name: "St Mary's School", layerName: 'Schools', distanceMetres: 40, insideCoverage: true },
  ],
  fit: null,
};
const noLayers: SiteEvidence = { crimes: null, residents: null, transient: null, sensitivePlaces: null, fit: null };

describe('Privacy assessment process, step 3 — potential privacy impacts from the figures', () => {
  it('words the location, the resident population and the transient population, naming each layer', () => {
    expect(privacyImpactPrefill(evidence)).toEqual({
      locationImpact: 'Sensitive places near the location: St Mary\'s School (layer "Schools"), 40 m, inside the coverage; Royal United Hospital (layer "Hospitals"), 450 m.',
      residentImpact: 'Residents within the coverage: about 1,234 (area-weighted from 3 LSOAs in layer "Population 2022").',
      transientImpact: 'Traffic through the coverage: about 12,300 vehicle passes a day at 2 DfT count points (layer "AADF 2024").',
    });
  });

  it('says when a layer is not loaded, and when no sensitive place is near', () => {
    expect(privacyImpactPrefill(noLayers)).toEqual({
      locationImpact: 'No layer of sensitive places is loaded, so none are listed.',
      residentImpact: 'No population layer is loaded, so the residents within the coverage are not counted.',
      transientImpact: 'No traffic count layer is loaded, so the vehicles passing this location are not counted.',
    });
    expect(privacyImpactPrefill({ ...noLayers, sensitivePlaces: [] }).locationImpact).toBe('No sensitive places in the loaded layers lie near the location.');
  });
});

describe('Privacy Impact — the screening process', () => {
  it('starts from the procedure\'s answers, the Data element given this location\'s traffic', () => {
    const pia = newPrivacyImpact(evidence, 'sa-1');
    expect(pia.screening.technology).toBe(SCREENING_TEXT.technology.procedureAnswer);
    expect(pia.screening.identity).toBe(SCREENING_TEXT.identity.procedureAnswer);
    expect(pia.screening['multiple-organisations']).toBe(SCREENING_TEXT['multiple-organisations'].procedureAnswer);
    expect(pia.screening.data).toBe(`${SCREENING_TEXT.data.procedureAnswer} At this location that is about 12,300 vehicle passes a day at 2 DfT count points (layer "AADF 2024").`);
    expect(pia).toMatchObject({ strategicAssessmentId: 'sa-1', ...privacyImpactPrefill(evidence), consultationLimited: false, figures: null });
  });

  it('says so in the Data element when there is no traffic layer, and leaves it as the procedure words it with no figures at all', () => {
    expect(newPrivacyImpact(noLayers, null).screening.data).toBe(`${SCREENING_TEXT.data.procedureAnswer} No traffic count layer is loaded, so the vehicles passing this location are not counted.`);
    const bare = newPrivacyImpact(null, null);
    expect(bare.screening.data).toBe(SCREENING_TEXT.data.procedureAnswer);
    expect([bare.locationImpact, bare.residentImpact, bare.transientImpact]).toEqual(['', '', '']);
  });
});

describe('Privacy assessment process — what is missing, step by step', () => {
  const complete = (): PrivacyImpact => ({
    ...newPrivacyImpact(evidence, 'sa-1'),
    strategicAssessmentReview: 'The 2026 assessment identifies the A4 corridor.',
    pressingSocialNeedReview: 'Vehicle crime along the A4 is a pressing social need.',
    stakeholders: 'Parish council, Bath BID, residents association.',
    consultation: 'Consulted the Bath community safety partnership on the general area.',
    signage: 'Signs on the A4 at the force boundary.',
    website: 'ANPR page on the force website.',
    otherPublications: 'Annual policing plan.',
  });

  it('a complete assessment lacks nothing', () => {
    expect(missingFromPrivacyImpact(complete())).toEqual([]);
  });

  it('names each of the six steps that is not done', () => {
    expect(missingFromPrivacyImpact(newPrivacyImpact(null, null))).toEqual([
      'Step 1: cite the strategic assessment reviewed to confirm the proposed location.',
      'Step 1: record the review of the strategic assessment.',
      'Step 2: record the review of the assessment of “pressing social need”.',
      'Step 3: identify potential privacy impacts in relation to the location.',
      'Step 3: identify potential privacy impacts in relation to the resident population.',
      'Step 3: identify potential privacy impacts in relation to the transient population.',
      'Step 4: identify relevant stakeholder representatives.',
      'Step 5: record the consultation on the proposal: with whom, and how far.',
      'Step 6: say what information is given in signs within the policing area.',
      'Step 6: say what entries the organisation’s internet site has on ANPR.',
      'Step 6: say what other publications give information on ANPR.',
    ]);
  });

  it('wants a screening answer for each element', () => {
    const pia = complete();
    expect(missingFromPrivacyImpact({ ...pia, screening: { ...pia.screening, identity: ' ' } })).toEqual(['Screening: give the answer for Identity.']);
  });

  it('step 5: "If consultation is limited then the reasons should be fully recorded"', () => {
    const limited = { ...complete(), consultationLimited: true };
    expect(missingFromPrivacyImpact(limited)).toEqual(['Step 5: "If consultation is limited then the reasons should be fully recorded."']);
    expect(missingFromPrivacyImpact({ ...limited, consultationLimitedReasons: 'Disclosure would alert the offenders targeted.' })).toEqual([]);
  });
});
