import { useId, useMemo, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { GRID_SQUARE_METRES, publicExport, type Generalisation } from '../io/public-export.ts';
import type { FigureRow } from '../analysis/figures-table.ts';
import type { Site } from '../domain/site.ts';
import { useModalDialog } from './use-modal-dialog.ts';

interface Props {
  sites: readonly Site[];
  /** Each site's figures by site id, or null while the layers are read. */
  figures: ReadonlyMap<string, FigureRow> | null;
  /** The population layer's LSOA polygons, when the workspace has one. */
  lsoas: FeatureCollection | null;
  onDownload: (name: string, type: string, text: string) => void;
  onClose: () => void;
}

const squareLabel = (metres: number) => (metres >= 1000 ? `${metres / 1000} km squares` : `${metres} m squares`);

/**
 * The consultation-safe export: sites and figures with their locations generalised and everything that
 * identifies a camera removed, previewed before it is saved.
 */
export function PublicExportDialog({ sites, figures, lsoas, onDownload, onClose }: Props) {
  const dialog = useModalDialog();
  const id = useId();
  const [area, setArea] = useState<string>(lsoas ? 'lsoa' : '1000');
  const [includeProposed, setIncludeProposed] = useState(true);
  const generalisation: Generalisation = area === 'lsoa' && lsoas ? { to: 'lsoa', lsoas } : { to: 'grid', squareMetres: Number(area) };
  const result = useMemo(() => publicExport(sites, figures, generalisation, { includeProposed }), [sites, figures, area, includeProposed, lsoas]);
  const stem = `nrd-public-${area === 'lsoa' ? 'lsoa' : `${area}m`}-${new Date().toISOString().slice(0, 10)}`;
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog public-export-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Public export for consultation</h2>
      <p>{result.note}</p>
      <div className="form-grid">
        <label htmlFor={`${id}-area`}>Locations shown as</label>
        <select id={`${id}-area`} value={area} onChange={(event) => setArea(event.target.value)}>
          {lsoas && <option value="lsoa">LSOAs (from the population layer)</option>}
          {GRID_SQUARE_METRES.map((metres) => (
            <option key={metres} value={String(metres)}>
              {squareLabel(metres)}
            </option>
          ))}
        </select>
        <span />
        <label className="record-field--check">
          <input type="checkbox" checked={includeProposed} onChange={(event) => setIncludeProposed(event.target.checked)} />
          Include proposed sites
        </label>
      </div>
      {!figures && <p className="hint">The figures are still being worked out: the export has no figures yet.</p>}
      <details>
        <summary>Removed: {result.removedFields.length} fields</summary>
        <p className="hint">{result.removedFields.join(', ')}</p>
      </details>
      <table className="conflict-table">
        <caption className="visually-hidden">The public rows</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Status</th>
            <th scope="col">Area</th>
            <th scope="col">Crimes</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.slice(0, 8).map((row) => (
            <tr key={row.label}>
              <td>{row.label}</td>
              <td>{row.status}</td>
              <td>{row.area}</td>
              <td>{row.crimes_in_coverage ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.rows.length > 8 && <p className="hint">and {result.rows.length - 8} more.</p>}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" onClick={() => onDownload(`${stem}.csv`, 'text/csv;charset=utf-8', result.csv)}>
          Save CSV
        </button>
        <button type="button" className="primary" onClick={() => onDownload(`${stem}.geojson`, 'application/geo+json', JSON.stringify(result.geojson))}>
          Save GeoJSON
        </button>
      </div>
    </dialog>
  );
}
