import type { AnnualReview, FrozenFigures } from '../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../domain/site.ts';
import { changeStatus, isOperationalNrd, type StatusChangeResult } from './lifecycle.ts';
import { privacyImpactPrefill } from './privacy-impact.ts';
import { APPENDIX_A, FIRST_REVIEW_STEPS, LATER_REVIEW_STEPS, type ProcedureStep } from './procedure-text.ts';
import type { SiteEvidence } from './site-evidence.ts';

export type ReviewKind = AnnualReview['reviewKind'];

/**
 * "First Review where no privacy impact assessment has been completed", or "Second and subsequent
 * review or where privacy impact assessment has previously been completed".
 */
export function reviewKindFor({ privacyImpactCompleted, completedReviews }: { privacyImpactCompleted: boolean; completedReviews: number }): ReviewKind {
  return privacyImpactCompleted || completedReviews > 0 ? 'later' : 'first';
}

export function reviewSteps(kind: ReviewKind): readonly ProcedureStep[] {
  return kind === 'first' ? FIRST_REVIEW_STEPS : LATER_REVIEW_STEPS;
}

/** Appendix A's "Location of ANPR NRD (ANPR Camera)": reference, name, road and position. */
function locationOf(site: Site): string {
  const named = [site.reference, site.name.trim()].filter(Boolean).join(' ');
  const road = site.road.trim() ? `, ${site.road.trim()}` : '';
  return `${named}${road} (lon ${site.lon.toFixed(5)}, lat ${site.lat.toFixed(5)})`;
}

/** A new annual review of an NRD location, dated today, its privacy impacts prefilled from the figures. */
export function newAnnualReview(site: Site, kind: ReviewKind, today: string, evidence: SiteEvidence | null, figures: FrozenFigures | null, strategicAssessmentId: string | null): AnnualReview {
  const impacts = evidence ? privacyImpactPrefill(evidence) : { locationImpact: '', residentImpact: '', transientImpact: '' };
  return {
    reviewKind: kind,
    strategicAssessmentId,
    location: locationOf(site),
    reviewedOn: today,
    relevantAndNeedRemains: null,
    relevanceNotes: '',
    successful: null,
    successNotes: '',
    detailedAssessment: '',
    ...impacts,
    privacyChanged: null,
    proportionate: null,
    proportionalityNotes: '',
    continuedOperation: null,
    reasonOrJustification: '',
    figures,
    concluded: false,
  };
}

export type ReviewOutcome = 'continue' | 'decommission';

/** Where the answers lead, and why, for the message when "Continued Operation of NRD" says otherwise. */
type Route = { outcome: ReviewOutcome; because: string } | null;

const blank = (text: string) => text.trim() === '';

/**
 * The outcome Appendix A's answers lead to, and what is still missing or contradicts them. The outcome
 * is null until nothing is missing; "Continued Operation of NRD" must agree with where the answers lead.
 */
export function appendixAOutcome(review: AnnualReview): { outcome: ReviewOutcome | null; missing: string[] } {
  const missing: string[] = [];
  if (blank(review.location)) missing.push(`${APPENDIX_A.location} give the location.`);
  if (!review.reviewedOn) missing.push(`${APPENDIX_A.date} give the date.`);
  const route = routeOf(review, missing);
  if (review.continuedOperation === null) missing.push(`Answer "${APPENDIX_A.continued}".`);
  else if (route && (review.continuedOperation === 'yes') !== (route.outcome === 'continue')) {
    missing.push(`"Continued Operation of NRD" is ${review.continuedOperation === 'yes' ? 'Yes' : 'No'}, but the answers above lead to ${route.outcome === 'continue' ? 'continued operation' : 'decommissioning'}: ${route.because}.`);
  }
  if (blank(review.reasonOrJustification)) missing.push(`Give the "${APPENDIX_A.reason}".`);
  return { outcome: missing.length === 0 && route ? route.outcome : null, missing };
}

/** Appendix A's questions in order, each No ending the review; what is unanswered goes to `missing`. */
function routeOf(review: AnnualReview, missing: string[]): Route {
  const decommission = (because: string): Route => ({ outcome: 'decommission', because });
  if (review.relevantAndNeedRemains === null) {
    missing.push(`Answer: "${APPENDIX_A.relevance.question}"`);
    return null;
  }
  if (review.relevantAndNeedRemains === 'no') return decommission(`the location is no longer relevant ("${APPENDIX_A.relevance.no}")`);
  if (review.successful === null) {
    missing.push(`Answer: "${APPENDIX_A.success.question}"`);
    return null;
  }
  if (review.successful === 'no') {
    // The template gives two ways on: decommission, or continue once a detailed assessment is recorded.
    if (review.continuedOperation === 'no') return decommission(`ANPR has not been successful ("${APPENDIX_A.success.no}")`);
    if (review.continuedOperation === null) return null;
    if (blank(review.detailedAssessment)) {
      missing.push('ANPR has not been successful here: "conduct detailed assessment prior to confirming continued operation at the location", and record it.');
      return null;
    }
  }
  const impacts = [
    ['the location', review.locationImpact],
    ['the resident population', review.residentImpact],
    ['the transient population', review.transientImpact],
  ] as const;
  for (const [of, text] of impacts) if (blank(text)) missing.push(`Review potential privacy impacts in relation to ${of}.`);
  if (review.reviewKind === 'later') {
    if (review.privacyChanged === null) {
      missing.push('Say whether privacy considerations have changed since they were last assessed.');
      return null;
    }
    // Step 5 of a later review: relevant, and privacy considerations unchanged, "continue deployment of NRD at that location".
    if (review.privacyChanged === 'no') return { outcome: 'continue', because: 'the location remains relevant and privacy considerations have not changed' };
  }
  if (review.proportionate === null) {
    missing.push(`Answer: "${APPENDIX_A.proportionate.question}"`);
    return null;
  }
  if (review.proportionate === 'no') return decommission(`continued deployment is not a proportionate response ("${APPENDIX_A.proportionate.no}")`);
  return { outcome: 'continue', because: `continued deployment is a proportionate response ("${APPENDIX_A.continueOperation}")` };
}

/**
 * An NRD whose review has begun (its first version saved) is under review until the review concludes,
 * dated the day of the review; null when it is under review already or not in use.
 */
export function reviewStartTransition(site: Site, review: AnnualReview, by: string, recordedAt: string, today: string): StatusChangeResult | null {
  if (site.status !== 'live' && site.status !== 'continued') return null;
  return changeStatus(site, { to: 'under-review', date: review.reviewedOn || today, by, reason: `Annual review started: ${review.location}.` }, recordedAt, today);
}

/**
 * The site's lifecycle moved by a concluded review: an NRD in use is put under review, then continued
 * or decommissioned, dated the day of the review with its reason or justification.
 */
export function reviewTransitions(site: Site, review: AnnualReview, by: string, recordedAt: string, today: string): StatusChangeResult {
  if (!isOperationalNrd(site)) {
    return { ok: false, message: `${site.reference} is ${STATUS_LABELS[site.status].toLowerCase()}: an annual review is for an NRD in use (live, under review or continued after a review).` };
  }
  const { outcome, missing } = appendixAOutcome(review);
  if (outcome === null) return { ok: false, message: `The review cannot be concluded yet. ${missing.join(' ')}` };
  const request = { date: review.reviewedOn, by, reason: review.reasonOrJustification };
  const underReview = site.status === 'under-review' ? { ok: true as const, site } : changeStatus(site, { ...request, to: 'under-review' }, recordedAt, today);
  if (!underReview.ok) return underReview;
  return changeStatus(underReview.site, { ...request, to: outcome === 'continue' ? 'continued' : 'decommissioned' }, recordedAt, today);
}
