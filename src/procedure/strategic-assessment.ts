import { THREAT_CATEGORIES, type EvidenceItem, type StrategicAssessment, type ThreatCategory } from '../domain/procedure-record.ts';
import { STRATEGIC_ASSESSMENT_EVIDENCE, THREAT_CATEGORY_TEXT } from './procedure-text.ts';
import { reviewDueOn } from './review-due.ts';

/**
 * A new strategic assessment of an area, dated today. The procedure advises it is "maintained and
 * reviewed at regular intervals"; the next review is set, to be changed, 12 months on, as for an NRD.
 */
export function newStrategicAssessment(area: string, today: string): StrategicAssessment {
  return {
    area,
    assessedOn: today,
    threats: Object.fromEntries(THREAT_CATEGORIES.map((category) => [category, ''])) as Record<ThreatCategory, string>,
    evidence: [],
    retention: '',
    nextReviewOn: reviewDueOn(today),
  };
}

/** An evidence item with nothing in it supports nothing. */
const hasContent = (item: EvidenceItem) => item.text.trim() !== '' || item.attachment !== null || item.layer !== null || item.figures !== null;

/** What the assessment still lacks, as messages a user can act on; empty when it is complete. */
export function missingFromStrategicAssessment(sa: StrategicAssessment): string[] {
  const missing: string[] = [];
  if (!sa.area.trim()) missing.push('Name the force or area assessed.');
  if (!sa.assessedOn) missing.push('Give the date of the assessment.');
  for (const category of THREAT_CATEGORIES) {
    if (!sa.threats[category].trim()) missing.push(`Assess "${THREAT_CATEGORY_TEXT[category].label}", or say why it is not relevant to the area.`);
  }
  if (!sa.evidence.some(hasContent)) {
    missing.push(`Add the evidence behind the assessment: "${STRATEGIC_ASSESSMENT_EVIDENCE}"`);
  }
  if (!sa.nextReviewOn) missing.push('Set the date of the next review: the strategic assessment is to be "maintained and reviewed at regular intervals".');
  else if (sa.assessedOn && sa.nextReviewOn <= sa.assessedOn) missing.push(`The next review (${sa.nextReviewOn}) must come after the assessment (${sa.assessedOn}).`);
  return missing;
}

/** Whether the assessment is still current: past its next review date it may no longer be relevant. */
export function strategicAssessmentStanding(sa: StrategicAssessment, today: string): { current: boolean; message: string | null } {
  if (sa.nextReviewOn && sa.nextReviewOn < today) {
    return {
      current: false,
      message: `The strategic assessment of ${sa.area.trim() || 'this area'} was due for review on ${sa.nextReviewOn}: it is to be "reviewed at regular intervals to ensure that it remains relevant".`,
    };
  }
  return { current: true, message: null };
}

/** A force area's name as compared: case and spacing aside ("Avon and Somerset" = "avon  and somerset"). */
const areaKey = (area: string) => area.trim().replace(/\s+/g, ' ').toLowerCase();

/** The assessments of a site's force area, newest first (undated drafts last). */
export function assessmentsForArea<T extends { recordId: string; content: StrategicAssessment }>(area: string, assessments: readonly T[]): T[] {
  const key = areaKey(area);
  if (!key) return [];
  return assessments.filter(({ content }) => areaKey(content.area) === key).sort((a, b) => b.content.assessedOn.localeCompare(a.content.assessedOn));
}
