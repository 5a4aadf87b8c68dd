import {
  PRESSING_SOCIAL_NEED_FACTORS,
  SCREENING_ELEMENTS,
  THREAT_CATEGORIES,
  THREAT_PRIORITY_LABELS,
  type KindedContent,
  type ThreatPriority,
  type YesNo,
} from '../domain/procedure-record.ts';
import { APPENDIX_A, PRESSING_SOCIAL_NEED_TEXT, SCREENING_TEXT, THREAT_CATEGORY_TEXT } from './procedure-text.ts';

/** One line of a record as a printed evidence pack shows it: the procedure's question or label, and the answer. */
export interface SummaryRow {
  label: string;
  value: string;
}

const answer = (value: YesNo) => (value === 'yes' ? 'Yes' : value === 'no' ? 'No' : 'Not answered');
const text = (value: string) => value.trim() || '—';
/** A threat category's assessment, its priority first when one is given. */
const threat = (assessment: string, priority: ThreatPriority | undefined) => (priority ? [`Priority: ${THREAT_PRIORITY_LABELS[priority]}`, assessment.trim()].filter(Boolean).join(' — ') : text(assessment));

/**
 * A record's content as labelled lines, in the order its section of the procedure takes them; an
 * annual review in Appendix A's own words, its "Continued Operation" line ticked as the template has it.
 */
export function recordSummary(record: KindedContent): SummaryRow[] {
  switch (record.kind) {
    case 'strategic-assessment': {
      const c = record.content;
      return [
        { label: 'Force or area', value: text(c.area) },
        { label: 'Date of the assessment', value: text(c.assessedOn) },
        ...THREAT_CATEGORIES.map((category) => ({ label: THREAT_CATEGORY_TEXT[category].label, value: threat(c.threats[category], c.priorities?.[category]) })),
        ...c.evidence.map((item, index) => ({
          label: `Evidence ${index + 1}: ${item.title || 'untitled'}`,
          value: [item.text.trim(), item.attachment && `file ${item.attachment.name} (SHA-256 ${item.attachment.sha256})`, item.layer && `layer ${item.layer.name}`, item.figures && `figures of ${item.figures.subject} as at ${item.figures.takenAt.slice(0, 10)}`]
            .filter(Boolean)
            .join('; ') || '—',
        })),
        { label: 'Retention', value: text(c.retention) },
        { label: 'Next review', value: text(c.nextReviewOn) },
      ];
    }
    case 'pressing-social-need': {
      const c = record.content;
      return [
        ...PRESSING_SOCIAL_NEED_FACTORS.map((factor) => ({ label: PRESSING_SOCIAL_NEED_TEXT[factor].label, value: text(c.factors[factor]) })),
        { label: 'The factors weighed', value: text(c.weighing) },
        { label: 'Pressing social need identified', value: answer(c.needIdentified) },
      ];
    }
    case 'privacy-impact': {
      const c = record.content;
      return [
        ...SCREENING_ELEMENTS.map((element) => ({ label: `Screening: ${SCREENING_TEXT[element].label}`, value: text(c.screening[element]) })),
        { label: '1. Strategic assessment reviewed', value: text(c.strategicAssessmentReview) },
        { label: '2. Pressing social need reviewed', value: text(c.pressingSocialNeedReview) },
        { label: '3a. Impact: the location', value: text(c.locationImpact) },
        { label: '3b. Impact: the resident population', value: text(c.residentImpact) },
        { label: '3c. Impact: the transient population', value: text(c.transientImpact) },
        { label: '4. Stakeholder representatives', value: text(c.stakeholders) },
        { label: '5. Consultation', value: text(c.consultation) },
        ...(c.consultationLimited ? [{ label: '5. Why consultation is limited', value: text(c.consultationLimitedReasons) }] : []),
        { label: '6. Signs', value: text(c.signage) },
        { label: '6. Internet site', value: text(c.website) },
        { label: '6. Other publications', value: text(c.otherPublications) },
      ];
    }
    case 'consultation': {
      const c = record.content;
      const disclosed = { exact: 'Exact location', 'general-area': 'General area only', 'not-disclosed': 'Not disclosed' }[c.locationDisclosure];
      return [
        { label: 'When', value: text(c.heldOn) },
        { label: 'Who was consulted', value: text(c.consultees) },
        { label: 'How', value: text(c.method) },
        { label: 'What was said', value: text(c.said) },
        { label: 'Outcome', value: text(c.outcome) },
        { label: 'Location disclosed', value: disclosed },
        { label: 'Transparency', value: text(c.transparency) },
      ];
    }
    case 'decision': {
      const c = record.content;
      return [
        { label: '1. Locations identified', value: text(c.locations) },
        { label: '2. Existing locations and fit with regional and national infrastructure', value: text(c.existingReview) },
        { label: '3. Privacy and proportionality', value: text(c.proportionality) },
        { label: '4. Decision', value: c.outcome === 'approve' ? 'Approve: the development should take place' : c.outcome === 'reject' ? 'Reject: it should not' : 'Not decided' },
        { label: 'Date of the decision', value: text(c.decidedOn) },
        { label: 'Justification', value: text(c.justification) },
      ];
    }
    case 'annual-review': {
      const c = record.content;
      const ticked = (yes: boolean | null) => `Yes [${yes === true ? 'x' : ' '}] No [${yes === false ? 'x' : ' '}]`;
      const relevant = c.relevantAndNeedRemains === 'yes';
      const privacyUnchanged = c.reviewKind === 'later' && c.privacyChanged === 'no';
      return [
        { label: APPENDIX_A.location, value: text(c.location) },
        { label: APPENDIX_A.date, value: text(c.reviewedOn) },
        { label: APPENDIX_A.relevance.question, value: [answer(c.relevantAndNeedRemains), c.relevanceNotes.trim()].filter(Boolean).join(': ') },
        ...(relevant
          ? [
              { label: APPENDIX_A.success.question, value: [answer(c.successful), c.successNotes.trim()].filter(Boolean).join(': ') },
              ...(c.successful === 'no' ? [{ label: 'Detailed assessment before confirming continued operation', value: text(c.detailedAssessment) }] : []),
              { label: `${APPENDIX_A.privacy} The location`, value: text(c.locationImpact) },
              { label: 'The resident population', value: text(c.residentImpact) },
              { label: 'The transient population', value: text(c.transientImpact) },
              ...(c.reviewKind === 'later' ? [{ label: 'Have privacy considerations changed since they were last assessed?', value: answer(c.privacyChanged) }] : []),
              {
                label: APPENDIX_A.proportionate.question,
                value: privacyUnchanged ? 'Privacy considerations have not changed: the earlier assessment stands' : [answer(c.proportionate), c.proportionalityNotes.trim()].filter(Boolean).join(': '),
              },
            ]
          : []),
        { label: 'Continued Operation of NRD', value: ticked(c.continuedOperation === null ? null : c.continuedOperation === 'yes') },
        { label: APPENDIX_A.reason, value: text(c.reasonOrJustification) },
      ];
    }
  }
}
