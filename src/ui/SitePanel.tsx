import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Site, STATUS_LABELS, type LifecycleStatus } from '../domain/site.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';
import { parseTypedPosition } from '../geo/typed-position.ts';
import { directNextStatuses, NEXT_STATUSES, RECORDED_BY, STATUS_ACTIONS, type StatusChangeRequest } from '../procedure/lifecycle.ts';
import { CommitField } from './CommitField.tsx';
import { StatusChangeDialog } from './StatusChangeDialog.tsx';

interface Props {
  site: Site;
  /** A new request when the panel should take focus (the user chose a site, rather than arrowing past it). */
  focusRequest: { siteId: string } | null;
  /** Saves a change of this site; resolves false when it was not saved (the reason is shown elsewhere). */
  onEdit: (label: string, before: Site, after: Site) => Promise<boolean>;
  onChangeStatus: (site: Site, request: StatusChangeRequest) => Promise<string | null>;
  onDelete: (site: Site) => void;
  onClose: () => void;
  userName: string;
  today: string;
  /** The site's evidence figures (coverage, privacy, sensitive places, fit). */
  figures: ReactNode;
  /** The site's procedure records: pressing social need, privacy, consultation, decision, reviews. */
  records: ReactNode;
  /** Why the site may not be deleted (it has procedure records), or null. */
  deleteRefusal: string | null;
}

function enteredAs(site: Site): string {
  const entered = site.enteredAs;
  if (entered.crs === 'EPSG:27700') return `BNG ${entered.easting} E, ${entered.northing} N`;
  if (entered.crs === 'OS-GRID-REF') return `OS grid reference ${entered.gridReference}`;
  return `WGS84 ${entered.lat}, ${entered.lon}`;
}

/** A field's check from the Site schema itself, so the form and the store never disagree. */
function schemaCheck<K extends keyof typeof Site.shape>(key: K, parse: (text: string) => unknown, what: string) {
  return (text: string): string | null => {
    const value = parse(text);
    if (typeof value === 'number' && Number.isNaN(value)) return `Enter a number for the ${what}.`;
    const result = Site.shape[key].safeParse(value);
    return result.success ? null : `Not a valid ${what}: ${result.error.issues[0]?.message ?? 'out of range'}.`;
  };
}
const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));
const optionalNumber = (text: string) => (text.trim() === '' ? null : Number(text.trim()));

export function SitePanel({ site, focusRequest, onEdit, onChangeStatus, onDelete, onClose, userName, today, figures, records, deleteRefusal }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const bng = wgs84ToBng(site);
  // Each field saves against the record as it was when the user began typing in it.
  const base = useRef(site);
  const begin = () => (base.current = site);
  const [position, setPosition] = useState('');
  const [positionMessage, setPositionMessage] = useState<string | null>(null);
  const [statusTo, setStatusTo] = useState<LifecycleStatus | null>(null);

  useEffect(() => {
    if (focusRequest?.siteId === site.id) heading.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    setPosition('');
    setPositionMessage(null);
  }, [site.id]);

  const commit = (label: string, patch: Partial<Site>) => {
    void onEdit(`${label} of ${base.current.reference}`, base.current, { ...base.current, ...patch });
  };
  const text = (key: 'reference' | 'name' | 'road' | 'directionOfTravel' | 'forceArea' | 'region' | 'notes', label: string, options: { multiline?: boolean } = {}) => (
    <CommitField
      label={label}
      value={site[key]}
      onBegin={begin}
      validate={schemaCheck(key, (t) => (key === 'reference' ? t.trim() : t), label.toLowerCase())}
      onCommit={(value) => commit(`Change ${label.toLowerCase()}`, { [key]: key === 'reference' ? value.trim() : value })}
      multiline={options.multiline}
    />
  );

  const move = async () => {
    const parsed = parseTypedPosition(position);
    if (!parsed.ok) {
      setPositionMessage(parsed.message);
      return;
    }
    const saved = await onEdit(`Move ${site.reference}`, site, { ...site, lon: parsed.lon, lat: parsed.lat, enteredAs: parsed.enteredAs });
    if (saved) {
      setPosition('');
      setPositionMessage(`Moved to ${parsed.description}.`);
    }
  };

  const nextStatuses = directNextStatuses(site.status);
  const recordedNext = [...new Set(NEXT_STATUSES[site.status].map((next) => RECORDED_BY[next]).filter((kind) => kind !== undefined))];

  return (
    <aside
      className="site-panel"
      aria-labelledby="site-panel-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !statusTo) onClose();
      }}
    >
      <div className="site-panel__header">
        <h2 id="site-panel-heading" ref={heading} tabIndex={-1}>
          {site.reference}
          <span className="site-panel__name">{site.name}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close site panel">
          ×
        </button>
      </div>
      {site.illustrative && <p className="notice">Illustrative site in the sample workspace, not a real police NRD.</p>}

      <section aria-labelledby={`${id}-lifecycle`}>
        <h3 id={`${id}-lifecycle`}>Lifecycle</h3>
        <p className="site-panel__status">
          {site.kind === 'existing' ? 'Existing NRD' : 'Proposed NRD site'} · <strong>{STATUS_LABELS[site.status]}</strong>
        </p>
        {nextStatuses.length > 0 && (
          <div className="button-row">
            {nextStatuses.map((to) => (
              <button key={to} type="button" className={to === 'decommissioned' || to === 'rejected' ? '' : 'primary'} onClick={() => setStatusTo(to)}>
                {STATUS_ACTIONS[to]}…
              </button>
            ))}
          </div>
        )}
        {recordedNext.includes('decision') && <p className="hint">Approve or reject it by deciding on the new infrastructure in its procedure records below.</p>}
        {recordedNext.includes('annual-review') && <p className="hint">Continue or decommission it through its annual review in the procedure records below.</p>}
        {NEXT_STATUSES[site.status].length === 0 && <p className="hint">{STATUS_LABELS[site.status]} is final: the site stays in the register as a record.</p>}
        {site.statusHistory.length > 0 ? (
          <ol className="status-history" aria-label={`Status history of ${site.reference}`}>
            {[...site.statusHistory].reverse().map((change) => (
              <li key={change.recordedAt + change.to}>
                <span className="status-history__what">
                  {STATUS_LABELS[change.from]} → {STATUS_LABELS[change.to]}
                </span>
                <span className="status-history__when">
                  {change.date} · {change.by}
                </span>
                <span className="status-history__why">{change.reason}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="hint">No status changes recorded in this register yet.</p>
        )}
      </section>

      <section aria-labelledby={`${id}-records`}>
        <h3 id={`${id}-records`}>Procedure records</h3>
        {records}
      </section>

      <section aria-labelledby={`${id}-figures`}>
        <h3 id={`${id}-figures`}>Evidence figures</h3>
        {figures}
      </section>

      <section aria-labelledby={`${id}-position`}>
        <h3 id={`${id}-position`}>Position and coverage</h3>
        <dl className="facts">
          <dt>WGS84</dt>
          <dd>
            {site.lat.toFixed(6)}, {site.lon.toFixed(6)}
          </dd>
          <dt>BNG</dt>
          <dd>
            {Math.round(bng.easting)} E, {Math.round(bng.northing)} N
          </dd>
          <dt>Grid ref</dt>
          <dd>{formatOsGridReference(bng.easting, bng.northing) ?? '—'}</dd>
          <dt>Entered as</dt>
          <dd>{enteredAs(site)}</dd>
        </dl>
        <form
          className="position-form"
          onSubmit={(event) => {
            event.preventDefault();
            void move();
          }}
        >
          <label htmlFor={`${id}-move`}>Move to</label>
          <div className="field__input">
            <input
              id={`${id}-move`}
              type="text"
              value={position}
              placeholder="ST 75000 64000"
              aria-describedby={`${id}-move-note`}
              onChange={(event) => {
                setPosition(event.target.value);
                setPositionMessage(null);
              }}
            />
            <button type="submit" disabled={position.trim() === ''}>
              Move
            </button>
          </div>
          <p id={`${id}-move-note`} className="field__hint" role="status">
            {positionMessage ?? 'Latitude, longitude; easting, northing; or an OS grid reference. Or drag the site on the map.'}
          </p>
        </form>
        <CommitField
          label="Bearing"
          unit="°"
          inputMode="decimal"
          value={site.bearingDegrees === null ? '' : String(site.bearingDegrees)}
          onBegin={begin}
          hint="Compass bearing the camera faces; leave empty for no bearing (a circle). Or drag the handle on the map."
          validate={(t) => {
            const value = optionalNumber(t);
            if (value === null) return null;
            if (Number.isNaN(value) || value < 0 || value > 360) return 'A bearing is a number from 0 to 359.';
            return null;
          }}
          onCommit={(t) => {
            const value = optionalNumber(t);
            commit('Turn', { bearingDegrees: value === null ? null : value % 360 });
          }}
        />
        <CommitField
          label="Range"
          unit="m"
          inputMode="decimal"
          value={String(site.rangeMetres)}
          onBegin={begin}
          validate={schemaCheck('rangeMetres', number, 'range (1 to 5000 m)')}
          onCommit={(t) => commit('Change range', { rangeMetres: number(t) })}
        />
        <CommitField
          label="Field of view"
          unit="°"
          inputMode="decimal"
          value={String(site.fieldOfViewDegrees)}
          onBegin={begin}
          validate={schemaCheck('fieldOfViewDegrees', number, 'field of view (up to 360°)')}
          onCommit={(t) => commit('Change field of view', { fieldOfViewDegrees: number(t) })}
        />
      </section>

      <section aria-labelledby={`${id}-details`}>
        <h3 id={`${id}-details`}>Details</h3>
        {text('reference', 'Reference')}
        {text('name', 'Name')}
        {text('road', 'Road')}
        {text('directionOfTravel', 'Direction of travel')}
        <CommitField
          label="Lanes"
          inputMode="numeric"
          value={site.lanes === null ? '' : String(site.lanes)}
          onBegin={begin}
          validate={schemaCheck('lanes', optionalNumber, 'number of lanes (1 to 20)')}
          onCommit={(t) => commit('Change lanes', { lanes: optionalNumber(t) })}
        />
        {text('forceArea', 'Force area')}
        {text('region', 'Region')}
        {text('notes', 'Notes', { multiline: true })}
      </section>

      <section className="site-panel__danger">
        <button type="button" onClick={() => onDelete(site)} disabled={deleteRefusal !== null}>
          Delete {site.reference} from the register
        </button>
        <p className="hint">{deleteRefusal ?? 'For a site entered by mistake; a camera taken out of use is decommissioned instead. Undo brings a deleted site back.'}</p>
      </section>

      {statusTo && (
        <StatusChangeDialog
          site={site}
          to={statusTo}
          userName={userName}
          today={today}
          onCancel={() => setStatusTo(null)}
          onConfirm={async (request) => {
            const refused = await onChangeStatus(site, request);
            if (refused === null) setStatusTo(null);
            return refused;
          }}
        />
      )}
    </aside>
  );
}
