import type { RecordKind, RecordVersion } from '../../domain/procedure-record.ts';
import { RECORD_KIND_LABELS } from '../../domain/procedure-record.ts';
import type { Site } from '../../domain/site.ts';
import type { ReviewDueRow } from '../../procedure/review-due.ts';
import { REVIEW_BUCKET_LABELS } from '../../procedure/review-due.ts';
import type { SiteProcedure } from '../../procedure/site-records.ts';

interface Props {
  site: Site;
  procedure: SiteProcedure;
  /** What each record still lacks, by record id. */
  missing: Map<string, string[]>;
  reviewDue: ReviewDueRow | null;
  /** Opens a record, or starts a new one of the kind when recordId is null. */
  onOpen: (kind: RecordKind, recordId: string | null) => void;
  onEvidencePack: () => void;
}

function RecordLine({ version, missing, onOpen, label }: { version: RecordVersion; missing: string[]; onOpen: () => void; label?: string }) {
  return (
    <li className="site-record">
      <button type="button" className="link-button" onClick={onOpen}>
        {label ?? RECORD_KIND_LABELS[version.kind]}
      </button>
      <span className="hint">
        v{version.version} · {version.savedAt.slice(0, 10)} · {version.author}
      </span>
      <span className={missing.length === 0 ? 'site-record__complete' : 'site-record__missing'}>{missing.length === 0 ? 'complete' : `${missing.length} missing`}</span>
    </li>
  );
}

/**
 * A site's procedure records, in the order the procedure takes them: the strategic assessment it rests
 * on, then for a proposal its pressing social need, privacy assessment, consultations and the decision,
 * and for an NRD in use its annual reviews.
 */
export function SiteRecords({ site, procedure, missing, reviewDue, onOpen, onEvidencePack }: Props) {
  const { strategicAssessments, pressingSocialNeed, privacyImpact, consultations, decision, reviews, openReview, nextReviewKind, stage } = procedure;
  const line = (version: RecordVersion, label?: string) => (
    <RecordLine key={version.recordId} version={version} label={label} missing={missing.get(version.recordId) ?? []} onOpen={() => onOpen(version.kind, version.recordId)} />
  );
  const start = (kind: RecordKind, label: string) => (
    <li className="site-record site-record--to-do">
      <button type="button" onClick={() => onOpen(kind, null)}>
        {label}
      </button>
    </li>
  );
  return (
    <div className="site-records">
      <ul className="site-records__list" aria-label={`Procedure records of ${site.reference}`}>
        {strategicAssessments[0] ? (
          line(strategicAssessments[0], `Strategic assessment: ${strategicAssessments[0].content.area} (${strategicAssessments[0].content.assessedOn || 'undated'})`)
        ) : (
          <li className="site-record site-record--to-do">
            <span className="hint">No strategic assessment of {site.forceArea || 'this site’s force area'} yet: add one under Strategic assessments.</span>
          </li>
        )}
        {(stage === 'new-infrastructure' || pressingSocialNeed) && (pressingSocialNeed ? line(pressingSocialNeed) : start('pressing-social-need', 'Assess the pressing social need…'))}
        {(stage === 'new-infrastructure' || privacyImpact) && (privacyImpact ? line(privacyImpact) : start('privacy-impact', 'Assess the privacy impact…'))}
        {consultations.map((consultation) => line(consultation, `Consultation ${consultation.content.heldOn || '(undated)'}`))}
        {stage !== 'none' && start('consultation', 'Record a consultation…')}
        {decision ? line(decision, decision.content.concluded ? `Decision: ${decision.content.outcome === 'approve' ? 'approved' : 'rejected'} ${decision.content.decidedOn}` : undefined) : stage === 'new-infrastructure' && start('decision', 'Decide on the new infrastructure…')}
        {reviews.map((review) =>
          line(
            review,
            review.content.concluded
              ? `Annual review ${review.content.reviewedOn}: ${review.content.continuedOperation === 'yes' ? 'continue' : 'decommission'}`
              : `Annual review ${review.content.reviewedOn || ''} (not concluded)`,
          ),
        )}
        {stage === 'review' && !openReview && start('annual-review', nextReviewKind === 'first' ? 'Start the first annual review…' : 'Start the annual review…')}
      </ul>
      <button type="button" onClick={onEvidencePack}>
        Evidence pack…
      </button>
      {reviewDue && (
        <p className={`review-due review-due--${reviewDue.bucket}`}>
          {reviewDue.dueOn ? `Annual review due ${reviewDue.dueOn}` : 'No go-live date or review on record: review now'}
          {reviewDue.dueOn && ` (${REVIEW_BUCKET_LABELS[reviewDue.bucket].toLowerCase()})`}
        </p>
      )}
    </div>
  );
}
