import type { SiteFigures } from './site-figures.ts';

/** A crime type as a column name: "Violence and sexual offences" is crimes_violence_and_sexual_offences. */
export function crimeTypeColumn(type: string): string {
  return `crimes_${type.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
}

export type FigureRow = Record<string, string | number | null>;

/**
 * One flat row of figures per site, keyed by the site's own id, for CSV: the same numbers the site
 * panel shows. A figure whose layer was not given is empty (null), not 0.
 */
export function figureRows(entries: { siteId: string; reference: string; figures: SiteFigures }[]): { columns: string[]; rows: FigureRow[] } {
  const types = [...new Set(entries.flatMap(({ figures }) => figures.coverage?.byType.map((row) => row.type) ?? []))].sort();
  const fixed = [
    'site_id',
    'reference',
    'crimes_total',
    'crimes_share_of_layer',
    'hot_spots_touched',
    'hot_spots_total',
    'residents',
    'lsoas',
    'vehicles_per_day',
    'count_points',
    'sensitive_places',
    'sensitive_places_in_coverage',
    'nearest_existing_nrd',
    'nearest_existing_nrd_metres',
    'overlap_with_existing_share',
    'marginal_crimes',
  ];
  const rows = entries.map(({ siteId, reference, figures: { coverage, residents, transient, sensitive, fit } }) => {
    const row: FigureRow = {
      site_id: siteId,
      reference,
      crimes_total: coverage?.crimes ?? null,
      crimes_share_of_layer: coverage ? round(coverage.shareOfLayer, 6) : null,
      hot_spots_touched: coverage?.hotSpots.covered ?? null,
      hot_spots_total: coverage?.hotSpots.total ?? null,
      residents: residents ? round(residents.residents, 1) : null,
      lsoas: residents?.contributions.length ?? null,
      vehicles_per_day: transient?.vehiclesPerDay ?? null,
      count_points: transient?.countPoints.length ?? null,
      sensitive_places: sensitive?.length ?? null,
      sensitive_places_in_coverage: sensitive ? sensitive.filter((place) => place.insideCoverage).length : null,
      nearest_existing_nrd: fit?.nearestExisting?.reference ?? null,
      nearest_existing_nrd_metres: fit?.nearestExisting ? round(fit.nearestExisting.distanceMetres, 1) : null,
      overlap_with_existing_share: fit ? round(fit.overlapShare, 6) : null,
      marginal_crimes: fit?.marginalCrimes ?? null,
    };
    const byType = new Map(coverage?.byType.map((entry) => [entry.type, entry.crimes]));
    for (const type of types) row[crimeTypeColumn(type)] = coverage ? (byType.get(type) ?? 0) : null;
    return row;
  });
  return { columns: [...fixed, ...types.map(crimeTypeColumn)], rows };
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
