import { describe, expect, it } from 'vitest';
import { PRESSING_SOCIAL_NEED_FACTORS, SCREENING_ELEMENTS, THREAT_CATEGORIES } from '../domain/procedure-record.ts';
import {
  APPENDIX_A,
  CONSULTATION_GUIDANCE,
  FIRST_REVIEW_STEPS,
  LATER_REVIEW_STEPS,
  NEW_INFRASTRUCTURE_STEPS,
  PRESSING_SOCIAL_NEED_TEXT,
  PRESSING_SOCIAL_NEED_WEIGHING,
  PRIVACY_ASSESSMENT_STEPS,
  SCREENING_TEXT,
  STRATEGIC_ASSESSMENT_EVIDENCE,
  STRATEGIC_ASSESSMENT_GUIDANCE,
  THREAT_CATEGORY_TEXT,
  TRANSPARENCY_GUIDANCE,
} from './procedure-text.ts';

// The quotes below are copied by hand from the procedure; each test checks the text word for word.

describe('Assessing the need for ANPR — the four categories of strategic threat', () => {
  it('has a heading and guidance for each category, in the procedure\'s order', () => {
    expect(THREAT_CATEGORIES.map((category) => THREAT_CATEGORY_TEXT[category].label)).toEqual([
      'National security and counter terrorism',
      'Serious, Organised and Major Crime',
      'Local Crime',
      'Community Confidence and Reassurance/ Crime Prevention and Reduction',
    ]);
  });

  it('quotes "Local Crime" and "National security and counter terrorism" word for word', () => {
    expect(THREAT_CATEGORY_TEXT['local-crime'].guidance).toBe('The assessment should include consideration of local crime and policing issues and the relevance of vehicle movements to that criminality.');
    expect(THREAT_CATEGORY_TEXT['national-security'].guidance).toContain("identified 'Crowded Places' and take account of information and intelligence relevant to counter terrorism policing.");
  });

  it('quotes why an assessment against the categories needs evidence', () => {
    expect(STRATEGIC_ASSESSMENT_EVIDENCE).toBe(
      'It is important that an assessment against these high level categories is supported by evidence and information; a reference to these categories, in isolation, is unlikely to be sufficient to support the identification of a pressing social need for deployment of ANPR.',
    );
  });

  it('quotes the Introduction on keeping the strategic assessment', () => {
    expect(STRATEGIC_ASSESSMENT_GUIDANCE).toContain('It is therefore advisable for that following initial assessment the strategic assessment is maintained and reviewed at regular intervals to ensure that it remains relevant.');
    expect(STRATEGIC_ASSESSMENT_GUIDANCE).toMatch(/should be retained in each case\.$/);
  });
});

describe('Pressing Social Need', () => {
  it('has the seven factors, each quoting its bullet', () => {
    expect(PRESSING_SOCIAL_NEED_FACTORS.map((factor) => PRESSING_SOCIAL_NEED_TEXT[factor].guidance)).toEqual([
      'The numbers of people that are, or could be affected by the issues identified within the strategic assessment.',
      'Whether those issues could lead to damage, distress or both and if so the nature and severity of those consequences.',
      'Any local views on the deployment of ANPR.',
      'Any wider societal views on the use of ANPR.',
      'The alternative tactical responses that may be available to meet the challenges that may be less or more intrusive than ANPR.',
      'How the use of ANPR will assist resolution of the issues identified.',
      'The scope of privacy intrusion – How many people does this affect?',
    ]);
  });

  it('quotes the weighing of the factors', () => {
    expect(PRESSING_SOCIAL_NEED_WEIGHING).toMatch(/^All of the factors considered should be weighed against each other in determining whether it may be appropriate for ANPR to be deployed\. /);
    expect(PRESSING_SOCIAL_NEED_WEIGHING).toContain('It is essential that a pressing social need is identified for a deployment of new infrastructure or continue use of existing capability to be justified');
  });
});

describe('Privacy Impact — the screening elements', () => {
  it('answers Technology, Identity, Multiple organisations and Data as the procedure does', () => {
    expect(SCREENING_ELEMENTS.map((element) => SCREENING_TEXT[element].label)).toEqual(['Technology', 'Identity', 'Multiple organisations', 'Data']);
    expect(SCREENING_TEXT.identity.procedureAnswer).toBe('The installation of ANPR at additional locations has no impact in this regard.');
    expect(SCREENING_TEXT.data.procedureAnswer).toMatch(/^The installation of ANPR at additional locations will result in additional vehicle registration marks \(VRM\)/);
    expect(SCREENING_TEXT.data.procedureAnswer).toMatch(/assessed in the context of the impact on privacy for each proposed location\.$/);
  });
});

describe('Privacy assessment process', () => {
  it('has six steps, the third naming the location, the resident population and the transient population', () => {
    expect(PRIVACY_ASSESSMENT_STEPS.map((step) => step.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(PRIVACY_ASSESSMENT_STEPS.every((step) => step.section === 'Privacy assessment process')).toBe(true);
    expect(PRIVACY_ASSESSMENT_STEPS[1]!.text).toBe('Review the assessment of “pressing social need”');
    expect(PRIVACY_ASSESSMENT_STEPS[2]!.text).toBe('Identify potential privacy impacts in relation to: a. the location, b. the resident population, c. the transient population.');
  });

  it('step 5 is the consultation, and says exact locations need not be disclosed and limits must be explained', () => {
    expect(PRIVACY_ASSESSMENT_STEPS[4]!.text).toBe(CONSULTATION_GUIDANCE);
    expect(CONSULTATION_GUIDANCE).toContain('The exact locations for new ANPR infrastructure need not be disclosed such that consultation should be possible in all but the most exceptional of circumstances.');
    expect(CONSULTATION_GUIDANCE).toMatch(/If consultation is limited then the reasons should be fully recorded\.$/);
  });

  it('step 6 is transparency', () => {
    expect(PRIVACY_ASSESSMENT_STEPS[5]!.text).toBe(TRANSPARENCY_GUIDANCE);
    expect(TRANSPARENCY_GUIDANCE).toMatch(/^Review information provided regarding ANPR within the area to provide much transparency in the use of ANPR as possible\./);
  });
});

describe('New ANPR Infrastructure', () => {
  it('has four steps, the last to determine if the development should take place', () => {
    expect(NEW_INFRASTRUCTURE_STEPS.map((step) => step.number)).toEqual([1, 2, 3, 4]);
    expect(NEW_INFRASTRUCTURE_STEPS[1]!.text).toContain("consideration of how the new infrastructure will 'fit' with existing regional and national infrastructure is required.");
    expect(NEW_INFRASTRUCTURE_STEPS[3]!.text).toBe('Following assessment determine if the development should take place.');
  });
});

describe('Review of ANPR Infrastructure', () => {
  it('"First Review where no privacy impact assessment has been completed": seven steps', () => {
    expect(FIRST_REVIEW_STEPS).toHaveLength(7);
    expect(FIRST_REVIEW_STEPS[0]!.section).toBe('First Review where no privacy impact assessment has been completed');
    // The procedure's own slips ("ANPR been successful", "the location the context") are kept so that the quote can be found.
    expect(FIRST_REVIEW_STEPS[1]!.text).toBe('Confirm if the deployment of ANPR been successful in meeting the aims for which it was installed, if not then ANPR may not be the most appropriate response to the threat.');
    expect(FIRST_REVIEW_STEPS[4]!.text).toMatch(/^Assess the location the context of any impact on privacy/);
    expect(FIRST_REVIEW_STEPS[6]!.text).toBe('If following assessment continued deployment of the NRD at a location is not justified, cease the collection of data from that NRD and arrange for decommissioning.');
  });

  it('"Second and subsequent review or where privacy impact assessment has previously been completed": eight steps', () => {
    expect(LATER_REVIEW_STEPS).toHaveLength(8);
    expect(LATER_REVIEW_STEPS.map((step) => step.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(LATER_REVIEW_STEPS[4]!.text).toBe('If the location remains relevant following consideration of the strategic assessment and privacy considerations have not changed, continue deployment of NRD at that location.');
    expect(LATER_REVIEW_STEPS[5]!.text).toMatch(/^Where privacy considerations have changed assess any impact on privacy/);
  });

  it('the first three steps of both reviews are the same, but for the full stop the first review lacks', () => {
    expect(FIRST_REVIEW_STEPS.slice(0, 2).map((step) => step.text)).toEqual(LATER_REVIEW_STEPS.slice(0, 2).map((step) => step.text));
    expect(`${FIRST_REVIEW_STEPS[2]!.text}.`).toBe(LATER_REVIEW_STEPS[2]!.text);
  });
});

describe('Appendix A — Review of ANPR Infrastructure', () => {
  it('words the template\'s questions and answers as the procedure does', () => {
    expect(APPENDIX_A.location).toBe('Location of ANPR NRD (ANPR Camera):');
    expect(APPENDIX_A.date).toBe('Date of Review:');
    expect(APPENDIX_A.relevance).toEqual({
      question: 'Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?',
      no: 'No – Cease data collection and decommission NRD',
    });
    expect(APPENDIX_A.success).toEqual({
      question: 'Has ANPR been successful in meeting the aims that justified installation at this location?',
      no: 'No – Cease data collection and decommission NRD or conduct detailed assessment prior to confirming continued operation at the location',
    });
    expect(APPENDIX_A.privacy).toBe('Review potential privacy impacts in relation to the location, the resident population and the transient population.');
    expect(APPENDIX_A.proportionate).toEqual({ question: 'Is continued deployment at location a proportionate response to the assessment?', no: 'No – Cease data collection and decommission NRD' });
    expect(APPENDIX_A.continueOperation).toBe('Continue operation of NRD');
    expect(APPENDIX_A.continued).toBe('Continued Operation of NRD – Yes [ ] No [ ]');
    expect(APPENDIX_A.reason).toBe('Reason for decommissioning or Justification for continued deployment');
  });
});
