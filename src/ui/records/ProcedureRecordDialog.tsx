import type { KindedContent, RecordContent, RecordKind, RecordVersion, RecordVersionOf } from '../../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../../domain/site.ts';
import { appendixAOutcome } from '../../procedure/annual-review.ts';
import { missingFromRecord } from '../../procedure/site-records.ts';
import type { OpenRecord } from '../../app/use-procedure-records.ts';
import { RecordDialog, type Conclusion } from './RecordDialog.tsx';
import { AnnualReviewForm, ConsultationForm, DecisionForm, PressingSocialNeedForm, PrivacyImpactForm, StrategicAssessmentForm, type RecordFormContext } from './record-forms.tsx';

interface Props {
  record: OpenRecord;
  /** The record's versions, oldest first. */
  versions: RecordVersion[];
  /** The site the record is about; null for a strategic assessment. */
  site: Site | null;
  /** The latest versions of the site's other records, which a decision rests on. */
  siteRecords: RecordVersion[];
  userName: string;
  context: RecordFormContext;
  problems: Map<number, string[]>;
  onSave: (content: RecordContent, author: string, note: string, conclude: boolean) => Promise<string | null>;
  onClose: () => void;
}

/** The conclusion of a decision: approve or reject the proposal, moving its lifecycle. */
function decisionConclusion(site: Site): Conclusion<'decision'> {
  return {
    label: (content) => (content.outcome === 'approve' ? `Record the decision: approve ${site.reference}` : content.outcome === 'reject' ? `Record the decision: reject ${site.reference}` : null),
    effect: (content) =>
      `${site.reference} moves from ${STATUS_LABELS[site.status].toLowerCase()} to ${content.outcome === 'approve' ? 'approved' : 'rejected'}, dated ${content.decidedOn}, with the justification as its reason.`,
  };
}

/** The conclusion of an annual review, as Appendix A's answers lead: continue operation, or decommission. */
function reviewConclusion(site: Site): Conclusion<'annual-review'> {
  return {
    label: (content) => {
      const { outcome } = appendixAOutcome(content);
      return outcome === 'continue' ? `Record the review: continue ${site.reference}` : outcome === 'decommission' ? `Record the review: decommission ${site.reference}` : null;
    },
    effect: (content) =>
      appendixAOutcome(content).outcome === 'continue'
        ? `${site.reference} is recorded as continued after review on ${content.reviewedOn}; its next annual review falls due 12 months on.`
        : `${site.reference} ceases data collection and is decommissioned on ${content.reviewedOn}. That is final: it stays in the register as a record.`,
  };
}

/** A procedure record of any kind in the record dialog, with its form and the rules of its section. */
export function ProcedureRecordDialog({ record, versions, site, siteRecords, userName, context, problems, onSave, onClose }: Props) {
  const subject = site ? `${site.reference}${site.name ? ` ${site.name}` : ''}` : record.kind === 'strategic-assessment' ? record.initial.area || 'new area' : '';
  const common = { subject, userName, problems, onSave: onSave as never, onClose };
  const missing = <K extends RecordKind>(kind: K) => (content: RecordContent<K>) => missingFromRecord({ kind, content } as KindedContent, siteRecords);
  const typed = <K extends RecordKind>() => versions as RecordVersionOf<K>[];
  switch (record.kind) {
    case 'strategic-assessment':
      return (
        <RecordDialog kind="strategic-assessment" versions={typed<'strategic-assessment'>()} initial={record.initial} missing={missing('strategic-assessment')} {...common}
          form={(content, change, readOnly) => <StrategicAssessmentForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    case 'pressing-social-need':
      return (
        <RecordDialog kind="pressing-social-need" versions={typed<'pressing-social-need'>()} initial={record.initial} missing={missing('pressing-social-need')} {...common}
          form={(content, change, readOnly) => <PressingSocialNeedForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    case 'privacy-impact':
      return (
        <RecordDialog kind="privacy-impact" versions={typed<'privacy-impact'>()} initial={record.initial} missing={missing('privacy-impact')} {...common}
          form={(content, change, readOnly) => <PrivacyImpactForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    case 'consultation':
      return (
        <RecordDialog kind="consultation" versions={typed<'consultation'>()} initial={record.initial} missing={missing('consultation')} {...common}
          form={(content, change, readOnly) => <ConsultationForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    case 'decision': {
      const concluded = versions.at(-1)?.kind === 'decision' && (versions.at(-1) as RecordVersionOf<'decision'>).content.concluded;
      return (
        <RecordDialog kind="decision" versions={typed<'decision'>()} initial={record.initial} missing={missing('decision')} {...common}
          conclusion={site ? decisionConclusion(site) : undefined}
          concluded={concluded}
          form={(content, change, readOnly) => <DecisionForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    }
    case 'annual-review': {
      const concluded = versions.at(-1)?.kind === 'annual-review' && (versions.at(-1) as RecordVersionOf<'annual-review'>).content.concluded;
      return (
        <RecordDialog kind="annual-review" versions={typed<'annual-review'>()} initial={record.initial} missing={missing('annual-review')} {...common}
          conclusion={site ? reviewConclusion(site) : undefined}
          concluded={concluded}
          form={(content, change, readOnly) => <AnnualReviewForm content={content} change={change} readOnly={readOnly} context={context} />}
        />
      );
    }
  }
}
