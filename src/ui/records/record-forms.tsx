import { useId } from 'react';
import {
  LOCATION_DISCLOSURES,
  PRESSING_SOCIAL_NEED_FACTORS,
  SCREENING_ELEMENTS,
  THREAT_CATEGORIES,
  THREAT_PRIORITIES,
  THREAT_PRIORITY_LABELS,
  type AnnualReview,
  type AttachmentRef,
  type Consultation,
  type Decision,
  type EvidenceItem,
  type FrozenFigures,
  type PressingSocialNeed,
  type PrivacyImpact,
  type StrategicAssessment,
  type ThreatCategory,
  type ThreatPriority,
} from '../../domain/procedure-record.ts';
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
} from '../../procedure/procedure-text.ts';
import { CheckboxField, ChoiceField, FiguresField, FrozenFiguresTable, Guidance, Step, TextAreaField, TextField, YesNoField } from './fields.tsx';

/** What a form needs from the workspace besides its own content. */
export interface RecordFormContext {
  /** Strategic assessments a site record can cite, newest first. */
  strategicAssessments: { recordId: string; label: string }[];
  privacyImpacts: { recordId: string; label: string }[];
  pressingSocialNeeds: { recordId: string; label: string }[];
  layers: { id: string; name: string }[];
  /** Freezes the subject's figures as they stand now; null with the reason when there are none to take. */
  takeFigures: (() => FrozenFigures) | null;
  noFiguresReason: string;
  /** Keeps a file with the workspace; resolves to its reference, or to why it was refused. */
  attach: (file: File) => Promise<AttachmentRef | string>;
  openAttachment: (attachment: AttachmentRef) => void;
}

export interface FormProps<C> {
  content: C;
  change: (content: C) => void;
  readOnly: boolean;
  context: RecordFormContext;
}

/** A setter for one field of the content. */
function fieldSetter<C>(content: C, change: (content: C) => void) {
  return <F extends keyof C>(key: F) =>
    (value: C[F]) =>
      change({ ...content, [key]: value });
}

const step = (steps: readonly { number: number; section: string; text: string }[], number: number) => steps.find((s) => s.number === number)!;

function figuresField<C extends { figures: FrozenFigures | null }>(content: C, change: (content: C) => void, readOnly: boolean, context: RecordFormContext, label = 'Figures kept with this record') {
  return (
    <FiguresField
      label={label}
      readOnly={readOnly}
      value={content.figures}
      onTake={() => context.takeFigures && change({ ...content, figures: context.takeFigures() })}
      takeDisabledReason={context.takeFigures ? null : context.noFiguresReason}
    />
  );
}

export function StrategicAssessmentForm({ content, change, readOnly, context }: FormProps<StrategicAssessment>) {
  const set = fieldSetter(content, change);
  const addEvidence = (item: Partial<EvidenceItem>) =>
    set('evidence')([...content.evidence, { id: crypto.randomUUID(), category: null, title: '', text: '', attachment: null, layer: null, figures: null, ...item }]);
  const editEvidence = (index: number, patch: Partial<EvidenceItem>) => set('evidence')(content.evidence.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const setPriority = (category: ThreatCategory, priority: ThreatPriority | null) => {
    const { [category]: _old, ...others } = content.priorities ?? {};
    const priorities = priority ? { ...others, [category]: priority } : others;
    // "Not rated" leaves the key out, and no priorities at all leaves the field out: the record reads as one saved before priorities.
    const { priorities: _before, ...rest } = content;
    change(Object.keys(priorities).length > 0 ? { ...rest, priorities } : rest);
  };
  return (
    <>
      <Guidance section="Introduction">{STRATEGIC_ASSESSMENT_GUIDANCE}</Guidance>
      <div className="record-row">
        <TextField label="Force or area assessed" readOnly={readOnly} value={content.area} onChange={set('area')} />
        <TextField label="Date of the assessment" type="date" readOnly={readOnly} value={content.assessedOn} onChange={set('assessedOn')} />
        <TextField label="Next review of the assessment" type="date" readOnly={readOnly} value={content.nextReviewOn} onChange={set('nextReviewOn')} />
      </div>
      <h3>Categories of strategic threat</h3>
      <p className="hint">Each category’s priority weighs its crimes when placing NRDs: high 3, medium 2, low 1, not a priority 0; a category not rated weighs 1.</p>
      {THREAT_CATEGORIES.map((category) => (
        <div key={category}>
          <TextAreaField
            label={THREAT_CATEGORY_TEXT[category].label}
            guidance={{ section: THREAT_CATEGORY_TEXT[category].label, text: THREAT_CATEGORY_TEXT[category].guidance }}
            readOnly={readOnly}
            value={content.threats[category]}
            onChange={(text) => set('threats')({ ...content.threats, [category]: text })}
          />
          <ThreatPriorityField category={category} value={content.priorities?.[category] ?? null} readOnly={readOnly} onChange={(priority) => setPriority(category, priority)} />
        </div>
      ))}
      <h3>Evidence</h3>
      <Guidance section="Assessing the need for ANPR">{STRATEGIC_ASSESSMENT_EVIDENCE}</Guidance>
      <p className="hint">Add the evidence behind the assessment: notes, files, the layers it drew on and the register’s figures as they stand.</p>
      {content.evidence.length === 0 && <p className="hint">No evidence yet.</p>}
      {content.evidence.map((item, index) => (
        <EvidenceItemFields key={item.id} item={item} number={index + 1} readOnly={readOnly} context={context} onChange={(patch) => editEvidence(index, patch)} onRemove={() => set('evidence')(content.evidence.filter((_, i) => i !== index))} />
      ))}
      {!readOnly && (
        <div className="button-row">
          <button type="button" onClick={() => addEvidence({ title: 'Note' })}>
            Add a note
          </button>
          <label className="button-like">
            Attach a file…
            <input
              type="file"
              className="visually-hidden"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (!file) return;
                const attached = await context.attach(file);
                if (typeof attached === 'string') window.alert(attached);
                else addEvidence({ title: file.name, attachment: attached });
              }}
            />
          </label>
          <button type="button" disabled={!context.takeFigures} title={context.takeFigures ? undefined : context.noFiguresReason} onClick={() => context.takeFigures && addEvidence({ title: 'Coverage of the register', figures: context.takeFigures() })}>
            Keep the register’s figures
          </button>
        </div>
      )}
      <TextAreaField label="Retention: how long this record is kept, and why" readOnly={readOnly} value={content.retention} onChange={set('retention')} rows={2} />
    </>
  );
}

function ThreatPriorityField({ category, value, readOnly, onChange }: { category: ThreatCategory; value: ThreatPriority | null; readOnly: boolean; onChange: (priority: ThreatPriority | null) => void }) {
  const id = useId();
  return (
    <div className="record-field record-field--short">
      <label htmlFor={id}>
        Priority<span className="visually-hidden">: {THREAT_CATEGORY_TEXT[category].label}</span>
      </label>
      <select id={id} value={value ?? ''} disabled={readOnly} onChange={(event) => onChange(event.target.value === '' ? null : (event.target.value as ThreatPriority))}>
        <option value="">Not rated</option>
        {THREAT_PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {THREAT_PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
    </div>
  );
}

function EvidenceItemFields({ item, number, readOnly, context, onChange, onRemove }: { item: EvidenceItem; number: number; readOnly: boolean; context: RecordFormContext; onChange: (patch: Partial<EvidenceItem>) => void; onRemove: () => void }) {
  const id = useId();
  return (
    <fieldset className="evidence-item">
      <legend>Evidence {number}</legend>
      <div className="record-row">
        <TextField label="Title" readOnly={readOnly} value={item.title} onChange={(title) => onChange({ title })} />
        <ChoiceField
          label="Supports"
          readOnly={readOnly}
          value={item.category}
          onChange={(category) => onChange({ category })}
          options={THREAT_CATEGORIES.map((category) => ({ value: category, label: THREAT_CATEGORY_TEXT[category].label }))}
        />
        <div className="record-field record-field--short">
          <label htmlFor={`${id}-layer`}>Layer</label>
          <select
            id={`${id}-layer`}
            value={item.layer?.id ?? ''}
            disabled={readOnly}
            onChange={(event) => {
              const layer = context.layers.find((l) => l.id === event.target.value);
              onChange({ layer: layer ? { id: layer.id, name: layer.name } : null });
            }}
          >
            <option value="">None</option>
            {item.layer && !context.layers.some((layer) => layer.id === item.layer!.id) && <option value={item.layer.id}>{item.layer.name} (no longer loaded)</option>}
            {context.layers.map((layer) => (
              <option key={layer.id} value={layer.id}>
                {layer.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextAreaField label="What it shows" readOnly={readOnly} value={item.text} onChange={(text) => onChange({ text })} rows={2} />
      {item.attachment && (
        <p>
          File:{' '}
          <button type="button" className="link-button" onClick={() => context.openAttachment(item.attachment!)}>
            {item.attachment.name}
          </button>{' '}
          <span className="hint">
            ({Math.ceil(item.attachment.size / 1024)} KB, SHA-256 {item.attachment.sha256.slice(0, 12)}…)
          </span>
        </p>
      )}
      {item.figures && <FrozenFiguresTable figures={item.figures} />}
      {!readOnly && (
        <button type="button" onClick={onRemove}>
          Remove evidence {number}
        </button>
      )}
    </fieldset>
  );
}

function StrategicAssessmentChoice({ value, onChange, readOnly, context, guidance }: { value: string | null; onChange: (id: string | null) => void; readOnly: boolean; context: RecordFormContext; guidance?: { section: string; text: string } }) {
  return (
    <ChoiceField
      label="Strategic assessment"
      guidance={guidance}
      readOnly={readOnly}
      value={value}
      onChange={onChange}
      options={context.strategicAssessments.map((sa) => ({ value: sa.recordId, label: sa.label }))}
    />
  );
}

export function PressingSocialNeedForm({ content, change, readOnly, context }: FormProps<PressingSocialNeed>) {
  const set = fieldSetter(content, change);
  return (
    <>
      <StrategicAssessmentChoice value={content.strategicAssessmentId} onChange={set('strategicAssessmentId')} readOnly={readOnly} context={context} />
      {PRESSING_SOCIAL_NEED_FACTORS.map((factor) => (
        <TextAreaField
          key={factor}
          label={PRESSING_SOCIAL_NEED_TEXT[factor].label}
          guidance={{ section: 'Pressing Social Need', text: PRESSING_SOCIAL_NEED_TEXT[factor].guidance }}
          readOnly={readOnly}
          value={content.factors[factor]}
          onChange={(text) => set('factors')({ ...content.factors, [factor]: text })}
        />
      ))}
      <TextAreaField label="The factors weighed against each other" guidance={{ section: 'Pressing Social Need', text: PRESSING_SOCIAL_NEED_WEIGHING }} readOnly={readOnly} value={content.weighing} onChange={set('weighing')} />
      <YesNoField label="Is a pressing social need identified?" readOnly={readOnly} value={content.needIdentified} onChange={set('needIdentified')} />
      {figuresField(content, change, readOnly, context)}
    </>
  );
}

export function PrivacyImpactForm({ content, change, readOnly, context }: FormProps<PrivacyImpact>) {
  const set = fieldSetter(content, change);
  const steps = PRIVACY_ASSESSMENT_STEPS;
  return (
    <>
      <h3>ICO screening</h3>
      {SCREENING_ELEMENTS.map((element) => (
        <TextAreaField
          key={element}
          label={SCREENING_TEXT[element].label}
          readOnly={readOnly}
          value={content.screening[element]}
          onChange={(text) => set('screening')({ ...content.screening, [element]: text })}
        />
      ))}
      <h3>Privacy assessment process</h3>
      <Step {...step(steps, 1)}>
        <StrategicAssessmentChoice value={content.strategicAssessmentId} onChange={set('strategicAssessmentId')} readOnly={readOnly} context={context} />
        <TextAreaField label="Review of the strategic assessment" readOnly={readOnly} value={content.strategicAssessmentReview} onChange={set('strategicAssessmentReview')} />
      </Step>
      <Step {...step(steps, 2)}>
        <TextAreaField label="Review of the pressing social need" readOnly={readOnly} value={content.pressingSocialNeedReview} onChange={set('pressingSocialNeedReview')} />
      </Step>
      <Step {...step(steps, 3)}>
        <TextAreaField label="a. The location" readOnly={readOnly} value={content.locationImpact} onChange={set('locationImpact')} />
        <TextAreaField label="b. The resident population" readOnly={readOnly} value={content.residentImpact} onChange={set('residentImpact')} />
        <TextAreaField label="c. The transient population" readOnly={readOnly} value={content.transientImpact} onChange={set('transientImpact')} />
        {figuresField(content, change, readOnly, context)}
      </Step>
      <Step {...step(steps, 4)}>
        <TextAreaField label="Stakeholder representatives" readOnly={readOnly} value={content.stakeholders} onChange={set('stakeholders')} />
      </Step>
      <Step {...step(steps, 5)}>
        <TextAreaField label="Consultation: with whom, and how far" readOnly={readOnly} value={content.consultation} onChange={set('consultation')} />
        <CheckboxField label="Consultation is limited" readOnly={readOnly} value={content.consultationLimited} onChange={set('consultationLimited')} />
        {content.consultationLimited && (
          <TextAreaField label="Why consultation is limited (fully recorded)" readOnly={readOnly} value={content.consultationLimitedReasons} onChange={set('consultationLimitedReasons')} />
        )}
      </Step>
      <Step {...step(steps, 6)}>
        <TextAreaField label="Signs within the policing area" readOnly={readOnly} value={content.signage} onChange={set('signage')} rows={2} />
        <TextAreaField label="Entries on the organisation’s internet site" readOnly={readOnly} value={content.website} onChange={set('website')} rows={2} />
        <TextAreaField label="Other publications" readOnly={readOnly} value={content.otherPublications} onChange={set('otherPublications')} rows={2} />
      </Step>
    </>
  );
}

export function ConsultationForm({ content, change, readOnly }: FormProps<Consultation>) {
  const set = fieldSetter(content, change);
  return (
    <>
      <Guidance section="Privacy assessment process, step 5">{CONSULTATION_GUIDANCE}</Guidance>
      <div className="record-row">
        <TextField label="When" type="date" readOnly={readOnly} value={content.heldOn} onChange={set('heldOn')} />
        <ChoiceField
          label="Location disclosed"
          readOnly={readOnly}
          value={content.locationDisclosure}
          onChange={(value) => set('locationDisclosure')(value ?? 'not-disclosed')}
          options={LOCATION_DISCLOSURES.map((value) => ({ value, label: { exact: 'Exact location', 'general-area': 'General area only', 'not-disclosed': 'Not disclosed' }[value] }))}
        />
      </div>
      <TextAreaField label="Who was consulted" readOnly={readOnly} value={content.consultees} onChange={set('consultees')} rows={2} />
      <TextAreaField label="How (meeting, survey, consultation group…)" readOnly={readOnly} value={content.method} onChange={set('method')} rows={2} />
      <TextAreaField label="What was said" readOnly={readOnly} value={content.said} onChange={set('said')} />
      <TextAreaField label="Outcome" readOnly={readOnly} value={content.outcome} onChange={set('outcome')} rows={2} />
      <TextAreaField label="Transparency given alongside" guidance={{ section: 'Privacy assessment process, step 6', text: TRANSPARENCY_GUIDANCE }} readOnly={readOnly} value={content.transparency} onChange={set('transparency')} rows={2} />
    </>
  );
}

export function DecisionForm({ content, change, readOnly, context }: FormProps<Decision>) {
  const set = fieldSetter(content, change);
  const steps = NEW_INFRASTRUCTURE_STEPS;
  return (
    <>
      <Step {...step(steps, 1)}>
        <StrategicAssessmentChoice value={content.strategicAssessmentId} onChange={set('strategicAssessmentId')} readOnly={readOnly} context={context} />
        <TextAreaField label="Locations identified" readOnly={readOnly} value={content.locations} onChange={set('locations')} />
      </Step>
      <Step {...step(steps, 2)}>
        <TextAreaField label="Review of existing locations and the fit with regional and national infrastructure" readOnly={readOnly} value={content.existingReview} onChange={set('existingReview')} />
        <FiguresField
          label="Fit figures kept with the decision"
          readOnly={readOnly}
          value={content.fitFigures}
          onTake={() => context.takeFigures && set('fitFigures')(context.takeFigures())}
          takeDisabledReason={context.takeFigures ? null : context.noFiguresReason}
        />
      </Step>
      <Step {...step(steps, 3)}>
        {/* A decision from before the citation was asked for has none: it rests on the site's latest, and says so by leaving this out. */}
        {content.pressingSocialNeedId !== undefined && (
          <ChoiceField
            label="Pressing social need"
            readOnly={readOnly}
            value={content.pressingSocialNeedId}
            onChange={set('pressingSocialNeedId')}
            options={context.pressingSocialNeeds.map((need) => ({ value: need.recordId, label: need.label }))}
          />
        )}
        <ChoiceField
          label="Privacy impact assessment"
          readOnly={readOnly}
          value={content.privacyImpactId}
          onChange={set('privacyImpactId')}
          options={context.privacyImpacts.map((pia) => ({ value: pia.recordId, label: pia.label }))}
        />
        <TextAreaField label="Privacy and proportionality" readOnly={readOnly} value={content.proportionality} onChange={set('proportionality')} />
      </Step>
      <Step {...step(steps, 4)}>
        <div className="record-row">
          <ChoiceField
            label="Decision"
            readOnly={readOnly}
            value={content.outcome}
            onChange={set('outcome')}
            options={[
              { value: 'approve', label: 'Approve: the development should take place' },
              { value: 'reject', label: 'Reject: it should not' },
            ]}
          />
          <TextField label="Date of the decision" type="date" readOnly={readOnly} value={content.decidedOn} onChange={set('decidedOn')} />
        </div>
        <TextAreaField label="Justification" readOnly={readOnly} value={content.justification} onChange={set('justification')} />
      </Step>
    </>
  );
}

export function AnnualReviewForm({ content, change, readOnly, context }: FormProps<AnnualReview>) {
  const set = fieldSetter(content, change);
  const first = content.reviewKind === 'first';
  const steps = first ? FIRST_REVIEW_STEPS : LATER_REVIEW_STEPS;
  const relevant = content.relevantAndNeedRemains === 'yes';
  const asksProportionate = relevant && (first || content.privacyChanged === 'yes');
  return (
    <>
      <details className="procedure-steps">
        <summary>
          {first ? 'First review where no privacy impact assessment has been completed' : 'Second and subsequent review or where privacy impact assessment has previously been completed'}: the{' '}
          {steps.length} steps
        </summary>
        <ol>
          {steps.map((s) => (
            <li key={s.number}>{s.text}</li>
          ))}
        </ol>
      </details>
      <h3>{APPENDIX_A.title}</h3>
      <div className="record-row">
        <TextField label={APPENDIX_A.location} readOnly={readOnly} value={content.location} onChange={set('location')} />
        <TextField label={APPENDIX_A.date} type="date" readOnly={readOnly} value={content.reviewedOn} onChange={set('reviewedOn')} />
      </div>
      <StrategicAssessmentChoice value={content.strategicAssessmentId} onChange={set('strategicAssessmentId')} readOnly={readOnly} context={context} guidance={{ section: steps[0]!.section, text: steps[0]!.text }} />
      <YesNoField label={APPENDIX_A.relevance.question} whenNo={APPENDIX_A.relevance.no} readOnly={readOnly} value={content.relevantAndNeedRemains} onChange={set('relevantAndNeedRemains')} />
      <TextAreaField label="How the strategic assessment bears on this location" readOnly={readOnly} value={content.relevanceNotes} onChange={set('relevanceNotes')} rows={2} />
      {relevant && (
        <>
          <YesNoField label={APPENDIX_A.success.question} whenNo={APPENDIX_A.success.no} guidance={{ section: steps[1]!.section, text: steps[1]!.text }} readOnly={readOnly} value={content.successful} onChange={set('successful')} />
          <TextAreaField label="What the NRD has achieved against its aims" readOnly={readOnly} value={content.successNotes} onChange={set('successNotes')} rows={2} />
          {content.successful === 'no' && (
            <TextAreaField label="Detailed assessment before confirming continued operation" readOnly={readOnly} value={content.detailedAssessment} onChange={set('detailedAssessment')} />
          )}
          <h4>{APPENDIX_A.privacy}</h4>
          <TextAreaField label="The location" readOnly={readOnly} value={content.locationImpact} onChange={set('locationImpact')} rows={2} />
          <TextAreaField label="The resident population" readOnly={readOnly} value={content.residentImpact} onChange={set('residentImpact')} rows={2} />
          <TextAreaField label="The transient population" readOnly={readOnly} value={content.transientImpact} onChange={set('transientImpact')} rows={2} />
          {figuresField(content, change, readOnly, context)}
          {!first && (
            <YesNoField
              label="Have privacy considerations changed since they were last assessed?"
              guidance={{ section: steps[4]!.section, text: steps[4]!.text }}
              readOnly={readOnly}
              value={content.privacyChanged}
              onChange={set('privacyChanged')}
            />
          )}
          {asksProportionate && (
            <YesNoField label={APPENDIX_A.proportionate.question} whenNo={APPENDIX_A.proportionate.no} readOnly={readOnly} value={content.proportionate} onChange={set('proportionate')} />
          )}
          {asksProportionate && <TextAreaField label="Proportionality" readOnly={readOnly} value={content.proportionalityNotes} onChange={set('proportionalityNotes')} rows={2} />}
        </>
      )}
      <YesNoField label={APPENDIX_A.continued} readOnly={readOnly} value={content.continuedOperation} onChange={set('continuedOperation')} />
      <TextAreaField label={APPENDIX_A.reason} readOnly={readOnly} value={content.reasonOrJustification} onChange={set('reasonOrJustification')} />
    </>
  );
}
