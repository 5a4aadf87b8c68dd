import { useId, useState } from 'react';
import { useModalDialog } from '../use-modal-dialog.ts';
import { STATUS_LABELS } from '../../domain/site.ts';
import { REVIEW_BUCKET_LABELS, reviewsDueByArea, sortReviewsDue, type ReviewDueRow } from '../../procedure/review-due.ts';

type SortColumn = Parameters<typeof sortReviewsDue>[1]['column'];

interface Props {
  rows: ReviewDueRow[];
  onShowSite: (siteId: string) => void;
  onClose: () => void;
}

const COLUMNS: { column: SortColumn; label: string }[] = [
  { column: 'reference', label: 'NRD' },
  { column: 'forceArea', label: 'Force area' },
  { column: 'status', label: 'Status' },
  { column: 'dueOn', label: 'Review due' },
  { column: 'daysLeft', label: 'Days left' },
];

/** Every NRD in use with its next annual review, sortable, and the same counted by force area. */
export function ReviewsDueDialog({ rows, onShowSite, onClose }: Props) {
  const dialog = useModalDialog();
  const id = useId();
  const [sort, setSort] = useState<Parameters<typeof sortReviewsDue>[1]>({ column: 'dueOn', direction: 'ascending' });
  const sorted = sortReviewsDue(rows, sort);
  const areas = reviewsDueByArea(rows);
  return (
    <dialog
      ref={dialog}
      className="record-dialog reviews-due-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="record-dialog__header">
        <h2 id={`${id}-title`}>Annual reviews due</h2>
        <p className="hint">“National ANPR Standards for Policing (NASP) and the PofF Code require that the locations for NRD should be reviewed annually”: 12 months after going live or after the last review.</p>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close reviews due">
          ×
        </button>
      </header>
      <div className="reviews-due-dialog__body">
        <table className="register__table">
          <caption>By force area</caption>
          <thead>
            <tr>
              <th scope="col">Force area</th>
              <th scope="col" className="numeric">{REVIEW_BUCKET_LABELS.overdue}</th>
              <th scope="col" className="numeric">{REVIEW_BUCKET_LABELS['due-30']}</th>
              <th scope="col" className="numeric">{REVIEW_BUCKET_LABELS['due-90']}</th>
              <th scope="col" className="numeric">{REVIEW_BUCKET_LABELS.later}</th>
              <th scope="col" className="numeric">{REVIEW_BUCKET_LABELS['no-date']}</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <tr key={area.forceArea}>
                <th scope="row">{area.forceArea || 'No force area'}</th>
                <td className="numeric">{area.overdue}</td>
                <td className="numeric">{area.due30}</td>
                <td className="numeric">{area.due90}</td>
                <td className="numeric">{area.later}</td>
                <td className="numeric">{area.noDate}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="register__table">
          <caption>By NRD</caption>
          <thead>
            <tr>
              {COLUMNS.map(({ column, label }) => (
                <th key={column} scope="col" aria-sort={sort.column === column ? sort.direction : 'none'}>
                  <button
                    type="button"
                    className="register__sort"
                    onClick={() => setSort({ column, direction: sort.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending' })}
                  >
                    {label}
                    {sort.column === column ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th scope="col">When</th>
              <th scope="col">Counted from</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.siteId} className={`review-due--${row.bucket}`}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onShowSite(row.siteId)}>
                    {row.reference}
                  </button>{' '}
                  {row.name}
                </th>
                <td>{row.forceArea}</td>
                <td>{STATUS_LABELS[row.status]}</td>
                <td>{row.dueOn ?? '—'}</td>
                <td className="numeric">{row.daysLeft ?? '—'}</td>
                <td>{REVIEW_BUCKET_LABELS[row.bucket]}</td>
                <td>{row.basis ? `${row.basis.kind === 'last-review' ? 'last review' : 'went live'} ${row.basis.date}` : 'no date on record'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
