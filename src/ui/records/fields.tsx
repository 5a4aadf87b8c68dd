import { useId, type ReactNode } from 'react';
import type { FrozenFigures, YesNo } from '../../domain/procedure-record.ts';

/** The procedure's own words beside a field, with the section they come from. */
export function Guidance({ section, children }: { section: string; children: ReactNode }) {
  return (
    <blockquote className="guidance">
      <p>{children}</p>
      <footer>Procedure: {section}</footer>
    </blockquote>
  );
}

interface Common {
  label: string;
  guidance?: { section: string; text: string };
  readOnly: boolean;
}

export function TextAreaField({ label, guidance, readOnly, value, onChange, rows = 3 }: Common & { value: string; onChange: (value: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div className="record-field">
      <label htmlFor={id}>{label}</label>
      {guidance && <Guidance section={guidance.section}>{guidance.text}</Guidance>}
      <textarea id={id} rows={rows} value={value} readOnly={readOnly} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

export function TextField({ label, guidance, readOnly, value, onChange, type = 'text' }: Common & { value: string; onChange: (value: string) => void; type?: 'text' | 'date' }) {
  const id = useId();
  return (
    <div className="record-field record-field--short">
      <label htmlFor={id}>{label}</label>
      {guidance && <Guidance section={guidance.section}>{guidance.text}</Guidance>}
      <input id={id} type={type} value={value} readOnly={readOnly} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/** A question the procedure answers yes or no; `whenNo` is the procedure's words for what follows a no. */
export function YesNoField({ label, guidance, readOnly, value, onChange, whenNo }: Common & { value: YesNo; onChange: (value: YesNo) => void; whenNo?: string }) {
  const name = useId();
  return (
    <fieldset className="record-field yes-no">
      <legend>{label}</legend>
      {guidance && <Guidance section={guidance.section}>{guidance.text}</Guidance>}
      <div className="yes-no__options">
        {(['yes', 'no'] as const).map((answer) => (
          <label key={answer}>
            <input type="radio" name={name} value={answer} checked={value === answer} disabled={readOnly && value !== answer} onChange={() => !readOnly && onChange(answer)} />
            {answer === 'yes' ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
      {whenNo && <p className={`hint${value === 'no' ? ' yes-no__consequence' : ''}`}>{whenNo}</p>}
    </fieldset>
  );
}

export function ChoiceField<Value extends string>({
  label,
  guidance,
  readOnly,
  value,
  onChange,
  options,
}: Common & { value: Value | null; onChange: (value: Value | null) => void; options: { value: Value; label: string }[] }) {
  const id = useId();
  return (
    <div className="record-field record-field--short">
      <label htmlFor={id}>{label}</label>
      {guidance && <Guidance section={guidance.section}>{guidance.text}</Guidance>}
      <select id={id} value={value ?? ''} disabled={readOnly} onChange={(event) => onChange(event.target.value === '' ? null : (event.target.value as Value))}>
        <option value="">Not chosen</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField({ label, readOnly, value, onChange }: Omit<Common, 'guidance'> & { value: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="record-field record-field--check">
      <input type="checkbox" checked={value} disabled={readOnly} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** Figures frozen into the record when it was written; `onTake` freezes the figures as they stand now. */
export function FiguresField({ label, readOnly, value, onTake, takeDisabledReason }: Omit<Common, 'guidance'> & { value: FrozenFigures | null; onTake: () => void; takeDisabledReason: string | null }) {
  return (
    <div className="record-field">
      <span className="record-field__label">{label}</span>
      {value ? <FrozenFiguresTable figures={value} /> : <p className="hint">No figures kept in this record yet.</p>}
      {!readOnly && (
        <>
          <button type="button" onClick={onTake} disabled={takeDisabledReason !== null}>
            {value ? 'Take the figures again now' : 'Keep the figures as they stand now'}
          </button>
          {takeDisabledReason && <p className="hint">{takeDisabledReason}</p>}
        </>
      )}
    </div>
  );
}

export function FrozenFiguresTable({ figures }: { figures: FrozenFigures }) {
  return (
    <table className="figures__table frozen-figures">
      <caption>
        {figures.subject}, as at {figures.takenAt.slice(0, 16).replace('T', ' ')} UTC{figures.layers.length > 0 && <> · from {figures.layers.join(', ')}</>}
      </caption>
      <tbody>
        {figures.rows.map((row, index) => (
          <tr key={index}>
            <th scope="row">{row.label}</th>
            <td className="numeric">{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A step of the procedure, numbered as the procedure numbers it, with its fields. */
export function Step({ number, section, text, children }: { number: number | string; section: string; text: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="procedure-step" aria-labelledby={id}>
      <h4 id={id}>Step {number}</h4>
      <Guidance section={section}>{text}</Guidance>
      {children}
    </section>
  );
}
