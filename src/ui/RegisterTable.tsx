import { useEffect, useId, useMemo, useRef } from 'react';
import { LIFECYCLE_STATUSES, STATUS_LABELS, type LifecycleStatus, type Site } from '../domain/site.ts';
import { sortSites, type RegisterFilter, type SortableField, type RegisterSort } from '../app/register-query.ts';

interface Props {
  /** Every site in the register; `shown` the ones the filter lets through, in table order. */
  total: number;
  shown: Site[];
  filter: RegisterFilter;
  onFilterChange: (filter: RegisterFilter) => void;
  sort: RegisterSort;
  onSortChange: (sort: RegisterSort) => void;
  selectedSiteId: string | null;
  /** `openPanel`: the user chose the site (click, Enter), so its panel takes focus; arrow keys only move through the table. */
  onSelect: (siteId: string, openPanel: boolean) => void;
  onExport: (format: 'csv' | 'geojson') => void;
}

const COLUMNS: { column: SortableField; label: string; numeric?: boolean }[] = [
  { column: 'reference', label: 'Reference' },
  { column: 'name', label: 'Name' },
  { column: 'kind', label: 'Kind' },
  { column: 'status', label: 'Status' },
  { column: 'road', label: 'Road' },
  { column: 'bearingDegrees', label: 'Bearing', numeric: true },
  { column: 'rangeMetres', label: 'Range', numeric: true },
  { column: 'updatedAt', label: 'Last changed' },
];

/** Status choices: everything, everything in use, or one status. */
const IN_USE: readonly LifecycleStatus[] = LIFECYCLE_STATUSES.filter((s) => s !== 'decommissioned' && s !== 'rejected');
const STATUS_CHOICES: { value: string; label: string; statuses: readonly LifecycleStatus[] }[] = [
  { value: 'all', label: 'All statuses', statuses: LIFECYCLE_STATUSES },
  { value: 'in-use', label: 'All but decommissioned and rejected', statuses: IN_USE },
  ...LIFECYCLE_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status], statuses: [status] })),
];

function statusChoice(statuses: readonly LifecycleStatus[]): string {
  return STATUS_CHOICES.find((choice) => choice.statuses.length === statuses.length && choice.statuses.every((s) => statuses.includes(s)))?.value ?? 'all';
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The NRD register as a table: sortable by any column, filtered by search, kind and status, and moved
 * through with the arrow keys. The row that has focus is the selected site, which the map shows.
 */
export function RegisterTable({ total, shown, filter, onFilterChange, sort, onSortChange, selectedSiteId, onSelect, onExport }: Props) {
  const id = useId();
  const rows = useMemo(() => sortSites(shown, sort), [shown, sort]);
  const body = useRef<HTMLTableSectionElement>(null);
  const selectedIndex = rows.findIndex((site) => site.id === selectedSiteId);
  const focusable = selectedIndex >= 0 ? selectedIndex : 0;
  const moveFocus = useRef(false);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    body.current?.querySelector<HTMLElement>(`tr[data-site-id="${CSS.escape(selectedSiteId ?? '')}"]`)?.focus();
  }, [selectedSiteId]);

  // The selected row stays in view when the site is picked on the map.
  useEffect(() => {
    body.current?.querySelector<HTMLElement>('tr[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedSiteId]);

  const step = (to: number) => {
    const site = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (!site) return;
    moveFocus.current = true;
    onSelect(site.id, false);
  };

  return (
    <section className="register" aria-labelledby={`${id}-heading`}>
      <div className="register__toolbar">
        <h2 id={`${id}-heading`}>
          NRD register <span className="register__count">{shown.length === total ? `${total} sites` : `${shown.length} of ${total} sites shown`}</span>
        </h2>
        <label className="visually-hidden" htmlFor={`${id}-search`}>
          Search the register by reference, name or road
        </label>
        <input
          id={`${id}-search`}
          type="search"
          placeholder="Search reference, name, road"
          value={filter.search}
          onChange={(event) => onFilterChange({ ...filter, search: event.target.value })}
        />
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={filter.kind} onChange={(event) => onFilterChange({ ...filter, kind: event.target.value as RegisterFilter['kind'] })}>
          <option value="all">Existing and proposed</option>
          <option value="existing">Existing</option>
          <option value="proposed">Proposed</option>
        </select>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={statusChoice(filter.statuses)}
          onChange={(event) => onFilterChange({ ...filter, statuses: STATUS_CHOICES.find((choice) => choice.value === event.target.value)!.statuses })}
        >
          {STATUS_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <span className="register__export">
          <button type="button" onClick={() => onExport('csv')} disabled={total === 0}>
            Export CSV
          </button>
          <button type="button" onClick={() => onExport('geojson')} disabled={total === 0}>
            Export GeoJSON
          </button>
        </span>
      </div>
      <div className="register__scroll">
        <table className="register__table" aria-labelledby={`${id}-heading`} aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              {COLUMNS.map(({ column, label, numeric }) => {
                const sorted = sort.column === column;
                return (
                  <th key={column} scope="col" aria-sort={sorted ? sort.direction : 'none'} className={numeric ? 'numeric' : undefined}>
                    <button
                      type="button"
                      className="register__sort"
                      onClick={() => onSortChange({ column, direction: sorted && sort.direction === 'ascending' ? 'descending' : 'ascending' })}
                    >
                      {label}
                      <span aria-hidden="true">{sorted ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody
            ref={body}
            onKeyDown={(event) => {
              const keys: Record<string, number> = { ArrowDown: focusable + 1, ArrowUp: focusable - 1, Home: 0, End: rows.length - 1, PageDown: focusable + 10, PageUp: focusable - 10 };
              const to = keys[event.key];
              if (to === undefined) return;
              event.preventDefault();
              step(to);
            }}
          >
            {rows.map((site, index) => (
              <tr
                key={site.id}
                data-site-id={site.id}
                className={`register__row register__row--${site.status === 'decommissioned' || site.status === 'rejected' ? 'closed' : site.kind}`}
                aria-selected={site.id === selectedSiteId}
                tabIndex={index === focusable ? 0 : -1}
                onClick={() => onSelect(site.id, true)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(site.id, true);
                  }
                }}
              >
                <th scope="row">{site.reference}</th>
                <td>{site.name}</td>
                <td>{site.kind === 'existing' ? 'Existing' : 'Proposed'}</td>
                <td>{STATUS_LABELS[site.status]}</td>
                <td>{site.road}</td>
                <td className="numeric">{site.bearingDegrees === null ? '—' : `${Math.round(site.bearingDegrees)}°`}</td>
                <td className="numeric">{site.rangeMetres} m</td>
                <td>{dateTime.format(new Date(site.updatedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <p className="register__empty">
            {total === 0 ? 'The register is empty. Add a proposed site, or import an NRD list (CSV or GeoJSON).' : 'No site matches the search and filters.'}
          </p>
        )}
      </div>
    </section>
  );
}
