import type { FrozenFigures } from '../domain/procedure-record.ts';
import type { SiteEvidence } from '../procedure/site-evidence.ts';
import type { AreaFit } from './infrastructure-fit.ts';
import type { SiteFigures } from './site-figures.ts';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const percent = (share: number) => `${one.format(share * 100)}%`;

/** The figures a procedure record prefills from, in the plain shape src/procedure reads. */
export function siteEvidence({ coverage, residents, transient, sensitive, fit }: SiteFigures): SiteEvidence {
  return {
    crimes: coverage && {
      total: coverage.crimes,
      layerName: coverage.layerName,
      byType: coverage.byType.map(({ type, crimes }) => ({ type, crimes })),
      hotSpotsTouched: coverage.hotSpots.covered,
      hotSpotsTotal: coverage.hotSpots.total,
    },
    residents: residents && { residents: residents.residents, lsoas: residents.contributions.length, layerName: residents.layerName },
    transient: transient && { vehiclesPerDay: transient.vehiclesPerDay, countPoints: transient.countPoints.length, layerName: transient.layerName },
    sensitivePlaces:
      sensitive?.map((place) => ({ name: place.label, layerName: place.layerName, distanceMetres: place.distanceMetres, insideCoverage: place.insideCoverage })) ?? null,
    fit: fit && { nearestExisting: fit.nearestExisting, overlapShare: fit.overlapShare, marginalCrimes: fit.marginalCrimes },
  };
}

/**
 * A site's figures as they stand, written out as the site panel words them, for a record to keep: the
 * record must go on saying what the assessment saw after the layers or the site have changed.
 */
export function freezeSiteFigures(subject: string, { coverage, residents, transient, sensitive, fit }: SiteFigures, takenAt: string): FrozenFigures {
  const rows: FrozenFigures['rows'] = [];
  const layers = new Set<string>();
  if (coverage) {
    layers.add(coverage.layerName);
    rows.push({ label: 'Crimes in coverage', value: `${whole.format(coverage.crimes)} (${percent(coverage.shareOfLayer)} of ${whole.format(coverage.layerCrimes)})` });
    for (const { type, crimes } of coverage.byType) rows.push({ label: `  ${type}`, value: whole.format(crimes) });
    if (coverage.hotSpots.total > 0) rows.push({ label: 'Hot spots touched', value: `${coverage.hotSpots.covered} of ${coverage.hotSpots.total}` });
  }
  if (residents) {
    layers.add(residents.layerName);
    rows.push({ label: 'Residents in coverage (area-weighted)', value: `${whole.format(residents.residents)} from ${residents.contributions.length} LSOAs` });
  }
  if (transient) {
    layers.add(transient.layerName);
    rows.push({ label: 'Vehicles a day (AADF)', value: `${whole.format(transient.vehiclesPerDay)} at ${transient.countPoints.length} count points` });
  }
  if (sensitive) {
    for (const place of sensitive) layers.add(place.layerName);
    rows.push({ label: 'Sensitive places and CNI nearby', value: `${sensitive.length} (${sensitive.filter((place) => place.insideCoverage).length} in coverage)` });
  }
  if (fit) {
    rows.push({
      label: 'Nearest NRD in use',
      value: fit.nearestExisting ? `${fit.nearestExisting.reference}, ${whole.format(fit.nearestExisting.distanceMetres)} m` : 'none',
    });
    rows.push({ label: 'Coverage shared with NRDs in use', value: `${percent(fit.overlapShare)}${fit.overlapMethod === 'sampled' ? ' (sampled)' : ''}` });
    rows.push({ label: 'Crimes no NRD in use covers', value: whole.format(fit.marginalCrimes) });
  }
  return { takenAt, subject, rows, layers: [...layers].sort() };
}

/** The register's coverage of one area, for a strategic assessment's evidence. */
export function freezeAreaFit(fit: AreaFit, takenAt: string): FrozenFigures {
  const share = (crimes: number) => (fit.crimes > 0 ? ` (${percent(crimes / fit.crimes)})` : '');
  return {
    takenAt,
    subject: fit.area,
    rows: [
      { label: 'Crimes in the area', value: whole.format(fit.crimes) },
      { label: 'Covered by NRDs in use', value: `${whole.format(fit.coveredByExisting)}${share(fit.coveredByExisting)}` },
      { label: 'Covered by proposed sites', value: `${whole.format(fit.coveredByProposed)}${share(fit.coveredByProposed)}` },
      { label: 'Covered by either', value: `${whole.format(fit.coveredByEither)}${share(fit.coveredByEither)}` },
      { label: 'Hot spots covered', value: `${fit.hotSpotsCovered} of ${fit.hotSpots}` },
      ...fit.uncoveredHotSpots.slice(0, 10).map((spot, index) => ({ label: `Gap ${index + 1}`, value: `${whole.format(spot.crimes)} crimes at ${spot.id}` })),
    ],
    layers: [],
  };
}
