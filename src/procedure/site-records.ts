import type { KindedContent, RecordKind, RecordVersion, RecordVersionOf } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import { appendixAOutcome, reviewKindFor } from './annual-review.ts';
import { isOperationalNrd } from './lifecycle.ts';
import { missingFromConsultation } from './consultation.ts';
import { missingFromDecision } from './new-infrastructure.ts';
import { missingFromPressingSocialNeed } from './pressing-social-need.ts';
import { missingFromPrivacyImpact } from './privacy-impact.ts';
import { assessmentsForArea, missingFromStrategicAssessment } from './strategic-assessment.ts';

/** The latest version of each record, newest first. */
export function latestOfEach(versions: readonly RecordVersion[]): RecordVersion[] {
  const latest = new Map<string, RecordVersion>();
  for (const version of versions) {
    const seen = latest.get(version.recordId);
    if (!seen || seen.version < version.version) latest.set(version.recordId, version);
  }
  return [...latest.values()].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

const ofKind = <K extends RecordKind>(versions: readonly RecordVersion[], kind: K) => versions.filter((version): version is RecordVersionOf<K> => version.kind === kind);

/** What is still missing from a record, as the procedure's steps name it. */
export function missingFromRecord(version: KindedContent, siteRecords: readonly RecordVersion[] = []): string[] {
  switch (version.kind) {
    case 'strategic-assessment':
      return missingFromStrategicAssessment(version.content);
    case 'pressing-social-need':
      return missingFromPressingSocialNeed(version.content);
    case 'privacy-impact':
      return missingFromPrivacyImpact(version.content);
    case 'consultation':
      return missingFromConsultation(version.content);
    case 'decision':
      return missingFromDecision(version.content, decisionContext(siteRecords, version.content));
    case 'annual-review':
      return appendixAOutcome(version.content).missing;
  }
}

/**
 * The pressing social need and privacy assessment a decision on a site rests on: the records it cites, at
 * their latest versions; where a decision cites none (one recorded before it could), the site's latest.
 */
export function decisionContext(siteRecords: readonly RecordVersion[], decision?: { pressingSocialNeedId?: string | null; privacyImpactId: string | null }) {
  const latestCited = <V extends RecordVersion>(versions: V[], recordId: string | null | undefined): V['content'] | null => {
    if (recordId === undefined) return versions[0]?.content ?? null;
    return versions.filter((version) => version.recordId === recordId).sort((a, b) => b.version - a.version)[0]?.content ?? null;
  };
  return {
    pressingSocialNeed: latestCited(ofKind(siteRecords, 'pressing-social-need'), decision?.pressingSocialNeedId),
    privacyImpact: latestCited(ofKind(siteRecords, 'privacy-impact'), decision?.privacyImpactId),
  };
}

/** Everything the procedure has on record for one NRD location, and what it asks for next. */
export interface SiteProcedure {
  /** Strategic assessments of the site's force area, newest first. */
  strategicAssessments: RecordVersionOf<'strategic-assessment'>[];
  pressingSocialNeed: RecordVersionOf<'pressing-social-need'> | null;
  privacyImpact: RecordVersionOf<'privacy-impact'> | null;
  consultations: RecordVersionOf<'consultation'>[];
  decision: RecordVersionOf<'decision'> | null;
  /** Every annual review, latest review date first. */
  reviews: RecordVersionOf<'annual-review'>[];
  /** A review started but not concluded: the one to carry on with. */
  openReview: RecordVersionOf<'annual-review'> | null;
  /** Which review the next one is: "first" until a privacy assessment or a review has been completed. */
  nextReviewKind: 'first' | 'later';
  /** The dates of the concluded reviews, for when the next is due. */
  completedReviewDates: string[];
  /** Which part of the procedure applies now: the decision on a proposal, the annual review of an NRD in use, or none (approved and not yet live, rejected, decommissioned). */
  stage: 'new-infrastructure' | 'review' | 'none';
}

/**
 * A site's records from the latest versions of the workspace's records (`latest`, newest first), read
 * against the procedure: the decision applies to a proposal, the annual review to an NRD in use.
 */
export function siteProcedure(site: Site, latest: readonly RecordVersion[]): SiteProcedure {
  const own = latest.filter((version) => version.siteId === site.id);
  const reviews = ofKind(own, 'annual-review').sort((a, b) => b.content.reviewedOn.localeCompare(a.content.reviewedOn) || b.savedAt.localeCompare(a.savedAt));
  const concludedReviews = reviews.filter((review) => review.content.concluded);
  const privacyImpact = ofKind(own, 'privacy-impact')[0] ?? null;
  return {
    strategicAssessments: assessmentsForArea(site.forceArea, ofKind(latest, 'strategic-assessment')),
    pressingSocialNeed: ofKind(own, 'pressing-social-need')[0] ?? null,
    privacyImpact,
    consultations: ofKind(own, 'consultation'),
    decision: ofKind(own, 'decision')[0] ?? null,
    reviews,
    openReview: reviews.find((review) => !review.content.concluded) ?? null,
    nextReviewKind: reviewKindFor({
      privacyImpactCompleted: privacyImpact !== null && missingFromPrivacyImpact(privacyImpact.content).length === 0,
      completedReviews: concludedReviews.length,
    }),
    completedReviewDates: concludedReviews.map((review) => review.content.reviewedOn),
    stage: site.status === 'proposed' || site.status === 'under-assessment' ? 'new-infrastructure' : isOperationalNrd(site) ? 'review' : 'none',
  };
}
