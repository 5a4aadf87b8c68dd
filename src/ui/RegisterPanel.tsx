import { useId, useState } from 'react';
import type { Site } from '../domain/site.ts';
import { parseTypedPosition } from '../geo/typed-position.ts';

type PlacedPosition = Extract<ReturnType<typeof parseTypedPosition>, { ok: true }>;

interface Props {
  sites: Site[];
  placing: boolean;
  onPlacingChange: (placing: boolean) => void;
  /** Places a new proposed site at a typed position. */
  onPlace: (position: PlacedPosition) => void;
  disabled: boolean;
}

/** The register in the sidebar: what it holds, and where a new proposed site is placed from. */
export function RegisterPanel({ sites, placing, onPlacingChange, onPlace, disabled }: Props) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const count = (test: (site: Site) => boolean) => sites.filter(test).length;
  const closed = count((s) => s.status === 'decommissioned' || s.status === 'rejected');

  const place = () => {
    const parsed = parseTypedPosition(typed);
    if (!parsed.ok) {
      setMessage(parsed.message);
      return;
    }
    setTyped('');
    setMessage(null);
    onPlace(parsed);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>NRD sites ({sites.length})</h2>
      {sites.length === 0 ? (
        <p className="hint">No sites in this workspace yet.</p>
      ) : (
        <p className="hint">
          {count((s) => s.kind === 'existing' && s.status !== 'decommissioned')} existing, {count((s) => s.kind === 'proposed' && s.status !== 'rejected')} proposed
          {closed > 0 ? `, ${closed} decommissioned or rejected` : ''}. The register table is below the map.
        </p>
      )}
      {!placing ? (
        <button type="button" className="primary" onClick={() => onPlacingChange(true)} disabled={disabled}>
          Add proposed site
        </button>
      ) : (
        <form
          className="place-form"
          onSubmit={(event) => {
            event.preventDefault();
            place();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onPlacingChange(false);
          }}
        >
          <p className="place-form__prompt" role="status">
            Click the map where the site goes, or type its position.
          </p>
          <label htmlFor={`${id}-position`}>Position</label>
          <input
            id={`${id}-position`}
            type="text"
            value={typed}
            autoFocus
            placeholder="SU 12345 67890"
            aria-invalid={message ? true : undefined}
            aria-describedby={`${id}-note`}
            onChange={(event) => {
              setTyped(event.target.value);
              setMessage(null);
            }}
          />
          <p id={`${id}-note`} className={message ? 'field__error' : 'field__hint'}>
            {message ?? 'Latitude, longitude (51.3811, -2.3597); easting, northing (375000, 164000); or an OS grid reference (ST 75000 64000).'}
          </p>
          <div className="button-row">
            <button type="submit" className="primary" disabled={typed.trim() === ''}>
              Place site
            </button>
            <button type="button" onClick={() => onPlacingChange(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
