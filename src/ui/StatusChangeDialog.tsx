import { useId, useState } from 'react';
import { STATUS_LABELS, type LifecycleStatus, type Site } from '../domain/site.ts';
import { STATUS_ACTIONS, type StatusChangeRequest } from '../procedure/lifecycle.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

interface Props {
  site: Site;
  to: LifecycleStatus;
  /** The name kept from last time; the user enters it once. */
  userName: string;
  today: string;
  /** Returns why the change was refused, or null once it is saved. */
  onConfirm: (request: StatusChangeRequest) => Promise<string | null>;
  onCancel: () => void;
}

export function StatusChangeDialog({ site, to, userName, today, onConfirm, onCancel }: Props) {
  const id = useId();
  const [date, setDate] = useState(today);
  const [by, setBy] = useState(userName);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setError(await onConfirm({ to, date, by, reason }));
  };

  return (
    <ConfirmDialog
      title={`${STATUS_ACTIONS[to]}: ${site.reference}`}
      confirmLabel={STATUS_ACTIONS[to]}
      tone={to === 'decommissioned' || to === 'rejected' ? 'danger' : 'primary'}
      focusCancel={false}
      onConfirm={() => void confirm()}
      onCancel={onCancel}
    >
      <p>
        {STATUS_LABELS[site.status]} → <strong>{STATUS_LABELS[to]}</strong>. The change is added to the site’s history with the date, your name and the reason.
      </p>
      <div className="form-grid">
        <label htmlFor={`${id}-date`}>Date of the change</label>
        <input id={`${id}-date`} type="date" value={date} max={today} onChange={(event) => setDate(event.target.value)} required />
        <label htmlFor={`${id}-by`}>Your name</label>
        <input id={`${id}-by`} type="text" value={by} onChange={(event) => setBy(event.target.value)} autoComplete="name" autoFocus={!userName} required />
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea id={`${id}-reason`} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} autoFocus={Boolean(userName)} required />
      </div>
      {error && (
        <p className="import-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  );
}
