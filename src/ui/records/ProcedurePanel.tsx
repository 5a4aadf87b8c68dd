import { useId, useState } from 'react';
import { RECORD_KIND_LABELS, type RecordVersionOf } from '../../domain/procedure-record.ts';
import type { VerificationReport } from '../../procedure/record-chain.ts';
import { REVIEW_BUCKET_LABELS, type ReviewDueRow } from '../../procedure/review-due.ts';
import { strategicAssessmentStanding } from '../../procedure/strategic-assessment.ts';

interface Props {
  strategicAssessments: RecordVersionOf<'strategic-assessment'>[];
  missing: Map<string, string[]>;
  reviewsDue: ReviewDueRow[];
  today: string;
  onOpenAssessment: (recordId: string | null) => void;
  onShowReviewsDue: () => void;
  /** Opens the evidence pack of the reviews concluded between two dates. */
  onEvidencePack: (from: string, to: string) => void;
  verification: { report: VerificationReport; at: string } | null;
  verifying: boolean;
  onVerify: () => void;
  onShowSite: (siteId: string) => void;
  siteReference: (siteId: string) => string;
  /** Stored rows that could not be read at all; verify names them. */
  unreadable: number;
  disabled: boolean;
}

const URGENT = ['overdue', 'no-date', 'due-30', 'due-90'] as const;

/**
 * The procedure for the workspace as a whole: the strategic assessments every site record cites, the
 * annual reviews falling due, and "verify history" over every record version.
 */
export function ProcedurePanel({ strategicAssessments, missing, reviewsDue, today, onOpenAssessment, onShowReviewsDue, onEvidencePack, verification, verifying, onVerify, onShowSite, siteReference, unreadable, disabled }: Props) {
  const id = useId();
  // A round is a year of reviews by default: the procedure's reviews are annual.
  const [roundFrom, setRoundFrom] = useState(() => `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
  const [roundTo, setRoundTo] = useState(today);
  const counts = new Map(URGENT.map((bucket) => [bucket, reviewsDue.filter((row) => row.bucket === bucket).length]));
  return (
    <section className="panel procedure-panel" aria-labelledby="procedure-heading">
      <h2 id="procedure-heading">Procedure records</h2>
      <h3>Strategic assessments</h3>
      {strategicAssessments.length === 0 ? (
        <p className="hint">None yet. The procedure starts here: “The strategic assessment should be considered as the essential source of information”.</p>
      ) : (
        <ul className="site-records__list">
          {strategicAssessments.map((assessment) => {
            const standing = strategicAssessmentStanding(assessment.content, today);
            const gaps = missing.get(assessment.recordId) ?? [];
            return (
              <li key={assessment.recordId} className="site-record">
                <button type="button" className="link-button" onClick={() => onOpenAssessment(assessment.recordId)}>
                  {assessment.content.area || 'Unnamed area'} {assessment.content.assessedOn}
                </button>
                <span className={gaps.length === 0 ? 'site-record__complete' : 'site-record__missing'}>{gaps.length === 0 ? 'complete' : `${gaps.length} missing`}</span>
                {!standing.current && <span className="site-record__missing">{standing.message}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" onClick={() => onOpenAssessment(null)} disabled={disabled}>
        New strategic assessment…
      </button>

      <h3>Annual reviews due</h3>
      {reviewsDue.length === 0 ? (
        <p className="hint">No NRD in use in this register.</p>
      ) : (
        <>
          <ul className="reviews-due-summary">
            {URGENT.map((bucket) => (
              <li key={bucket} className={`review-due--${bucket}`}>
                {REVIEW_BUCKET_LABELS[bucket]}: <strong>{counts.get(bucket)}</strong>
              </li>
            ))}
          </ul>
          <button type="button" onClick={onShowReviewsDue}>
            Show reviews due…
          </button>
        </>
      )}

      <h3>Evidence pack of a review round</h3>
      <form
        className="pack-round"
        onSubmit={(event) => {
          event.preventDefault();
          if (roundFrom && roundTo && roundFrom <= roundTo) onEvidencePack(roundFrom, roundTo);
        }}
      >
        <label htmlFor={`${id}-from`}>Reviews from</label>
        <input id={`${id}-from`} type="date" value={roundFrom} max={roundTo} onChange={(event) => setRoundFrom(event.target.value)} />
        <label htmlFor={`${id}-to`}>to</label>
        <input id={`${id}-to`} type="date" value={roundTo} min={roundFrom} onChange={(event) => setRoundTo(event.target.value)} />
        <span />
        <button type="submit" disabled={disabled || !roundFrom || !roundTo || roundFrom > roundTo}>
          Evidence pack of the round…
        </button>
      </form>

      <h3>Integrity</h3>
      <button type="button" onClick={onVerify} disabled={disabled || verifying}>
        {verifying ? 'Verifying…' : 'Verify history'}
      </button>
      {unreadable > 0 && !verification && <p className="site-record__missing">{unreadable} stored record versions cannot be read: verify history to see which.</p>}
      {verification && (
        <div role="status" className={verification.report.problems.length === 0 ? 'verify-ok' : 'verify-failed'}>
          {verification.report.problems.length === 0 ? (
            <p>
              All {verification.report.checkedVersions} versions of {verification.report.checkedRecords} records verified at {verification.at.slice(11, 16)} UTC: each matches its SHA-256 and
              its place in the chain.
            </p>
          ) : (
            <>
              <p>
                <strong>
                  {verification.report.problems.length} {verification.report.problems.length === 1 ? 'problem' : 'problems'} found
                </strong>{' '}
                in {verification.report.checkedVersions} versions: records were changed outside NRD Planner.
              </p>
              <ul>
                {verification.report.problems.map((problem, index) => {
                  const what = `${problem.kind ? RECORD_KIND_LABELS[problem.kind] : 'A record'}${problem.siteId ? ` of ${siteReference(problem.siteId)}` : ''}`;
                  return (
                    <li key={index}>
                      {problem.siteId ? (
                        <button type="button" className="link-button" onClick={() => onShowSite(problem.siteId!)}>
                          {what}
                        </button>
                      ) : (
                        what
                      )}
                      : {problem.message}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
