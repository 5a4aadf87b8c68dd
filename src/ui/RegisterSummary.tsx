import type { AreaFit } from '../analysis/infrastructure-fit.ts';

interface Props {
  /** Per force area and for all loaded areas; null without a crime layer. */
  areas: AreaFit[] | null;
  onShowHotSpot: (easting: number, northing: number) => void;
}

const whole = new Intl.NumberFormat('en-GB');
/** A count with its share, to two significant figures: a site's 100 m sector is a small part of a force. */
const covered = (part: number, of: number) => `${whole.format(part)} (${of === 0 ? '—' : `${Number(((part / of) * 100).toPrecision(2))}%`})`;

/**
 * The register as a whole, as the procedure's regional and national fit asks: how much of the crime
 * the NRDs in use cover, how much the proposed ones would add, and the hot spots neither covers.
 */
export function RegisterSummary({ areas, onShowHotSpot }: Props) {
  return (
    <section className="panel" aria-labelledby="register-summary-heading">
      <h2 id="register-summary-heading">Coverage of the register</h2>
      {!areas ? (
        <p className="hint">Import a crime layer to see how much crime the register covers.</p>
      ) : (
        <>
          <ul className="register-summary">
            {areas.map((area) => (
              <li key={area.area}>
                <strong>{area.area || 'Unnamed area'}</strong>: {whole.format(area.crimes)} crimes. NRDs in use cover {covered(area.coveredByExisting, area.crimes)}; with the
                proposed sites, {covered(area.coveredByEither, area.crimes)}. Hot spots covered: {area.hotSpotsCovered} of {area.hotSpots}.
              </li>
            ))}
          </ul>
          <p className="hint">Crime inside the coverage of at least one site, each crime counted once; {whole.format(areas.at(-1)!.coveredByBoth)} are covered by both an NRD in use and a proposed site.</p>
          {areas.at(-1)!.uncoveredHotSpots.length > 0 && (
            <details>
              <summary>Gaps: {areas.at(-1)!.uncoveredHotSpots.length} hot spots no site covers</summary>
              <ol className="figures__places">
                {areas.at(-1)!.uncoveredHotSpots.slice(0, 50).map((spot) => (
                  <li key={spot.id}>
                    <button type="button" className="link-button" onClick={() => onShowHotSpot(spot.easting, spot.northing)}>
                      {spot.id}
                    </button>{' '}
                    {whole.format(spot.crimes)} crimes
                  </li>
                ))}
              </ol>
            </details>
          )}
        </>
      )}
    </section>
  );
}
