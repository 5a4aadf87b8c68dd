import { useEffect, useRef } from 'react';
import type { Site } from '../domain/site.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { statusLabel } from './site-labels.ts';

interface Props {
  site: Site;
  onClose: () => void;
}

function enteredAs(site: Site): string {
  const entered = site.enteredAs;
  if (entered.crs === 'EPSG:27700') return `BNG ${entered.easting} E, ${entered.northing} N`;
  if (entered.crs === 'OS-GRID-REF') return `OS grid reference ${entered.gridReference}`;
  return `WGS84 ${entered.lat}, ${entered.lon}`;
}

export function SitePanel({ site, onClose }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const bng = wgs84ToBng(site);

  useEffect(() => {
    heading.current?.focus();
  }, [site.id]);

  return (
    <aside
      className="site-panel"
      aria-labelledby="site-panel-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
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
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{site.kind === 'existing' ? 'Existing NRD' : 'Proposed NRD site'}</dd>
        <dt>Status</dt>
        <dd>{statusLabel(site.status)}</dd>
        <dt>Position</dt>
        <dd>
          {site.lat.toFixed(6)}, {site.lon.toFixed(6)}
          <br />
          BNG {Math.round(bng.easting)} E, {Math.round(bng.northing)} N
        </dd>
        <dt>Entered as</dt>
        <dd>{enteredAs(site)}</dd>
        <dt>Bearing</dt>
        <dd>{site.bearingDegrees === null ? 'Not set (coverage drawn as a circle)' : `${site.bearingDegrees}°`}</dd>
        <dt>Range</dt>
        <dd>{site.rangeMetres} m</dd>
        <dt>Field of view</dt>
        <dd>{site.fieldOfViewDegrees}°</dd>
        <dt>Road</dt>
        <dd>{site.road || '—'}</dd>
        <dt>Direction of travel</dt>
        <dd>{site.directionOfTravel || '—'}</dd>
        <dt>Lanes</dt>
        <dd>{site.lanes ?? '—'}</dd>
        <dt>Force area</dt>
        <dd>{[site.forceArea, site.region].filter(Boolean).join(', ') || '—'}</dd>
      </dl>
      {site.notes && (
        <>
          <h3>Notes</h3>
          <p className="site-panel__notes">{site.notes}</p>
        </>
      )}
    </aside>
  );
}
