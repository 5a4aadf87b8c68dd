import type { PressingSocialNeedFactor, ScreeningElement, ThreatCategory } from '../domain/procedure-record.ts';

/**
 * The Home Office "Procedure for the Development and Review of ANPR Infrastructure" in its own words,
 * for the guidance beside each field. Every quote is word for word, its typing slips included, so that
 * a reader can find it in the procedure.
 */

/** One numbered step of a section of the procedure. */
export interface ProcedureStep {
  number: number;
  section: string;
  text: string;
}

const steps = (section: string, texts: readonly string[]): readonly ProcedureStep[] => texts.map((text, index) => ({ number: index + 1, section, text }));

export const STRATEGIC_ASSESSMENT_GUIDANCE =
  'The strategic assessment should be considered as the essential source of information when considering the development of new ANPR capability and when reviewing the continued relevance of ANPR at a location. It is therefore advisable for that following initial assessment the strategic assessment is maintained and reviewed at regular intervals to ensure that it remains relevant. A record of the strategic assessment relevant to the consideration of any new capability or review of an existing location should be retained in each case.';

/** "Assessing the need for ANPR": why each category needs evidence behind it. */
export const STRATEGIC_ASSESSMENT_EVIDENCE =
  'It is important that an assessment against these high level categories is supported by evidence and information; a reference to these categories, in isolation, is unlikely to be sufficient to support the identification of a pressing social need for deployment of ANPR.';

/** The four categories of strategic threat: the label is the heading of the procedure's section on each. */
export const THREAT_CATEGORY_TEXT: Record<ThreatCategory, { label: string; guidance: string }> = {
  'national-security': {
    label: 'National security and counter terrorism',
    guidance:
      "The first component of a strategic assessment should be aspects of national security and counter terrorism. Assessment should be with reference to Critical National Infrastructure (CNI), National Borders and identified 'Crowded Places' and take account of information and intelligence relevant to counter terrorism policing.",
  },
  'serious-organised-crime': {
    label: 'Serious, Organised and Major Crime',
    guidance:
      'During the process of the strategic assessment staff within Police forces and other Law Enforcement Agencies (LEA) with primary responsibility for serious, organised, and major crime investigations should be requested to provide advice on appropriate locations for ANPR, taking account of previous experience and assessment of future requirements, which should be supported by appropriate examples and analysis.',
  },
  'local-crime': {
    label: 'Local Crime',
    guidance: 'The assessment should include consideration of local crime and policing issues and the relevance of vehicle movements to that criminality.',
  },
  'community-confidence': {
    label: 'Community Confidence and Reassurance/ Crime Prevention and Reduction',
    guidance:
      'In some circumstances the local communities, both residential and business may initiate considerations for ANPR infrastructure development for the purpose of crime prevention, community confidence or reassurance which may be at no or minimal costs to a LEA. Any proposal should be subject to strategic assessment of local crime and must be in order to detect, deter, and disrupt criminality. This aspect of assessment may provide the greatest challenge to establishing deployment of ANPR as a proportionate response.',
  },
};

/** The seven factors of "Pressing Social Need": a short label of ours, the procedure's bullet as guidance. */
export const PRESSING_SOCIAL_NEED_TEXT: Record<PressingSocialNeedFactor, { label: string; guidance: string }> = {
  'people-affected': {
    label: 'People affected',
    guidance: 'The numbers of people that are, or could be affected by the issues identified within the strategic assessment.',
  },
  'damage-or-distress': {
    label: 'Damage or distress',
    guidance: 'Whether those issues could lead to damage, distress or both and if so the nature and severity of those consequences.',
  },
  'local-views': { label: 'Local views', guidance: 'Any local views on the deployment of ANPR.' },
  'societal-views': { label: 'Wider societal views', guidance: 'Any wider societal views on the use of ANPR.' },
  'alternative-tactics': {
    label: 'Alternative tactical responses',
    guidance: 'The alternative tactical responses that may be available to meet the challenges that may be less or more intrusive than ANPR.',
  },
  'how-anpr-helps': { label: 'How ANPR will assist', guidance: 'How the use of ANPR will assist resolution of the issues identified.' },
  'privacy-intrusion': { label: 'Scope of privacy intrusion', guidance: 'The scope of privacy intrusion – How many people does this affect?' },
};

export const PRESSING_SOCIAL_NEED_WEIGHING =
  'All of the factors considered should be weighed against each other in determining whether it may be appropriate for ANPR to be deployed. It is essential that a pressing social need is identified for a deployment of new infrastructure or continue use of existing capability to be justified and for this to then be considered in the context of privacy.';

/** The ICO screening elements, each with the answer the procedure gives for an established ANPR infrastructure. */
export const SCREENING_TEXT: Record<ScreeningElement, { label: string; procedureAnswer: string }> = {
  technology: {
    label: 'Technology',
    procedureAnswer: 'ANPR technology is established within the organisation and no change in that technology arises from an installation at additional locations.',
  },
  identity: { label: 'Identity', procedureAnswer: 'The installation of ANPR at additional locations has no impact in this regard.' },
  'multiple-organisations': {
    label: 'Multiple organisations',
    procedureAnswer:
      'The installation of ANPR at additional locations will not result in the disclosure of personal data to another organisation by the police or other LEA and therefore there is no impact in this regard.',
  },
  data: {
    label: 'Data',
    procedureAnswer:
      'The installation of ANPR at additional locations will result in additional vehicle registration marks (VRM) being collected and recorded within the ANPR system. Data from the additional locations will be available for investigative purposes that may include research and analysis in the context of other data. The proportionality in developing this increased capability for collection, research and analysis of data should be assessed in the context of the impact on privacy for each proposed location.',
  },
};

/** Step 5 of "Privacy assessment process". */
export const CONSULTATION_GUIDANCE =
  'Consult on proposals with all persons and organisations with a reasonable interest in the proposal unless that would be contrary to the purpose of the development, namely, to detect, deter, and disrupt criminality. In establishing the extent of a consultation consideration is required of the nature and extent of the “pressing social need” and the extent that the proposal could impact on privacy. Consultation may be conducted using established consultation groups and methods, with additional provisions where they are judged as insufficient taking account of the circumstances in each case. The exact locations for new ANPR infrastructure need not be disclosed such that consultation should be possible in all but the most exceptional of circumstances. If consultation is limited then the reasons should be fully recorded.';

/** Step 6 of "Privacy assessment process". */
export const TRANSPARENCY_GUIDANCE =
  'Review information provided regarding ANPR within the area to provide much transparency in the use of ANPR as possible. Whilst specific ANPR camera locations need not be identified, information is to be provided for individuals who enter an area covered by ANPR that it is in use and the purposes of that use. This should include provision of information in appropriate signs within the policing area, entries the organisations internet site and other publications.';

/** The procedure lists the three potential privacy impacts as a. b. c. under the step that names them. */
const IN_RELATION_TO = 'in relation to: a. the location, b. the resident population, c. the transient population.';

export const PRIVACY_ASSESSMENT_STEPS = steps('Privacy assessment process', [
  'Review the strategic assessment to confirm proposed locations for new ANPR.',
  'Review the assessment of “pressing social need”',
  `Identify potential privacy impacts ${IN_RELATION_TO}`,
  'Identify relevant stakeholder representatives',
  CONSULTATION_GUIDANCE,
  TRANSPARENCY_GUIDANCE,
]);

export const NEW_INFRASTRUCTURE_STEPS = steps('New ANPR Infrastructure', [
  'Taking account of the information within the assessment, identify locations where deployment of ANPR may be an appropriate tactical response.',
  "Review existing ANPR locations in the context of any proposed new locations, to confirm that the resulting ANPR capability if implemented would be proportionate to the policing issues identified from the assessment. In conducting this review consideration of how the new infrastructure will 'fit' with existing regional and national infrastructure is required. Developments should not normally be based solely on local considerations.",
  'Assess proposals in the context of any impact on privacy to confirm that the additional capability would be a proportionate response to the policing issues identified from the assessment.',
  'Following assessment determine if the development should take place.',
]);

/** Steps 1 and 2 are the same in a first review and in later ones. */
const UPDATE_STRATEGIC_ASSESSMENT =
  'Update and review the strategic assessment of the policing challenges as previously described to establish whether there remains a pressing social need for a policing response, and that the location remains relevant in the context of that assessment.';
const CONFIRM_SUCCESS =
  'Confirm if the deployment of ANPR been successful in meeting the aims for which it was installed, if not then ANPR may not be the most appropriate response to the threat.';
const NO_LONGER_RELEVANT = 'If on consideration of the strategic assessment the location is no longer relevant to the policing challenges, cease collection of data from the NRD and arrange for decommissioning';

export const FIRST_REVIEW_STEPS = steps('First Review where no privacy impact assessment has been completed', [
  UPDATE_STRATEGIC_ASSESSMENT,
  CONFIRM_SUCCESS,
  NO_LONGER_RELEVANT,
  `Identify potential privacy impacts ${IN_RELATION_TO}`,
  'Assess the location the context of any impact on privacy to confirm that the continued deployment of a NRD is a proportionate response to the policing issues identified from the assessment.',
  'If following assessment continued deployment of NRD at the location is justified no further action is required.',
  'If following assessment continued deployment of the NRD at a location is not justified, cease the collection of data from that NRD and arrange for decommissioning.',
]);

export const LATER_REVIEW_STEPS = steps('Second and subsequent review or where privacy impact assessment has previously been completed', [
  UPDATE_STRATEGIC_ASSESSMENT,
  CONFIRM_SUCCESS,
  `${NO_LONGER_RELEVANT}.`,
  `If the location remains relevant in the context of the strategic assessment, then review potential privacy impacts ${IN_RELATION_TO}`,
  'If the location remains relevant following consideration of the strategic assessment and privacy considerations have not changed, continue deployment of NRD at that location.',
  'Where privacy considerations have changed assess any impact on privacy to confirm that the continued deployment of a NRD is a proportionate response to the policing issues identified from the assessment.',
  'If following that assessment continued deployment of NRD at the location is justified no further action is required.',
  'If following that assessment continued deployment of the NRD at a location is not justified, cease the collection of data from that NRD and arrange for decommissioning.',
]);

const DECOMMISSION = 'No – Cease data collection and decommission NRD';

/** "Appendix A": the template for a record of a review, its questions and answers as it words them. */
export const APPENDIX_A = {
  title: 'Appendix A — Review of ANPR Infrastructure',
  location: 'Location of ANPR NRD (ANPR Camera):',
  date: 'Date of Review:',
  relevance: {
    question: 'Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?',
    no: DECOMMISSION,
  },
  success: {
    question: 'Has ANPR been successful in meeting the aims that justified installation at this location?',
    no: `${DECOMMISSION} or conduct detailed assessment prior to confirming continued operation at the location`,
  },
  privacy: 'Review potential privacy impacts in relation to the location, the resident population and the transient population.',
  proportionate: {
    question: 'Is continued deployment at location a proportionate response to the assessment?',
    no: DECOMMISSION,
  },
  continueOperation: 'Continue operation of NRD',
  continued: 'Continued Operation of NRD – Yes [ ] No [ ]',
  reason: 'Reason for decommissioning or Justification for continued deployment',
} as const;
