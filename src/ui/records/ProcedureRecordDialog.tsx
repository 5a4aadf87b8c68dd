import type { ReactNode } from 'react';
import type { KindedContent, RecordContent, RecordKind, RecordVersion } from '../../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../../domain/site.ts';
import { appendixAOutcome } from '../../procedure/annual-review.ts';
import { missingFromRecord } from '../../procedure/site-records.ts';
import type { OpenRecord } from '../../app/use-procedure-records.ts';
import { RecordDialog, type Conclusion } from './RecordDialog.tsx';
import { AnnualReviewForm, ConsultationForm, DecisionForm, PressingSocialNeedForm, PrivacyImpactForm, StrategicAssessmentForm, type FormProps, type RecordFormContext } from './record-forms.tsx';

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

type AnyForm = (props: FormProps<RecordContent>) => ReactNode;
/** The form for each kind of record. */
const FORMS: { [K in RecordKind]: (props: FormProps<RecordContent<K>>) => ReactNode } = {
  'strategic-assessment': StrategicAssessmentForm,
  'pressing-social-need': PressingSocialNeedForm,
  'privacy-impact': PrivacyImpactForm,
  consultation: ConsultationForm,
  decision: DecisionForm,
  'annual-review': AnnualReviewForm,
};

/** A procedure record of any kind in the record dialog, with its form and the rules of its section. */
export function ProcedureRecordDialog({ record, versions, site, siteRecords, userName, context, problems, onSave, onClose }: Props) {
  const { kind } = record;
  const subject = site ? `${site.reference}${site.name ? ` ${site.name}` : ''}` : record.kind === 'strategic-assessment' ? record.initial.area || 'new area' : '';
  const Form = FORMS[kind] as AnyForm;
  const latest = versions.at(-1);
  // A decision or review is kept as it is once its outcome moved the site's lifecycle.
  const concluded = latest !== undefined && 'concluded' in latest.content && latest.content.concluded;
  const conclusion = !site ? undefined : kind === 'decision' ? decisionConclusion(site) : kind === 'annual-review' ? reviewConclusion(site) : undefined;
  return (
    <RecordDialog<RecordKind>
      kind={kind}
      subject={subject}
      versions={versions}
      initial={record.initial}
      userName={userName}
      problems={problems}
      missing={(content) => missingFromRecord({ kind, content } as KindedContent, siteRecords)}
      conclusion={conclusion as Conclusion<RecordKind> | undefined}
      concluded={concluded}
      form={(content, change, readOnly) => <Form content={content} change={change} readOnly={readOnly} context={context} />}
      onSave={onSave}
      onClose={onClose}
    />
  );
}
