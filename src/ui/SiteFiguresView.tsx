import { useId, type ReactNode } from 'react';
import type { SiteFigures } from '../analysis/site-figures.ts';
import { UNIFORM_DENSITY_NOTE } from '../analysis/resident-privacy.ts';
import { TRAFFIC_MATCHING_NOTE } from '../analysis/transient-privacy.ts';
import { VEHICLE_CLASS_LABELS } from '../domain/traffic.ts';

interface Props {
  figures: SiteFigures | null;
  /** Why there are no figures yet (layers loading), or null. */
  waiting: string | null;
  sensitiveWithinMetres: number;
  onSensitiveWithinChange: (metres: number) => void;
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const percent = (share: number) => `${one.format(share * 100)}%`;

interface Column<Row> {
  label: string;
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

/** A drill-down table: the records behind a figure. */
function RecordTable<Row>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string }) {
  return (
    <table className="figures__table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) => (
              <td key={column.label} className={column.numeric ? 'numeric' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Missing({ what }: { what: string }) {
  return <p className="hint">No {what} layer in this workspace: import one to see this figure.</p>;
}

/**
 * The evidence figures of one site, each with the records that produced it a click away: crime in its
 * coverage, residents and vehicles whose privacy it touches, sensitive places near it, and how it fits
 * with the NRDs already in use.
 */
export function SiteFiguresView({ figures, waiting, sensitiveWithinMetres, onSensitiveWithinChange }: Props) {
  const id = useId();
  if (!figures) return <p className="hint" role="status">{waiting ?? 'Working out the figures…'}</p>;
  const { coverage, residents, transient, sensitive, fit } = figures;
  return (
    <div className="figures">
      <h4>Crime in coverage</h4>
      {coverage ? (
        <>
          <p className="figure">
            <strong>{whole.format(coverage.crimes)}</strong> crimes, {percent(coverage.shareOfLayer)} of {whole.format(coverage.layerCrimes)} in {coverage.layerName}
            {coverage.hotSpots.total > 0 && (
              <>
                ; touches {coverage.hotSpots.covered} of {coverage.hotSpots.total} hot spots
              </>
            )}
          </p>
          <details>
            <summary>By crime type and month</summary>
            <RecordTable
              caption="Crimes in the coverage by type"
              columns={[
                { label: 'Crime type', cell: (row) => row.type },
                { label: 'Crimes', numeric: true, cell: (row) => whole.format(row.crimes) },
              ]}
              rows={coverage.byType}
              rowKey={(row) => row.type}
            />
            <RecordTable
              caption="Crimes in the coverage by month"
              columns={[
                { label: 'Month', cell: (row) => row.month },
                { label: 'Crimes', numeric: true, cell: (row) => whole.format(row.crimes) },
              ]}
              rows={coverage.byMonth}
              rowKey={(row) => row.month}
            />
          </details>
        </>
      ) : (
        <Missing what="crime" />
      )}

      <h4>Resident population (privacy)</h4>
      {residents ? (
        <>
          <p className="figure">
            About <strong>{whole.format(residents.residents)}</strong> residents in the coverage, from {residents.contributions.length}{' '}
            {residents.contributions.length === 1 ? 'LSOA' : 'LSOAs'} of {residents.layerName}
          </p>
          <p className="hint">{UNIFORM_DENSITY_NOTE}</p>
          {residents.contributions.length > 0 && (
            <details>
              <summary>Each LSOA’s share</summary>
              <RecordTable
                caption="Residents in the coverage by LSOA"
                columns={[
                  { label: 'LSOA', cell: (row) => (<>{row.code} {row.name !== row.code && <span className="hint">{row.name}</span>}</>) },
                  { label: 'Population', numeric: true, cell: (row) => whole.format(row.population) },
                  { label: 'Area inside', numeric: true, cell: (row) => percent(row.insideSquareMetres / row.lsoaSquareMetres) },
                  { label: 'Residents', numeric: true, cell: (row) => one.format(row.residents) },
                ]}
                rows={residents.contributions}
                rowKey={(row) => row.code}
              />
            </details>
          )}
        </>
      ) : (
        <Missing what="population" />
      )}

      <h4>Transient population (privacy)</h4>
      {transient ? (
        <>
          <p className="figure">
            <strong>{whole.format(transient.vehiclesPerDay)}</strong> motor vehicles a day pass through, from {transient.countPoints.length} DfT count{' '}
            {transient.countPoints.length === 1 ? 'point' : 'points'}
            {transient.year !== null && ` (${transient.year})`}
          </p>
          <p className="hint">{TRAFFIC_MATCHING_NOTE}</p>
          {transient.countPoints.length > 0 && (
            <details>
              <summary>Count points and vehicle classes</summary>
              <RecordTable
                caption="DfT count points in the coverage"
                columns={[
                  { label: 'Count point', cell: (point) => point.countPointId },
                  { label: 'Road', cell: (point) => point.road },
                  { label: 'Vehicles a day', numeric: true, cell: (point) => whole.format(point.allMotorVehicles) },
                ]}
                rows={transient.countPoints}
                rowKey={(point) => point.countPointId}
              />
              {Object.keys(transient.byClass).length > 0 && (
                <ul className="figures__classes">
                  {Object.entries(transient.byClass).map(([vehicleClass, vehicles]) => (
                    <li key={vehicleClass}>
                      {VEHICLE_CLASS_LABELS[vehicleClass as keyof typeof VEHICLE_CLASS_LABELS] ?? vehicleClass}: {whole.format(vehicles)}
                    </li>
                  ))}
                </ul>
              )}
            </details>
          )}
        </>
      ) : (
        <Missing what="DfT traffic count" />
      )}

      <h4>Sensitive places</h4>
      <label htmlFor={`${id}-within`} className="figures__within">
        Also list places within{' '}
        <select id={`${id}-within`} value={sensitiveWithinMetres} onChange={(event) => onSensitiveWithinChange(Number(event.target.value))}>
          {[0, 100, 250, 500, 1000].map((metres) => (
            <option key={metres} value={metres}>
              {metres} m
            </option>
          ))}
        </select>{' '}
        of the site
      </label>
      {sensitive ? (
        sensitive.length === 0 ? (
          <p className="figure">None in the coverage or within {sensitiveWithinMetres} m.</p>
        ) : (
          <>
            <p className="figure">
              <strong>{sensitive.filter((place) => place.insideCoverage).length}</strong> in the coverage, {sensitive.length} in all
            </p>
            <details open={sensitive.length <= 5}>
              <summary>The places, nearest first</summary>
              <ul className="figures__places">
                {sensitive.map((place, i) => (
                  <li key={`${place.layerName}-${place.label}-${i}`}>
                    {place.label} <span className="hint">({place.category || place.layerName})</span> — {whole.format(place.distanceMetres)} m
                    {place.insideCoverage ? ', in the coverage' : ''}
                  </li>
                ))}
              </ul>
            </details>
          </>
        )
      ) : (
        <Missing what="CNI or sensitive-place" />
      )}

      <h4>Fit with existing NRDs</h4>
      {fit ? (
        <>
          <p className="figure">
            {fit.nearestExisting ? (
              <>
                Nearest NRD in use: <strong>{fit.nearestExisting.reference}</strong>, {whole.format(fit.nearestExisting.distanceMetres)} m away.{' '}
              </>
            ) : (
              'No NRD in use to compare with. '
            )}
            {percent(fit.overlapShare)} of the coverage overlaps theirs{fit.overlapMethod === 'sampled' ? ' (sampled: so many NRDs overlap here that the share is estimated, to about 1%)' : ''}; <strong>{whole.format(fit.marginalCrimes)}</strong> of its {whole.format(fit.crimes)} crimes are covered by no NRD in
            use.
          </p>
          {fit.marginalByType.length > 0 && (
            <details>
              <summary>Crime only this site covers, by type</summary>
              <ul>
                {fit.marginalByType.map((row) => (
                  <li key={row.type}>
                    {row.type}: {whole.format(row.crimes)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      ) : (
        <Missing what="crime" />
      )}
    </div>
  );
}
